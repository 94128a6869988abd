package dev.cpbench.macro.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sustained} keeps listing for its duration: every list it starts reads the whole corpus, and no decrypt is
 * needed; fewer workers than endpoints (an endpoint with no lister) is refused before any work, naming the endpoint.
 */
class SustainedCommandTest {
    @Test
    void everyListReadsTheWholeCorpus(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "sustained",
                        "--target",
                        "embedded",
                        "--embedded-api-servers",
                        "2",
                        "--objects",
                        "300",
                        "--page-size",
                        "100",
                        "--workers",
                        "3",
                        "--duration",
                        "2s",
                        "--settle",
                        "0s",
                        "--out",
                        out.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper()
                .readTree(TestRuns.onlyRunDir(out).resolve("run.json").toFile());
        long lists = json.path("facts").path("lists").asLong();
        assertThat(lists).isGreaterThanOrEqualTo(3);
        assertThat(json.path("objectReads").asLong()).isEqualTo(lists * 300);
        assertThat(json.path("endpoints").get(0).path("pages").asLong())
                .isEqualTo(json.path("endpoints").get(0).path("completeLists").asLong() * 3);
        assertThat(json.path("deltas").path("figures").path("provider_decrypts").asLong())
                .as("warm caches: listing decrypts nothing")
                .isZero();
    }

    @Test
    void fewerWorkersThanEndpointsIsRefusedNamingTheEndpointLeftOut(@TempDir Path out) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = MacroCli.commandLine()
                    .execute(
                            "sustained",
                            "--target",
                            "embedded",
                            "--embedded-api-servers",
                            "3",
                            "--embedded-kms",
                            "in_process",
                            "--workers",
                            "2",
                            "--objects",
                            "100",
                            "--out",
                            out.resolve("runs").toString());
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--workers 2 leaves apiserver-2 with no lister: give at least 3");
        assertThat(Files.exists(out.resolve("runs")))
                .as("refused before any work")
                .isFalse();
    }
}
