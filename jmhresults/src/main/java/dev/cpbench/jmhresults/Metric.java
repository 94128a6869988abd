package dev.cpbench.jmhresults;

import java.util.List;
import java.util.Map;

/**
 * One metric of a JMH result, primary or secondary.
 *
 * @param score JMH's score
 * @param error JMH's 99.9% error half-width; NaN when JMH could not estimate it (it writes "NaN" for two
 *     measurements or fewer): "unknown", never zero
 * @param unit JMH's {@code scoreUnit}, e.g. {@code ns/op}, {@code ops/ms}, {@code B/op}
 * @param percentiles {@code scorePercentiles} by percentile ({@code "50.0"}, {@code "99.0"}); empty when absent
 * @param forks {@code rawData}: one list per fork of its measurement iterations' values; empty when absent
 */
public record Metric(
        double score, double error, String unit, Map<String, Double> percentiles, List<List<Double>> forks) {
    public Metric {
        percentiles = Map.copyOf(percentiles);
        forks = forks.stream().map(List::copyOf).toList();
    }

    /** Whether JMH estimated the error. */
    public boolean errorKnown() {
        return !Double.isNaN(error);
    }

    /** Each fork's mean of its iterations: forks, not iterations, are independent samples (each a fresh JVM). */
    public List<Double> forkMeans() {
        return forks.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toList();
    }

    /** Time or bytes per operation: lower is better; operations per time: higher is. */
    public boolean lowerIsBetter() {
        return lowerIsBetter(unit);
    }

    /** Whether a smaller score is better in JMH's {@code unit}: all but operations per time ({@code ops/ms}, ...). */
    public static boolean lowerIsBetter(String unit) {
        return !unit.startsWith("ops/");
    }
}
