package dev.cpbench.jmhresults;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One result of a JMH JSON file: a benchmark method at one mode, thread count and parameter point.
 *
 * @param benchmark the full name, {@code package.Class.method}
 * @param mode JMH's short label: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params the {@code @Param} values, sorted by name
 * @param secondary secondary metrics by name, e.g. {@code gc.alloc.rate.norm}
 */
public record JmhResult(
        String benchmark,
        String mode,
        int threads,
        Map<String, String> params,
        Metric primary,
        Map<String, Metric> secondary) {
    /** Allocation per operation, B/op, from {@code -prof gc}. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";
    /** The benchmark JVM's CPU time per operation (all its threads), ns/op, from micro's {@code ProcessCpuProfiler}. */
    public static final String CPU_NORM = "cpu.time.norm";

    public JmhResult {
        params = new TreeMap<>(params);
        secondary = Map.copyOf(secondary);
    }

    /** {@code Class.method}, without the package. */
    public String shortName() {
        return shortName(benchmark);
    }

    /** {@code Class.method} of {@code package.Class.method}. */
    public static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    /** The secondary metric of this name, if the run measured it. */
    public Optional<Metric> secondary(String name) {
        return Optional.ofNullable(secondary.get(name));
    }
}
