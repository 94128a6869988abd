package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cpbench.micro.Preset;
import dev.cpbench.micro.ProcessCpuProfiler;
import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verdicts on synthetic per-fork samples with the noise seen here (EnvelopeBenchmark.decrypt: about 600 ns/op,
 * fork-to-fork spread about 2.5% on a calm day, ±20% on a noisy one): a result is "no change" only when its minimum
 * detectable effect is within the threshold, otherwise inconclusive; the interleaving order across looks, the
 * options of the sequential comparison, and the candidate-only JVM options.
 */
@Timeout(60)
class ComparisonTest {
    private static final ResultKey KEY = new ResultKey(
            "dev.cpbench.micro.envelope.EnvelopeBenchmark.decrypt", "avgt", 1, Map.of("payloadBytes", "1024"));

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
        assertThat(compare("ops/s", forks(5, 1000, 20), forks(6, 880, 20), List.of(), List.of())
                        .verdict())
                .isEqualTo("regression");
        assertThat(compare("ops/ms", forks(7, 1000, 20), forks(8, 1120, 20), List.of(), List.of())
                        .verdict())
                .isEqualTo("improvement");
    }

    /** Significant but small: a 2% change stays under the 5% threshold. */
    @Test
    void aSignificantChangeUnderTheThresholdIsNoChange() {
        Comparison c = compare("ns/op", forks(9, 600, 1), forks(10, 612, 1), List.of(), List.of());

        assertThat(c.pValue()).isLessThan(0.01);
        assertThat(c.verdict()).isEqualTo("no change");
    }

    /** Large but noisy: a 10% change with a 20% spread is not significant, and the data could not have seen 5%. */
    @Test
    void aLargeChangeWithinTheNoiseIsInconclusive() {
        Comparison c = compare("ns/op", List.of(500.0, 700.0), List.of(560.0, 760.0), List.of(), List.of());

        assertThat(c.pValue()).isGreaterThan(0.01);
        assertThat(c.verdict()).isEqualTo("inconclusive");
        assertThat(c.verdictText()).startsWith("inconclusive: could only detect changes ≥ ");
    }

    /**
     * The noisy day: per-fork means spread by ±20% (sd 12%) on both sides, 10 forks each: whatever the
     * p-value, a 5% change could not have been seen, so the verdict is inconclusive (exit 3), not "no change".
     */
    @Test
    void aNoisyDayIsInconclusiveNotNoChange() {
        Comparison c = compare("ns/op", forks(21, 600, 72), forks(22, 600, 72), List.of(), List.of());

        assertThat(c.mde80Percent()).isGreaterThan(CompareCommand.DEFAULT_THRESHOLD);
        assertThat(c.mde95Percent()).isGreaterThan(c.mde80Percent());
        assertThat(c.verdict()).isEqualTo("inconclusive");
        assertThat(c.verdictText())
                .isEqualTo(String.format(
                        java.util.Locale.US, "inconclusive: could only detect changes ≥ %.1f%%", c.mde80Percent()));
        assertThat(c.regressed()).isFalse();
        assertThat(c.decided()).isFalse();
        assertThat(SequentialCompare.exitCode(List.of(c))).isEqualTo(SequentialCompare.EXIT_INCONCLUSIVE);
    }

    /** A calm day (sd 1%, 10 forks a side): the MDE is well within 5%, so "no change" is a decision (exit 0). */
    @Test
    void aCalmDayDecidesNoChange() {
        Comparison c = compare("ns/op", forks(23, 600, 6), forks(24, 600, 6), List.of(), List.of());

        assertThat(c.mde80Percent()).isLessThan(CompareCommand.DEFAULT_THRESHOLD);
        assertThat(c.verdict()).isEqualTo("no change");
        assertThat(c.decided()).isTrue();
        assertThat(SequentialCompare.exitCode(List.of(c))).isZero();
    }

    /** A clear regression decides the comparison, and a regression outranks an inconclusive result in the exit code. */
    @Test
    void aClearRegressionExitsOneEvenBesideAnInconclusiveResult() {
        Comparison slower = compare("ns/op", forks(25, 600, 6), forks(26, 690, 6), List.of(), List.of());
        Comparison noisy = compare("ns/op", forks(27, 600, 72), forks(28, 600, 72), List.of(), List.of());

        assertThat(slower.verdict()).isEqualTo("regression");
        assertThat(slower.decided()).isTrue();
        assertThat(SequentialCompare.exitCode(List.of(noisy, slower))).isEqualTo(1);
    }

    /**
     * MDE by hand: a = 1…5, b = 2, 4, … 10: SE² = 2.5/5 + 10/5 = 2.5, df = 2.5² / (0.5²/4 + 2²/4) = 5.8824,
     * t(0.975, df) = 2.45882, t(0.80, df) = 0.90707, t(0.95, df) = 1.95031 (scipy.stats.t.ppf), so at level 0.05
     * MDE80 = (2.45882 + 0.90707) × √2.5 / 3 = 177.40% and MDE95 = 232.37% of a's mean.
     */
    @Test
    void minimumDetectableEffectMatchesAHandComputation() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {2, 4, 6, 8, 10};
        assertThat(Comparison.mdePercent(a, b, 0.05, 0.80)).isCloseTo(177.398, within(0.01));
        assertThat(Comparison.mdePercent(a, b, 0.05, 0.95)).isCloseTo(232.374, within(0.01));
        assertThat(Comparison.mdePercent(new double[] {4, 4}, new double[] {4, 4, 4}, 0.05, 0.8))
                .isZero();
        assertThat(Comparison.mdePercent(new double[] {4}, b, 0.05, 0.8)).isNaN();
    }

    /** A test at a stricter level (a later look's) needs a larger change: the MDE grows as the level shrinks. */
    @Test
    void aStricterLevelCanSeeLess() {
        List<Double> base = forks(29, 600, 15);
        List<Double> cand = forks(30, 600, 15);
        Comparison atAlpha = compare("ns/op", base, cand, List.of(), List.of());
        Comparison strict = Comparison.of(
                KEY,
                new Samples("ns/op", base, List.of(), false),
                new Samples("ns/op", cand, List.of(), false),
                CompareCommand.DEFAULT_THRESHOLD,
                1e-6);

        assertThat(strict.mde80Percent()).isGreaterThan(atAlpha.mde80Percent());
        assertThat(strict.testLevel()).isEqualTo(1e-6);
    }

    @Test
    void allocationRegressesOnlyPastBothFloors() {
        List<Double> same = forks(11, 600, 5);
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1030.0))
                        .allocVerdict())
                .isEqualTo("regression");
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1015.0))
                        .allocVerdict())
                .isEqualTo("no change"); // < 16 B
        assertThat(compare("ns/op", same, same, List.of(100_000.0), List.of(101_000.0))
                        .allocVerdict())
                .isEqualTo("no change"); // < 2%
        assertThat(compare("ns/op", same, same, List.of(), List.of()).allocVerdict())
                .isEqualTo("n/a");
        assertThat(compare("ns/op", same, same, List.of(1000.0), List.of(1030.0))
                        .regressed())
                .isTrue();
    }

    @Test
    void forksAlternateABBAAcrossLooksAndStoredBaselinesRunTheCandidateAlone() {
        CompareOptions interleaved = CompareCommand.parse(
                "--baseline-jar",
                jar(),
                "--candidate-jar",
                jar(),
                "--out",
                "/tmp/x",
                "--forks",
                "3",
                "--max-forks",
                "8");
        CompareOptions stored =
                CompareCommand.parse("--against", jar(), "--candidate-jar", jar(), "--out", "/tmp/x", "--forks", "3");
        CompareOptions screen =
                CompareCommand.parse("--against", jar(), "--candidate-result", jar(), "--out", "/tmp/x");

        ForkRunner.Side b = ForkRunner.Side.BASELINE;
        ForkRunner.Side c = ForkRunner.Side.CANDIDATE;
        assertThat(IntStream.range(0, 10).mapToObj(i -> SequentialCompare.side(interleaved, i)))
                .containsExactly(b, c, c, b, b, c, c, b, b, c);
        assertThat(IntStream.range(0, 5).mapToObj(i -> SequentialCompare.side(stored, i)))
                .containsOnly(c);
        assertThat(SequentialCompare.lookForks(interleaved)).containsExactly(3, 5, 7, 8);
        assertThat(SequentialCompare.lookForks(stored)).startsWith(3, 5).endsWith(CompareCommand.DEFAULT_MAX_FORKS);
        assertThat(SequentialCompare.lookForks(screen)).containsExactly(0);
        assertThat(SequentialCompare.levels(screen, SequentialCompare.lookForks(screen)))
                .containsExactly(CompareCommand.DEFAULT_ALPHA);
    }

    @Test
    void badSequentialOptionsAreOneLineErrors() {
        assertThatThrownBy(() -> CompareCommand.parse(
                        "--baseline-jar",
                        jar(),
                        "--candidate-jar",
                        jar(),
                        "--out",
                        "/x",
                        "--forks",
                        "10",
                        "--max-forks",
                        "4"))
                .hasMessage("--max-forks (4) must be at least the forks of the first look (10)");
        assertThatThrownBy(() -> CompareCommand.parse(
                        "--baseline-jar", jar(), "--candidate-jar", jar(), "--out", "/x", "--budget", "10 minutes"))
                .hasMessageContaining("a duration such as 90s, 10m or 1h30m, got '10 minutes'");
        assertThat(CompareCommand.parse(
                                "--baseline-jar", jar(), "--candidate-jar", jar(), "--out", "/x", "--budget", "1h30m")
                        .budget())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(new CompareCommand.Budget().convert("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(new CompareCommand.Forks().convert("12")).isEqualTo(12);
        assertThatThrownBy(() -> new CompareCommand.Forks().convert("2.5"))
                .hasMessage("a whole number from 2 to 200, got '2.5'");
        assertThatThrownBy(() -> new CompareCommand.Forks().convert("1")).hasMessageContaining("got '1'");
        assertThat(new CompareCommand.Percent().convert("2.5%")).isEqualTo(2.5);
        assertThatThrownBy(() -> new CompareCommand.Percent().convert("150%"))
                .hasMessage("a percentage from 0 to 100, e.g. 5%, got '150%'");
        assertThat(new CompareCommand.Fraction().convert("0.05")).isEqualTo(0.05);
        assertThatThrownBy(() -> new CompareCommand.Fraction().convert("1")).hasMessageContaining("got '1'");
        assertThatThrownBy(() -> CompareCommand.parse(
                        "--against", jar(), "--baseline-jar", jar(), "--candidate-jar", jar(), "--out", "/x"))
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> CompareCommand.parse(
                        "--baseline-jar", jar(), "--candidate-jar", jar(), "--out", "/x", "--candidate-result", jar()))
                .hasMessageContaining("mutually exclusive");
        assertThat(SequentialCompare.text(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    }

    @Test
    void onlyTheCandidatesForksGetTheCandidateJvmOptions() {
        CompareOptions o = CompareCommand.parse(
                "--baseline-jar",
                jar(),
                "--candidate-jar",
                jar(),
                "--out",
                "/tmp/x",
                "--candidate-jvm-args",
                "-Dcpbench.injectSlowdownTokens=70",
                "--",
                "-jvmArgsAppend",
                "-Xmx2g",
                "-i",
                "3",
                "Bench");
        ForkRunner runner = new ForkRunner(o);
        List<String> preset = List.of(
                "-wi",
                "1",
                "-w",
                "4s",
                "-r",
                "1s",
                "-foe",
                "true",
                "-prof",
                "gc",
                "-prof",
                ProcessCpuProfiler.class.getName());

        assertThat(runner.jmhArgs(ForkRunner.Side.BASELINE))
                .startsWith("-jvmArgsAppend", "-Xmx2g", "-i", "3", "Bench")
                .endsWith(preset.toArray(String[]::new))
                .hasSize(5 + preset.size());
        assertThat(runner.jmhArgs(ForkRunner.Side.CANDIDATE))
                .startsWith("-jvmArgsAppend", "-Xmx2g -Dcpbench.injectSlowdownTokens=70");
    }

    /** The compare preset for what the JMH arguments leave unset: a fixed heap the candidate's options are added to. */
    @Test
    void thePresetFillsInWhatTheArgumentsLeaveUnset() {
        CompareOptions o = CompareCommand.parse(
                "--baseline-jar",
                jar(),
                "--candidate-jar",
                jar(),
                "--out",
                "/tmp/x",
                "--candidate-jvm-args",
                "-Dcpbench.injectSlowdownTokens=70",
                "--",
                "Bench");

        assertThat(new ForkRunner(o).jmhArgs(ForkRunner.Side.CANDIDATE))
                .containsSubsequence("-jvmArgsAppend", Preset.HEAP + " -Dcpbench.injectSlowdownTokens=70")
                .contains("-i", "2");
    }

    private static String jar() {
        return Path.of("pom.xml").toAbsolutePath().toString(); // any existing file
    }

    private static Comparison compare(
            String unit,
            List<Double> baseline,
            List<Double> candidate,
            List<Double> baseAlloc,
            List<Double> candAlloc) {
        return Comparison.of(
                KEY,
                new Samples(unit, baseline, baseAlloc, false),
                new Samples(unit, candidate, candAlloc, false),
                CompareCommand.DEFAULT_THRESHOLD,
                CompareCommand.DEFAULT_ALPHA);
    }

    /** Ten per-fork means around {@code mean} with Gaussian spread {@code sd}, seeded. */
    private static List<Double> forks(long seed, double mean, double sd) {
        Random random = new Random(seed);
        return DoubleStream.generate(() -> mean + sd * random.nextGaussian())
                .limit(10)
                .boxed()
                .toList();
    }
}
