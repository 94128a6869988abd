package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A successful run against a cluster, in a process of its own as {@code macro.sh} runs it, prints nothing after its
 * "OK: .../summary.md" line: no Netty "event executor terminated" trace from an HTTP client whose close listener
 * was notified after its event loop had shut down.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CleanExitTest {
    @TempDir
    Path dir;

    @Test
    void aSuccessfulRunPrintsNothingAfterItsOkLine() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(ClusterOptions.builder().apiServers(2).build())) {
            Path kubeconfig = TestKubeconfig.write(dir, cluster.apiServers().get(0).url());
            String endpoints = cluster.apiServers().stream().map(s -> s.url().toString()).collect(Collectors.joining(","));
            Path stderr = dir.resolve("run.err");
            Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MacroCli.class.getName(), "sustained",
                    "--kubeconfig", kubeconfig.toString(), "--api-endpoints", endpoints, "--objects", "200", "--page-size", "50",
                    "--workers", "4", "--duration", "2s", "--settle", "0s", "--out", dir.resolve("runs").toString())
                    .redirectOutput(dir.resolve("run.out").toFile()).redirectError(stderr.toFile()).start();

            assertThat(run.waitFor(4, TimeUnit.MINUTES)).isTrue();
            String err = Files.readString(stderr);
            assertThat(run.exitValue()).as(err).isZero();
            List<String> lines = err.lines().toList();
            int ok = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("OK: ") && lines.get(i).endsWith("summary.md"))
                    .findFirst().orElse(-1);
            assertThat(ok).as(err).isNotNegative();
            assertThat(lines.subList(ok + 1, lines.size())).as(err).isEmpty();
        }
    }
}
