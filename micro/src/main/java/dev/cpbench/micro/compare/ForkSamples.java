package dev.cpbench.micro.compare;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.JmhResults;
import dev.cpbench.jmhresults.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-fork samples of JMH results: each fork's mean score (of its measurement iterations) and its allocation per
 * operation. Forks, not iterations, are the independent samples: each is a fresh JVM with its own JIT decisions and
 * memory layout, while iterations within a fork share them.
 */
final class ForkSamples {
    /**
     * @param unit JMH's {@code scoreUnit}
     * @param scores one per fork (or per iteration, see {@link #perIteration})
     * @param allocs {@code gc.alloc.rate.norm} per fork, B/op; empty without {@code -prof gc}
     * @param perIteration true when a single-fork stored result was split into its iterations (weaker evidence)
     * @param forkIterations each fork's iteration scores, for {@link NoiseSplit}; empty when split per iteration
     */
    record Samples(
            String unit,
            List<Double> scores,
            List<Double> allocs,
            boolean perIteration,
            List<List<Double>> forkIterations) {
        /** Samples without their iterations. */
        Samples(String unit, List<Double> scores, List<Double> allocs, boolean perIteration) {
            this(unit, scores, allocs, perIteration, List.of());
        }

        Samples plus(Samples more) {
            List<Double> s = new ArrayList<>(scores);
            s.addAll(more.scores);
            List<Double> a = new ArrayList<>(allocs);
            a.addAll(more.allocs);
            List<List<Double>> f = new ArrayList<>(forkIterations);
            f.addAll(more.forkIterations);
            return new Samples(unit, s, a, perIteration || more.perIteration, f);
        }

        double[] scoreArray() {
            return scores.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private ForkSamples() {}

    /**
     * Reads a JMH JSON file. With {@code splitSingleFork}, a result with one fork gives one sample per iteration
     * (for a stored baseline that had only one fork); otherwise one sample per fork.
     */
    static Map<ResultKey, Samples> read(Path jmhJson, boolean splitSingleFork) {
        Map<ResultKey, Samples> samples = new LinkedHashMap<>();
        for (JmhResult r : JmhResults.read(jmhJson)) {
            List<List<Double>> forks = r.primary().forks();
            boolean split = splitSingleFork && forks.size() == 1;
            List<Double> scores = split ? forks.get(0) : r.primary().forkMeans();
            List<Double> allocs =
                    r.secondary(JmhResult.ALLOC_NORM).map(Metric::forkMeans).orElse(List.of());
            samples.merge(
                    ResultKey.of(r),
                    new Samples(r.primary().unit(), scores, allocs, split, split ? List.of() : forks),
                    Samples::plus);
        }
        return samples;
    }
}
