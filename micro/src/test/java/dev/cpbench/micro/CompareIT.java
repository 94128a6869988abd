package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jmh.sh --compare HEAD} end to end, as a developer runs it from a clone: the baseline is built at HEAD in
 * a temporary git worktree (an empty cache forces the build), both sides run interleaved, and a verdict, compare.json
 * and compare.md come out. Then {@code --against} with {@code --candidate-result} judges two of those stored forks
 * without running anything. Tiny forks: this proves the plumbing; scripts/prove-compare.sh proves the statistics.
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES) // its scripts' own limits, and a margin
class CompareIT {
    private static final List<String> ONE_RESULT = List.of(
            "-wi",
            "0",
            "-i",
            "2",
            "-r",
            "100ms",
            "EnvelopeBenchmark.decrypt$",
            "-p",
            "payloadBytes=1024",
            "-p",
            "cipher=ACCP");

    @Test
    void compareBuildsTheBaselineAtARefRunsBothSidesAndJudges(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("compare");
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "jmh.sh",
                "--no-build",
                "--compare",
                "HEAD",
                "-f",
                "2",
                "--max-forks",
                "2",
                "--out",
                out.toString()));
        command.addAll(ONE_RESULT);

        ScriptRun.Result run = ScriptRun.run(
                command, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString(), "TMPDIR", tmp.toString()), 15);

        assertThat(run.exit())
                .as("exit code (0 no regression, 1 regression, 3 inconclusive); output:%n%s", run.tail())
                .isIn(0, 1, 3);
        assertThat(run.tail())
                .contains(
                        "building the baseline at HEAD", "Evidence: 2 forks per side, interleaved", "compare: look 1:");
        JsonNode report =
                new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        assertThat(report.path("results")).hasSize(1);
        JsonNode result = report.path("results").get(0);
        assertThat(result.path("key").path("benchmark").asText()).endsWith("EnvelopeBenchmark.decrypt");
        assertThat(result.path("baseline")).hasSize(2);
        assertThat(result.path("candidate")).hasSize(2);
        assertThat(result.path("verdict").asText()).isIn("regression", "improvement", "no change", "inconclusive");
        assertThat(result.path("mde80Percent").isNumber()).isTrue();
        assertThat(report.path("looks")).hasSize(1);
        assertThat(report.path("baseline").asText()).startsWith("HEAD (");
        assertThat(Files.readString(out.resolve("compare.md"))).contains("| EnvelopeBenchmark.decrypt avgt");
        assertThat(tmp.resolve("cache/cpbench")).isDirectoryContaining("glob:**/benchmarks-*.jar");

        Path screen = tmp.resolve("screen");
        ScriptRun.Result stored = ScriptRun.run(
                List.of(
                        "bash",
                        "jmh.sh",
                        "--no-build",
                        "--against",
                        out.resolve("logs/01-baseline.json").toString(),
                        "--candidate-result",
                        out.resolve("logs/02-candidate.json").toString(),
                        "--out",
                        screen.toString()),
                Map.of(),
                5);

        assertThat(stored.exit()).as("output:%n%s", stored.tail()).isIn(0, 1, 3);
        assertThat(stored.tail()).contains("SCREEN ONLY");
        assertThat(Files.readString(screen.resolve("compare.md"))).contains("EnvelopeBenchmark.decrypt");
    }

    /** The forks take the JMH lock of the comparison's TMPDIR, as a run does: one held there stops the first fork. */
    @SuppressWarnings("try") // a lock held by try-with-resources, never referenced
    @Test
    void theForksTakeTheLockOfTheirTmpdir(@TempDir Path tmp) throws Exception {
        try (FileChannel channel =
                        FileChannel.open(tmp.resolve("jmh.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            List<String> command = new ArrayList<>(List.of(
                    "bash",
                    "jmh.sh",
                    "--no-build",
                    "--compare",
                    "--baseline-jar",
                    "micro/target/benchmarks.jar",
                    "-f",
                    "2",
                    "--max-forks",
                    "2",
                    "--out",
                    tmp.resolve("compare").toString()));
            command.addAll(ONE_RESULT);

            ScriptRun.Result run = ScriptRun.run(command, Map.of("TMPDIR", tmp.toString()), 5);

            assertThat(run.exit()).as("output:%n%s", run.tail()).isEqualTo(2);
            assertThat(run.tail())
                    .contains(
                            "Unable to acquire the JMH lock (" + tmp.resolve("jmh.lock") + ")",
                            "compare: the baseline fork failed (exit 1)")
                    .doesNotContain("at dev.cpbench.micro.compare");
        }
    }
}
