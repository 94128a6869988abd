package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every benchmark the correlation reads (each {@link HotPath}'s and the KMS curves') is a {@code @Benchmark} method of
 * the micro module, so renaming a benchmark cannot silently leave a hot path without a cost ("missing" in every
 * report). Read from micro's sources, which every checkout has, not from a built jar.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HotPathBenchmarksTest {
    private static final Path MICRO_SOURCES = Path.of("..", "micro", "src", "main", "java");
    /** A {@code @Benchmark} annotation, any other annotations, then a public method's name. */
    private static final Pattern BENCHMARK_METHOD = Pattern.compile(
            "@Benchmark\\b(?:\\s*@\\w+(?:\\([^)]*\\))?)*\\s*public\\s+[\\w<>\\[\\], ]+?\\s+(\\w+)\\s*\\(");

    @Test
    void everyBenchmarkTheCorrelationReadsExists() {
        Set<String> compiled = benchmarkMethods();
        assertThat(compiled)
                .as("benchmarks found in %s", MICRO_SOURCES.toAbsolutePath())
                .contains("EnvelopeBenchmark.decrypt");
        List<String> read = new ArrayList<>(KmsCurves.BENCHMARKS);
        for (HotPath path : HotPath.values()) {
            assertThat(path.benchmarks).as(path.id).isNotEmpty();
            read.addAll(path.benchmarks);
        }
        assertThat(compiled).containsAll(read);
    }

    /** Class.method of every {@code @Benchmark} under micro's sources. */
    private static Set<String> benchmarkMethods() {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(MICRO_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String className = file.getFileName().toString().replace(".java", "");
                Matcher m = BENCHMARK_METHOD.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(className + "." + m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
