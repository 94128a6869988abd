package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.jmhresults.JmhResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every JMH benchmark in benchmarks.jar runs through {@code ./jmh.sh --smoke}, every value of each of its
 * parameters once, and writes a result, with the CPU per operation that every preset measures
 * ({@link ProcessCpuProfiler}).
 *
 * <p>Runs in {@code mvn verify} (failsafe), after the shaded {@code micro/target/benchmarks.jar} is
 * packaged, so a broken benchmark fails CI rather than the nightly run. Speed is not asserted.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES) // its script's own limit, and a margin
class BenchmarkSmokeIT {

    /**
     * Generous: 46 forks, each a fresh JVM, the largest corpora among them; 5 minutes on a quiet 2-core machine,
     * about twice that beside {@code stress-ng --cpu 2}.
     */
    private static final long TIMEOUT_MINUTES = 25;

    @Test
    void everyBenchmarkRunsOnceAndWritesAResult(@TempDir Path resultsDir, @TempDir Path tmp) throws Exception {
        Set<String> expected = compiledBenchmarks();
        assertThat(expected).as("benchmarks in META-INF/BenchmarkList").isNotEmpty();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        List<String> command = List.of(
                "bash", "jmh.sh", "--smoke", "--no-build", "--results-dir", resultsDir.toString(), "--jvm", java);
        // a JMH lock of its own: a benchmark run elsewhere on this machine does not make the smoke run fail
        ScriptRun.Result run = ScriptRun.run(command, Map.of("TMPDIR", tmp.toString()), TIMEOUT_MINUTES);
        if (run.exit() != 0) {
            fail("%s exited with %d; output tail:%n%s", String.join(" ", command), run.exit(), run.tail());
        }

        List<Path> jsonFiles;
        try (Stream<Path> files = Files.list(resultsDir)) {
            jsonFiles = files.filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList());
        }
        assertThat(jsonFiles).as("JSON files written to %s", resultsDir).hasSize(1);
        Path json = jsonFiles.get(0);
        assertThat(json.getFileName().toString()).endsWith("-smoke.json");

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results.isArray()).as("%s is a JSON array", json).isTrue();
        // cpu.time.norm has a physical bound, not a speed: the JVM cannot spend more CPU than its cores give in the
        // operation's time, with room for the profiler's window around JMH's timed one (on 2 cores the smoke's
        // figures reached 3.8 x the wall time per operation; those that held the fork's setup, up to 400 x)
        int cores = Runtime.getRuntime().availableProcessors();
        Set<String> scored = new TreeSet<>();
        Set<String> withoutCpu = new TreeSet<>();
        Set<String> impossibleCpu = new TreeSet<>();
        Set<String> ran = new TreeSet<>();
        for (JsonNode result : results) {
            String benchmark = result.path("benchmark").asText();
            if (result.path("primaryMetric").path("score").isNumber()) {
                scored.add(benchmark);
            }
            double cpu = result.path("secondaryMetrics")
                    .path(JmhResult.CPU_NORM)
                    .path("score")
                    .asDouble();
            if (!(cpu > 0)) {
                withoutCpu.add(benchmark + " " + result.path("params"));
            }
            double wall = wallNanosPerOp(result);
            if (cpu > 4 * cores * wall) {
                impossibleCpu.add(String.format(
                        Locale.US,
                        "%s %s: %.0f ns/op of CPU in %.0f ns/op",
                        benchmark,
                        result.path("params"),
                        cpu,
                        wall));
            }
            for (Map.Entry<String, JsonNode> p : result.path("params").properties()) {
                ran.add(value(benchmark, p.getKey(), p.getValue().asText()));
            }
        }
        assertThat(withoutCpu)
                .as("results without a positive %s (every preset adds ProcessCpuProfiler)", JmhResult.CPU_NORM)
                .isEmpty();
        assertThat(impossibleCpu)
                .as("%s above 4 x %d cores x the wall time per operation", JmhResult.CPU_NORM, cores)
                .isEmpty();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(scored);
        assertThat(missing)
                .as("benchmarks without a primaryMetric score in %s (scored: %s)", json, scored)
                .isEmpty();
        assertThat(ran).as("every declared value of every parameter ran").containsAll(declaredValues());
    }

    /**
     * The JVM's wall-clock time per operation: average time is each thread's time per operation, throughput the
     * operations of all threads per time.
     */
    private static double wallNanosPerOp(JsonNode result) {
        String unit = result.path("primaryMetric").path("scoreUnit").asText();
        double score = result.path("primaryMetric").path("score").asDouble();
        if (unit.endsWith("/op")) {
            return score
                    * nanos(unit.substring(0, unit.indexOf('/')))
                    / result.path("threads").asInt();
        }
        if (unit.startsWith("ops/")) {
            return nanos(unit.substring(4)) / score;
        }
        throw new AssertionError("a score unit that is neither time/op nor ops/time: " + unit);
    }

    private static double nanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new AssertionError("unknown time unit " + unit);
        };
    }

    /** {@code benchmark name=value} for every value each benchmark declares for each of its parameters. */
    private static Set<String> declaredValues() {
        Set<String> values = new TreeSet<>();
        for (BenchmarkListEntry e : entries()) {
            e.getParams().orElse(Map.of()).forEach((name, declared) -> {
                for (String v : declared) {
                    values.add(value(e.getUsername(), name, v));
                }
            });
        }
        return values;
    }

    private static String value(String benchmark, String param, String value) {
        return benchmark + " " + param + "=" + value;
    }

    private static List<BenchmarkListEntry> entries() {
        return List.copyOf(BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()));
    }

    /** Benchmark names ({@code pkg.Class.method}, or the group name) as JMH's JSON reports them. */
    private static Set<String> compiledBenchmarks() {
        return entries().stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
    }
}
