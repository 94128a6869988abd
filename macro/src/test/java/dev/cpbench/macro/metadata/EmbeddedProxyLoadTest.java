package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code metadata-load} with no --url: the proxy and its mock in a child JVM ({@code MacroCli metadata-proxy}),
 * measured with the child's peak RSS and heap; and {@code metadata-proxy}'s own option checks.
 */
class EmbeddedProxyLoadTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void measuresTheEmbeddedProxyInAMemoryCappedChildJvm(@TempDir Path runs) throws IOException {
        int exit = new CommandLine(new MetadataLoadCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute("-n", "2000", "-c", "10", "--out", runs.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "Target:                 embedded proxy + mock in a child JVM (-Xmx64m)",
                        "Complete requests:      2000",
                        "Failed requests:        0",
                        "MiB (VmHWM)",
                        "Proxy JVM heap:         peak heap used ");
        JsonNode target;
        try (Stream<Path> dirs = Files.list(runs)) {
            target = new ObjectMapper()
                    .readTree(dirs.findFirst().orElseThrow().resolve("run.json").toFile())
                    .get("target");
        }
        assertThat(target.get("embedded").asBoolean()).isTrue();
        assertThat(target.get("proxyHeapCap").asText()).isEqualTo("64m");
        assertThat(target.get("proxyPeakRssBytes").asLong()).isGreaterThan(10L << 20);
        assertThat(target.get("proxyPeakHeapUsedMib").asDouble()).isPositive();
        assertThat(target.get("proxyHeapMaxMib").asDouble()).isEqualTo(64.0);
    }

    @Test
    void upstreamLatencyIsForTheEmbeddedMockOnly() {
        int exit = new CommandLine(new MetadataProxyCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute("--upstream", "http://127.0.0.1:1", "--upstream-latency", "5ms");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--upstream-latency applies to the embedded mock, not to --upstream");
    }
}
