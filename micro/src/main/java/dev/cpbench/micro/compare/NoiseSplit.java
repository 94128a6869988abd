package dev.cpbench.micro.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a result's per-fork spread comes from, and so how a comparison's time is best spent. A fork's mean of k
 * iterations varies by σ_b² + σ_w²/k: σ_w² is the variance of single iterations within a fork (pooled over both
 * sides' forks: the machine from moment to moment), σ_b² the part more iterations cannot average away (each fork's
 * own level: its JIT decisions, its memory layout, a slow stretch of the host). Where σ_w dominates, longer forks
 * see more per minute; where σ_b does, more forks. The iterations per fork that minimise the variance of the mean
 * per second of machine time are the two-stage sampling optimum k* = √(c₁σ_w² / (c₂σ_b²)), c₁ a fork's fixed cost
 * (JVM start, warm-up, set-up) and c₂ one iteration's (W. G. Cochran, <i>Sampling Techniques</i>, 3rd ed., 1977,
 * §10.6).
 *
 * <p>On the project's AMD EPYC without AVX-512 the host's vector units wobble from one tenth of a second to the
 * next while scalar work does not ({@code scripts/NoiseProbe.java}): 12 forks of {@code EnvelopeBenchmark.decrypt}
 * with 8 one-second iterations had σ_w 11.5% and σ_b 2.9% of the mean, so k* ≈ 9 where the compare preset measures
 * 2; on the AVX-512 machine's calm days σ_w was 0.5-1.5% and σ_b 1-3%, where 2 is about right.
 *
 * @param iterations iterations per fork (every fork of both sides has this many)
 * @param withinPercent σ_w as % of the mean
 * @param betweenPercent σ_b as % of the mean (0 when the fork means vary no more than their iterations explain)
 * @param bestIterations k*, rounded, between 1 and {@value #MAX_ITERATIONS}; 0 when the costs are unknown
 * @param mdeRatio the MDE with k* iterations per fork over the MDE with {@code iterations}, in the same time
 *     (Student's t taken as equal); NaN when the costs are unknown
 */
record NoiseSplit(int iterations, double withinPercent, double betweenPercent, int bestIterations, double mdeRatio) {
    static final int MAX_ITERATIONS = 30;

    /**
     * The split of per-fork iteration scores (one list per fork); empty unless both sides have 2 or more forks, all
     * with the same number (2 or more) of iterations.
     *
     * @param forkSeconds a fork's machine time per result, NaN if unknown
     * @param iterationSeconds one measurement iteration's time, NaN if unknown
     */
    static Optional<NoiseSplit> of(
            List<List<Double>> baseline, List<List<Double>> candidate, double forkSeconds, double iterationSeconds) {
        if (baseline.size() < 2 || candidate.size() < 2) {
            return Optional.empty();
        }
        int k = baseline.get(0).size();
        List<List<Double>> all = new ArrayList<>(baseline);
        all.addAll(candidate);
        if (k < 2 || all.stream().anyMatch(f -> f.size() != k)) {
            return Optional.empty();
        }
        // every fork has k iterations, so the pooled within-fork variance is the mean of the forks' variances
        double within = all.stream()
                .mapToDouble(f -> Stats.variance(values(f)))
                .average()
                .orElseThrow();
        double[] b = forkMeans(baseline);
        double[] c = forkMeans(candidate);
        double forkMeanVariance =
                ((b.length - 1) * Stats.variance(b) + (c.length - 1) * Stats.variance(c)) / (all.size() - 2.0);
        double grand = (b.length * Stats.mean(b) + c.length * Stats.mean(c)) / all.size();
        double between = Math.max(0, forkMeanVariance - within / k);
        int best = 0;
        double ratio = Double.NaN;
        double fixedSeconds = forkSeconds - k * iterationSeconds;
        if (fixedSeconds > 0 && iterationSeconds > 0) {
            double optimum =
                    between == 0 ? MAX_ITERATIONS : Math.sqrt(fixedSeconds * within / (iterationSeconds * between));
            best = (int) Math.max(1, Math.min(MAX_ITERATIONS, Math.round(optimum)));
            ratio = Math.sqrt(varianceTime(between, within, best, fixedSeconds, iterationSeconds)
                    / varianceTime(between, within, k, fixedSeconds, iterationSeconds));
        }
        double mean = Math.abs(grand);
        return Optional.of(
                new NoiseSplit(k, 100 * Math.sqrt(within) / mean, 100 * Math.sqrt(between) / mean, best, ratio));
    }

    private static double[] forkMeans(List<List<Double>> forks) {
        return forks.stream().mapToDouble(f -> Stats.mean(values(f))).toArray();
    }

    private static double[] values(List<Double> fork) {
        return fork.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The variance of a fork's mean of k iterations times the fork's machine time: the mean's variance per second. */
    private static double varianceTime(double between, double within, int k, double fixed, double perIteration) {
        return (between + within / k) * (fixed + k * perIteration);
    }
}
