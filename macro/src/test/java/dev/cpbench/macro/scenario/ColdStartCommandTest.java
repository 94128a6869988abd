package dev.cpbench.macro.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cold-start --tier ci} on the embedded stand-in, as a new user runs it: every endpoint reads the
 * whole corpus, the provider and Transit see one decrypt per distinct DEK source per API server (not one per
 * object; the restarted API servers count from zero, so their delta is the later value, not a difference of two
 * processes), and every output file is written and says the figures come from the stand-in.
 */
public class ColdStartCommandTest {
    @Test
    void coldStartOnTheEmbeddedTargetWritesTheEvidence(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--target",
                        "embedded",
                        "--tier",
                        "ci",
                        "--out",
                        out.toString(),
                        "--settle",
                        "0s");

        assertThat(exit).isZero();
        Path run = TestRuns.onlyRunDir(out);
        assertThat(run.getFileName().toString()).startsWith("cold-start-500-");
        for (String file : List.of(
                "summary.md",
                "run.json",
                "phases.csv",
                "latency.csv",
                "samples.csv",
                "list.hlog",
                "list-page.hlog",
                "scrapes/01-baseline/apiserver-0.prom",
                "scrapes/02-post/transit.prom")) {
            assertThat(run.resolve(file)).isNotEmptyFile();
        }
        JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(json.path("status").asText()).isEqualTo("OK");
        assertThat(json.path("embedded").asBoolean()).isTrue();
        assertThat(json.path("harness").path("jvmFlags").isArray())
                .as("the harness JVM's -X flags (a compiler or heap setting)")
                .isTrue();
        assertThat(json.path("harness").path("jvmFlags"))
                .noneMatch(a -> a.asText().startsWith("-D"));
        assertThat(json.path("objectReads").asLong()).isEqualTo(500L * 3);
        assertThat(json.path("expectedObjectReads").asLong()).isEqualTo(500L * 3);
        assertThat(json.path("errors").asLong()).isZero();

        long sources = json.path("facts").path("distinctDekSources").asLong();
        assertThat(sources)
                .as("8 seed writers over 3 API servers: one DEK source each")
                .isEqualTo(3);
        JsonNode deltas = json.path("deltas").path("figures");
        assertThat(deltas.path("provider_decrypts").asLong()).isEqualTo(sources * 3);
        assertThat(deltas.path("apiserver_kms_decrypts").asLong()).isEqualTo(sources * 3);
        assertThat(deltas.path("transit_decrypt_requests").asLong())
                .as("direct mode: one Transit request per Decrypt")
                .isEqualTo(sources * 3);
        assertThat(deltas.path("from_storage_transforms").asLong())
                .as("each restarted cache decrypts every object")
                .isEqualTo(500L * 3);
        assertThat(deltas.path("watch_cache_init_events").asLong())
                .as("each restarted cache loads every Secret")
                .isEqualTo(500L * 3);
        assertThat(deltas.path("from_storage_seconds").asDouble())
                .as("the servers' own time in those transformations")
                .isPositive();
        long pages = 0;
        for (JsonNode endpoint : json.path("endpoints")) {
            pages += endpoint.path("pages").asLong();
        }
        assertThat(deltas.path("list_responses").asLong())
                .as("the servers' response-size histogram counts every page served")
                .isEqualTo(pages);
        assertThat(deltas.path("list_response_bytes").asLong())
                .as("the bytes on the wire")
                .isPositive();
        // the stand-in's restart is a new process: counters from zero, a later start time; the delta is the later value
        JsonNode samples = json.path("samples");
        assertThat(samples.get(0).path("totals").path("apiserver_kms_decrypts").asLong())
                .as("the old processes decrypted the others' DEK sources: subtracting them would undercount")
                .isPositive();
        assertThat(samples.get(1).path("totals").path("apiserver_kms_decrypts").asLong())
                .isEqualTo(sources * 3);
        for (int i = 0; i < 3; i++) {
            assertThat(samples.get(1)
                            .path("sources")
                            .get(i)
                            .path("startTimeSeconds")
                            .asDouble())
                    .isGreaterThan(samples.get(0)
                            .path("sources")
                            .get(i)
                            .path("startTimeSeconds")
                            .asDouble());
        }
        assertThat(json.path("deltas").path("notes"))
                .hasSize(3)
                .allMatch(n -> n.asText().contains(" restarted between samples (start time "));

        JsonNode options = json.path("options");
        assertThat(options.path("tier").asText()).isEqualTo("ci");
        assertThat(options.path("page-size").asInt()).isEqualTo(500);
        assertThat(options.path("seed-workers").asInt()).isEqualTo(8);
        assertThat(options.has("kubeconfig")).isTrue();

        String summary = Files.readString(run.resolve("summary.md"));
        assertThat(summary)
                .contains("Figures from the embedded stand-in, not a real cluster")
                .contains("| 1,500 / 1,500 | 0 |")
                .contains("| OK |");
        assertThat(Files.readAllLines(run.resolve("phases.csv")))
                .extracting(l -> l.split(",")[0])
                .containsSubsequence("phase", "seed", "baseline-sample", "restart", "ready", "list", "post-sample");
        assertThat(Files.readAllLines(run.resolve("latency.csv"))).anyMatch(l -> l.startsWith("list,all,3,"));
    }

    @Test
    void theEmbeddedListEncoderIsSelectable(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--target",
                        "embedded",
                        "--embedded-api-servers",
                        "1",
                        "--embedded-list-encoder",
                        "cached-bytes",
                        "--embedded-kms",
                        "in_process",
                        "--objects",
                        "300",
                        "--out",
                        out.toString(),
                        "--settle",
                        "0s");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper()
                .readTree(TestRuns.onlyRunDir(out).resolve("run.json").toFile());
        assertThat(json.path("target").path("listEncoder").asText()).isEqualTo("cached-bytes");
        assertThat(json.path("options").path("embedded-list-encoder").asText()).isEqualTo("cached-bytes");
        assertThat(json.path("objectReads").asLong()).isEqualTo(300);
        assertThat(json.path("deltas")
                        .path("figures")
                        .path("apiserver_kms_decrypts")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void theNamespacesScopeListsNamespaceByNamespace(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--target",
                        "embedded",
                        "--embedded-api-servers",
                        "2",
                        "--embedded-kms",
                        "in_process",
                        "--objects",
                        "300",
                        "--namespaces",
                        "3",
                        "--page-size",
                        "40",
                        "--corpus-scope",
                        "namespaces",
                        "--out",
                        out.toString(),
                        "--settle",
                        "0s");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper()
                .readTree(TestRuns.onlyRunDir(out).resolve("run.json").toFile());
        assertThat(json.path("objectReads").asLong()).isEqualTo(600);
        JsonNode endpoint = json.path("endpoints").get(0);
        assertThat(endpoint.path("completeLists").asLong()).isEqualTo(1);
        assertThat(endpoint.path("pages").asLong())
                .as("3 namespaces of 100 Secrets, 3 pages of 40 each")
                .isEqualTo(9);
    }
}
