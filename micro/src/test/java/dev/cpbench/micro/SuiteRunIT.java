package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.JmhResults;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One failing benchmark loses no other result: {@code ./jmh.sh} writes the JSON of every benchmark that finished
 * (and no file when none did, never an empty or partial one), lists the failed one with its reason and exits 1;
 * JMH's lock held by another run is one line and exit 2. The failure is real: {@code payloadBytes=-1} makes
 * {@code EnvelopeBenchmark.setUp} throw, while {@code MetadataBenchmark.filter} has no such parameter and runs.
 * Each run has its own temp dir, so its own JMH lock. Needs benchmarks.jar: runs in {@code mvn verify}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@SuppressWarnings("try") // a lock held by try-with-resources, never referenced
class SuiteRunIT {
    private static final long TIMEOUT_MINUTES = 5;
    private static final List<String> FAILING_SETUP = List.of("-p", "payloadBytes=-1", "-p", "cipher=JDK");

    @Test
    void aBenchmarkFailingInSetupLosesNoOtherResult(@TempDir Path results, @TempDir Path tmp) throws Exception {
        ScriptRun.Result run =
                jmh(results, tmp, "EnvelopeBenchmark.decrypt$|MetadataBenchmark.filter", "-p", "request=ALLOWED");

        assertThat(run.exit()).as("exit code; output:%n%s", run.tail()).isEqualTo(1);
        assertThat(run.tail().lines())
                .anyMatch(line -> line.startsWith("EnvelopeBenchmark.decrypt ")
                        && line.contains("FAILED")
                        && line.endsWith("java.lang.NegativeArraySizeException: -1"));
        List<Path> files = files(results);
        assertThat(files).singleElement().satisfies(json -> {
            assertThat(json.getFileName().toString()).endsWith("-smoke.json");
            List<String> benchmarks = new ArrayList<>();
            for (JmhResult r : JmhResults.read(json)) {
                benchmarks.add(r.benchmark());
                assertThat(r.primary().score()).isNotNaN();
            }
            assertThat(benchmarks).containsExactly("dev.cpbench.micro.metadata.MetadataBenchmark.filter");
        });
    }

    @Test
    void aRunWithNoResultLeavesNoFile(@TempDir Path results, @TempDir Path tmp) throws Exception {
        ScriptRun.Result run = jmh(results, tmp, "EnvelopeBenchmark.decrypt$");

        assertThat(run.exit()).as("exit code; output:%n%s", run.tail()).isEqualTo(1);
        assertThat(run.tail()).contains("no benchmark gave a result; no result file written");
        assertThat(files(results)).isEmpty();
    }

    @Test
    void aLockHeldByAnotherRunIsOneLineAndExitTwo(@TempDir Path results, @TempDir Path tmp) throws Exception {
        try (FileChannel channel =
                        FileChannel.open(tmp.resolve("jmh.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            ScriptRun.Result run = jmh(results, tmp, "MetadataBenchmark.filter", "-p", "request=ALLOWED");

            assertThat(run.exit()).as("exit code; output:%n%s", run.tail()).isEqualTo(2);
            assertThat(run.tail().lines().filter(line -> line.startsWith("jmh.sh: ")))
                    .singleElement()
                    .asString()
                    .contains("another JMH run holds " + tmp.resolve("jmh.lock"), "TMPDIR=");
            assertThat(run.tail()).doesNotContain("Exception", "\tat ");
            assertThat(files(results)).isEmpty();
        }
    }

    private static ScriptRun.Result jmh(Path results, Path tmp, String regex, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "jmh.sh",
                "--smoke",
                "--no-build",
                "--results-dir",
                results.toString(),
                "--jvm",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                regex));
        command.addAll(FAILING_SETUP);
        command.addAll(List.of(more));
        return ScriptRun.run(command, Map.of("TMPDIR", tmp.toString()), TIMEOUT_MINUTES);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
