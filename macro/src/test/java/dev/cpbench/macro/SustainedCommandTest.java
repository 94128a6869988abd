package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sustained} keeps listing for its duration: every list it starts reads the whole corpus, and no decrypt is needed. */
class SustainedCommandTest {
    @Test
    void everyListReadsTheWholeCorpus(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine().execute("sustained", "--target", "embedded", "--embedded-api-servers", "2",
                "--objects", "300", "--page-size", "100", "--workers", "3", "--duration", "2s", "--settle", "0s",
                "--out", out.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(ColdStartCommandTest.onlyRunDir(out).resolve("run.json").toFile());
        long lists = json.path("facts").path("lists").asLong();
        assertThat(lists).isGreaterThanOrEqualTo(3);
        assertThat(json.path("objectReads").asLong()).isEqualTo(lists * 300);
        assertThat(json.path("endpoints").get(0).path("pages").asLong())
                .isEqualTo(json.path("endpoints").get(0).path("completeLists").asLong() * 3);
        assertThat(json.path("deltas").path("figures").path("provider_decrypts").asLong())
                .as("warm caches: listing decrypts nothing").isZero();
    }
}
