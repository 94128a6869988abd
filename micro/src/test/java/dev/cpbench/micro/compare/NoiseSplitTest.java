package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The split of per-fork spread into iterations and fork levels, on synthetic forks drawn with a known split, and the
 * iterations per fork it advises: the EPYC without AVX-512 (iterations 11.5%, fork levels 2.9% of ~1,600 ns/op, a
 * fork's fixed cost ~5.3 s against 1 s an iteration) wants about 9 where the compare preset measures 2; the calm
 * AVX-512 machine (iterations ~1%, fork levels ~3%) wants no more than 2.
 */
@Timeout(60)
class NoiseSplitTest {
    private static final double FIXED_SECONDS = 5.3;

    @Test
    void noiseFromMomentToMomentAdvisesLongerForks() {
        NoiseSplit n = split(1, 11.5, 2.9, 2);

        assertThat(n.iterations()).isEqualTo(2);
        assertThat(n.withinPercent()).isCloseTo(11.5, within(1.0));
        assertThat(n.betweenPercent()).isCloseTo(2.9, within(1.5));
        assertThat(n.bestIterations()).isBetween(5, 16);
        assertThat(n.mdeRatio()).isLessThan(0.85);
    }

    @Test
    void forksAtTheirOwnLevelsAdviseNoLongerForks() {
        NoiseSplit n = split(2, 1.0, 3.0, 2);

        assertThat(n.withinPercent()).isCloseTo(1.0, within(0.2));
        assertThat(n.betweenPercent()).isCloseTo(3.0, within(0.6));
        assertThat(n.bestIterations()).isLessThanOrEqualTo(2);
        assertThat(n.mdeRatio()).isGreaterThan(0.9);
    }

    @Test
    void withoutTheCostsOnlyTheSplit() {
        List<List<Double>> forks = forks(new Random(3), 20, 8, 1600, 11.5, 2.9);

        NoiseSplit n = NoiseSplit.of(forks.subList(0, 10), forks.subList(10, 20), Double.NaN, 1)
                .orElseThrow();

        assertThat(n.withinPercent()).isPositive();
        assertThat(n.bestIterations()).isZero();
        assertThat(n.mdeRatio()).isNaN();
    }

    @Test
    void needsTwoForksASideAndTwoIterationsInEveryFork() {
        List<List<Double>> two = List.of(List.of(1.0, 2.0), List.of(1.5, 2.5));

        assertThat(NoiseSplit.of(two.subList(0, 1), two, 10, 1)).isEmpty();
        assertThat(NoiseSplit.of(List.of(List.of(1.0), List.of(2.0)), List.of(List.of(1.0), List.of(2.0)), 10, 1))
                .isEmpty();
        assertThat(NoiseSplit.of(two, List.of(List.of(1.0, 2.0), List.of(1.0, 2.0, 3.0)), 10, 1))
                .isEmpty();
        assertThat(NoiseSplit.of(two, two, 10, 1)).isPresent();
    }

    @Test
    void theIterationTimeIsTheLastDashR() {
        assertThat(SequentialCompare.iterationSeconds(List.of("-i", "2", "-r", "1s")))
                .isEqualTo(1.0);
        assertThat(SequentialCompare.iterationSeconds(List.of("-r", "1s", "-r", "500ms")))
                .isEqualTo(0.5);
        assertThat(SequentialCompare.iterationSeconds(List.of("-i", "2"))).isNaN();
        assertThat(SequentialCompare.iterationSeconds(List.of("-r"))).isNaN();
        assertThat(SequentialCompare.iterationSeconds(List.of("-r", "soon"))).isNaN();
    }

    @Test
    void aComparisonCarriesItsSplit() {
        List<List<Double>> forks = forks(new Random(4), 40, 2, 1600, 11.5, 2.9);
        var baseline = samples(forks.subList(0, 20));
        var candidate = samples(forks.subList(20, 40));
        ResultKey key = new ResultKey("a.B.c", "avgt", 1, Map.of());

        Comparison c = Comparison.of(key, baseline, candidate, 2, 0.01, FIXED_SECONDS + 2, 1);

        assertThat(c.noise()).isNotNull();
        assertThat(c.noise().iterations()).isEqualTo(2);
        assertThat(Comparison.of(key, baseline, candidate, 2, 0.01).noise().bestIterations())
                .isZero();
    }

    /** 1,000 forks a side of {@code iterations} iterations with that split, costed as on the project's machine. */
    private static NoiseSplit split(long seed, double withinPercent, double betweenPercent, int iterations) {
        List<List<Double>> forks = forks(new Random(seed), 2000, iterations, 1600, withinPercent, betweenPercent);
        return NoiseSplit.of(forks.subList(0, 1000), forks.subList(1000, 2000), FIXED_SECONDS + iterations, 1)
                .orElseThrow();
    }

    private static List<List<Double>> forks(
            Random random, int count, int iterations, double mean, double withinPercent, double betweenPercent) {
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            double level = mean * (1 + betweenPercent / 100 * random.nextGaussian());
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                fork.add(level + mean * withinPercent / 100 * random.nextGaussian());
            }
            forks.add(fork);
        }
        return forks;
    }

    private static ForkSamples.Samples samples(List<List<Double>> forks) {
        List<Double> means = forks.stream()
                .map(f -> f.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .toList();
        return new ForkSamples.Samples("ns/op", means, List.of(), false, forks);
    }
}
