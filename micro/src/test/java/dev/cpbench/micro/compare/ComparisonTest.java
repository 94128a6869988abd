package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on synthetic per-fork samples with the noise seen here (EnvelopeBenchmark.decrypt: about 600 ns/op,
 * fork-to-fork spread about 2.5%), the interleaving order, and the candidate-only JVM options.
 */
class ComparisonTest {
    private static final ResultKey KEY = new ResultKey("dev.cpbench.micro.envelope.EnvelopeBenchmark.decrypt", "avgt", 1,
            Map.of("payloadBytes", "1024"));

    @Test
    void aTenPercentSlowerTimePerOperationIsARegression() {
        Comparison c = compare("ns/op", forks(1, 600, 15), forks(2, 660, 15), List.of(), List.of());

        assertThat(c.verdict()).isEqualTo("regression");
        assertThat(c.higherIsBetter()).isFalse();
        assertThat(c.changePercent()).isBetween(7.0, 13.0);
        assertThat(c.pValue()).isLessThan(0.01);
        assertThat(c.regressed()).isTrue();
    }

    @Test
    void theSameDistributionIsNoChange() {
        Comparison c = compare("ns/op", forks(3, 600, 15), forks(4, 600, 15), List.of(), List.of());

        assertThat(c.verdict()).isEqualTo("no change");
        assertThat(c.regressed()).isFalse();
    }

    @Test
    void lowerThroughputIsARegressionAndHigherAnImprovement() {
        assertThat(compare("ops/s", forks(5, 1000, 20), forks(6, 880, 20), List.of(), List.of()).verdict()).isEqualTo("regression");
        assertThat(compare("ops/ms", forks(7, 1000, 20), forks(8, 1120, 20), List.of(), List.of()).verdict()).isEqualTo("improvement");
    }

    /** Significant but small: a 2% change stays under the 5% threshold. */
    @Test
    void aSignificantChangeUnderTheThresholdIsNoChange() {
        Comparison c = compare("ns/op", forks(9, 600, 1), forks(10, 612, 1), List.of(), List.of());

        assertThat(c.pValue()).isLessThan(0.01);
        assertThat(c.verdict()).isEqualTo("no change");
    }

    /** Large but noisy: a 10% change with a 20% spread is not significant. */
    @Test
    void aLargeChangeWithinTheNoiseIsNoChange() {
        Comparison c = compare("ns/op", List.of(500.0, 700.0), List.of(560.0, 760.0), List.of(), List.of());

        assertThat(c.pValue()).isGreaterThan(0.01);
        assertThat(c.verdict()).isEqualTo("no change");
    }

    @Test
    void oneSamplePerSideIsInconclusive() {
        assertThat(compare("ns/op", List.of(600.0), List.of(900.0), List.of(), List.of()).verdict()).isEqualTo("inconclusive");
    }

    @Test
    void allocationRegressesOnlyPastBothFloors() {
        List<Double> same = forks(11, 600, 5);
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1030.0)).allocVerdict()).isEqualTo("regression");
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1015.0)).allocVerdict()).isEqualTo("no change"); // < 16 B
        assertThat(compare("ns/op", same, same, List.of(100_000.0), List.of(101_000.0)).allocVerdict()).isEqualTo("no change"); // < 2%
        assertThat(compare("ns/op", same, same, List.of(), List.of()).allocVerdict()).isEqualTo("n/a");
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1030.0)).regressed()).isTrue();
    }

    @Test
    void forksAlternateABBAAndStoredBaselinesRunTheCandidateAlone() {
        CompareOptions interleaved = CompareOptions.parse(new String[] {"--baseline-jar", jar(), "--candidate-jar", jar(),
                "--out", "/tmp/x", "--forks", "3"});
        CompareOptions stored = CompareOptions.parse(new String[] {"--against", jar(), "--candidate-jar", jar(),
                "--out", "/tmp/x", "--forks", "3"});
        CompareOptions screen = CompareOptions.parse(new String[] {"--against", jar(), "--candidate-result", jar(),
                "--out", "/tmp/x"});

        assertThat(CompareMain.order(interleaved)).containsExactly(ForkRunner.Side.BASELINE, ForkRunner.Side.CANDIDATE,
                ForkRunner.Side.CANDIDATE, ForkRunner.Side.BASELINE, ForkRunner.Side.BASELINE, ForkRunner.Side.CANDIDATE);
        assertThat(CompareMain.order(stored)).containsOnly(ForkRunner.Side.CANDIDATE).hasSize(3);
        assertThat(CompareMain.order(screen)).isEmpty();
    }

    @Test
    void onlyTheCandidatesForksGetTheCandidateJvmOptions() {
        CompareOptions o = CompareOptions.parse(new String[] {"--baseline-jar", jar(), "--candidate-jar", jar(), "--out", "/tmp/x",
                "--candidate-jvm-args", "-Dcpbench.injectSlowdownPercent=10", "--", "-jvmArgsAppend", "-Xms1g -Xmx1g", "Bench"});
        ForkRunner runner = new ForkRunner(o);

        assertThat(runner.jmhArgs(ForkRunner.Side.BASELINE)).containsExactly("-jvmArgsAppend", "-Xms1g -Xmx1g", "Bench");
        assertThat(runner.jmhArgs(ForkRunner.Side.CANDIDATE))
                .containsExactly("-jvmArgsAppend", "-Xms1g -Xmx1g -Dcpbench.injectSlowdownPercent=10", "Bench");
    }

    private static String jar() {
        return Path.of("pom.xml").toAbsolutePath().toString(); // any existing file
    }

    private static Comparison compare(String unit, List<Double> baseline, List<Double> candidate, List<Double> baseAlloc,
            List<Double> candAlloc) {
        return Comparison.of(KEY, new Samples(unit, baseline, baseAlloc, false), new Samples(unit, candidate, candAlloc, false),
                CompareMain.DEFAULT_THRESHOLD, CompareMain.DEFAULT_ALPHA);
    }

    /** Ten per-fork means around {@code mean} with Gaussian spread {@code sd}, seeded. */
    private static List<Double> forks(long seed, double mean, double sd) {
        Random random = new Random(seed);
        return DoubleStream.generate(() -> mean + sd * random.nextGaussian()).limit(10).boxed().toList();
    }
}
