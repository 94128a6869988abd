package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Lan–DeMets O'Brien–Fleming-type boundaries against published values, and the rule under test: however many
 * looks a comparison takes, its false-alarm rate on data with no change stays at α.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AlphaSpendingTest {
    private static final ResultKey KEY = new ResultKey("Bench.op", "avgt", 1, Map.of());

    /**
     * Five equally spaced looks, the spending function applied to α = 0.025 on each side: 4.877, 3.357, 2.680, 2.290,
     * 2.031, the Lan–DeMets O'Brien–Fleming bounds printed by R gsDesign ({@code gsDesign(k = 5, test.type = 2,
     * sfu = sfLDOF)}) and the ld98 programs of Reboussin, DeMets, Kim &amp; Lan for a symmetric two-sided 0.05 design.
     */
    @Test
    void boundariesMatchPublishedValues() {
        double[] five = AlphaSpending.boundaries(
                t -> 2 * AlphaSpending.spent(0.025, t), new double[] {0.2, 0.4, 0.6, 0.8, 1.0});
        assertThat(five[0]).isCloseTo(4.877, within(0.002));
        assertThat(five[1]).isCloseTo(3.357, within(0.002));
        assertThat(five[2]).isCloseTo(2.680, within(0.002));
        assertThat(five[3]).isCloseTo(2.290, within(0.002));
        assertThat(five[4]).isCloseTo(2.031, within(0.002));
    }

    /**
     * The spending function as the comparison uses it, α(t) = 2 − 2Φ(z_{1−α/2}/√t) for the two sides together, two
     * looks at t = ½ and 1, α = 0.05: c_1 = z for α(½), and c_2 solves P(|Z_1| &lt; c_1, |Z_2| ≥ c_2) = α − α(½) with
     * corr(Z_1, Z_2) = √½, here 2.7718 and 1.9793 from SciPy's bivariate normal CDF
     * ({@code scipy.stats.multivariate_normal}, solved with {@code brentq}).
     */
    @Test
    void twoLooksMatchTheBivariateNormal() {
        double[] two = AlphaSpending.boundaries(t -> AlphaSpending.spent(0.05, t), new double[] {0.5, 1.0});
        assertThat(two[0]).isCloseTo(2.7718, within(0.001));
        assertThat(two[1]).isCloseTo(1.9793, within(0.001));
    }

    @Test
    void oneLookAtTheEndIsTheFixedTest() {
        assertThat(AlphaSpending.nominalLevels(0.01, new double[] {1.0})[0]).isCloseTo(0.01, within(1e-9));
        // 2 − 2Φ(2.5758 × √2) = 2.69717e-4 (scipy.stats.norm.sf)
        assertThat(AlphaSpending.spent(0.01, 0.5)).isCloseTo(2.697169803536273e-4, withinPercentage(1e-3));
    }

    /**
     * The spending rule in action on simulated per-fork means with no change, looked at as a comparison with
     * {@code --forks 4 --max-forks 40 --alpha 0.05 --threshold 0} does (a look every 2 forks per side, each judged by
     * {@link Comparison} at its nominal level): of 2,000 sequential comparisons, seeded, no more are flagged (a
     * regression or an improvement at any look) than α + 3 standard errors. Judging every look at α instead (peeking)
     * flags several times as many, which this simulation also shows.
     */
    @Test
    void repeatedLooksKeepTheFalseAlarmRateAtAlpha() {
        double alpha = 0.05;
        int runs = 2000;
        CompareOptions o =
                options("--forks", "4", "--max-forks", "40", "--alpha", String.valueOf(alpha), "--threshold", "0");
        int[] lookForks = SequentialCompare.lookForks(o);
        double[] levels = SequentialCompare.levels(o, lookForks);
        Random random = new Random(20261204);
        int spendingAlarms = 0;
        int peekingAlarms = 0;
        for (int run = 0; run < runs; run++) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < o.maxForks(); i++) {
                a.add(600 + 15 * random.nextGaussian());
                b.add(600 + 15 * random.nextGaussian());
            }
            boolean spending = false;
            boolean peeking = false;
            for (int k = 0; k < lookForks.length; k++) {
                Samples base = new Samples("ns/op", a.subList(0, lookForks[k]), List.of(), false);
                Samples cand = new Samples("ns/op", b.subList(0, lookForks[k]), List.of(), false);
                spending |= flagged(Comparison.of(KEY, base, cand, 0, levels[k]));
                peeking |= flagged(Comparison.of(KEY, base, cand, 0, alpha));
            }
            spendingAlarms += spending ? 1 : 0;
            peekingAlarms += peeking ? 1 : 0;
        }
        double standardError = Math.sqrt(alpha * (1 - alpha) / runs);
        assertThat(spendingAlarms / (double) runs).isLessThanOrEqualTo(alpha + 3 * standardError);
        assertThat(peekingAlarms / (double) runs).isGreaterThan(2 * alpha);
    }

    private static boolean flagged(Comparison c) {
        return c.verdict().equals("regression") || c.verdict().equals("improvement");
    }

    @Test
    void lateLooksAreTestedNearAlpha() {
        double[] fractions = new double[26];
        for (int k = 0; k < fractions.length; k++) {
            fractions[k] = (10 + 2 * k) / 60.0;
        }
        double[] levels = AlphaSpending.nominalLevels(0.01, fractions);
        assertThat(levels[0]).isLessThan(1e-8);
        assertThat(levels[levels.length - 1]).isBetween(0.005, 0.01);
        for (int k = 1; k < levels.length; k++) {
            assertThat(levels[k]).isGreaterThan(levels[k - 1]);
        }
    }

    /**
     * A comparison the budget stops at 26 of 60 forks per side (looks at 10, 12, …, 26): by the planned levels its
     * last look would be tested at under 1e-3, spending a tenth of α; as the final look it spends all α the earlier
     * looks left, so its level comes close to α. At {@code --max-forks} the two rules agree.
     */
    @Test
    void aBudgetStoppedLastLookSpendsWhatIsLeft() {
        double[] fractions = new double[9];
        for (int k = 0; k < fractions.length; k++) {
            fractions[k] = (10 + 2 * k) / 60.0;
        }
        assertThat(AlphaSpending.nominalLevels(0.01, fractions)[8]).isLessThan(1e-3);
        assertThat(AlphaSpending.finalLevel(0.01, fractions)).isBetween(0.005, 0.01);

        CompareOptions o = options("--forks", "10", "--max-forks", "60", "--alpha", "0.01");
        int[] lookForks = SequentialCompare.lookForks(o);
        double[] levels = SequentialCompare.levels(o, lookForks);
        int last = lookForks.length - 1;
        assertThat(SequentialCompare.finalLevel(o, lookForks, last)).isCloseTo(levels[last], withinPercentage(0.1));
        assertThat(SequentialCompare.finalLevel(o, lookForks, 8))
                .isCloseTo(AlphaSpending.finalLevel(0.01, fractions), withinPercentage(1e-6));
    }

    /**
     * Stopping early by the clock, simulated: each of 2,000 seeded comparisons ({@code --forks 4 --max-forks 40}) is
     * cut off at a look drawn at random, independently of the data, as a budget does, and its last look is judged at
     * {@link SequentialCompare#finalLevel}. With no change, no more are flagged than α + 3 standard errors; with a true
     * shift of one per-fork standard deviation, the cut-off comparisons find it more often than when their last look
     * keeps its planned level (with this seed: 106 false alarms, 5.3%; the shift found 1,563 times against 1,100).
     */
    @Test
    void aLookCutOffByTheClockKeepsAlphaAndGainsPower() {
        double alpha = 0.05;
        int runs = 2000;
        CompareOptions o =
                options("--forks", "4", "--max-forks", "40", "--alpha", String.valueOf(alpha), "--threshold", "0");
        int[] lookForks = SequentialCompare.lookForks(o);
        double[] levels = SequentialCompare.levels(o, lookForks);
        double[] finalLevels = new double[lookForks.length];
        for (int k = 0; k < lookForks.length; k++) {
            finalLevels[k] = SequentialCompare.finalLevel(o, lookForks, k);
        }
        Random random = new Random(20261206);
        int falseAlarms = 0;
        int foundAtFinalLevel = 0;
        int foundAtPlannedLevel = 0;
        for (int run = 0; run < runs; run++) {
            int stop = random.nextInt(lookForks.length);
            falseAlarms += flaggedBefore(stop, lookForks, levels, finalLevels[stop], random, 0) ? 1 : 0;
            long seed = random.nextLong();
            foundAtFinalLevel +=
                    flaggedBefore(stop, lookForks, levels, finalLevels[stop], new Random(seed), 15) ? 1 : 0;
            foundAtPlannedLevel += flaggedBefore(stop, lookForks, levels, levels[stop], new Random(seed), 15) ? 1 : 0;
        }
        double standardError = Math.sqrt(alpha * (1 - alpha) / runs);
        assertThat(falseAlarms / (double) runs).isLessThanOrEqualTo(alpha + 3 * standardError);
        assertThat(foundAtFinalLevel).isGreaterThan(foundAtPlannedLevel + runs / 50);
    }

    /** One simulated comparison, looks 0 … {@code stop}, the last at {@code lastLevel}; the candidate shifted by {@code shift}. */
    private static boolean flaggedBefore(
            int stop, int[] lookForks, double[] levels, double lastLevel, Random random, double shift) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < lookForks[stop]; i++) {
            a.add(600 + 15 * random.nextGaussian());
            b.add(600 + shift + 15 * random.nextGaussian());
        }
        for (int k = 0; k <= stop; k++) {
            Samples base = new Samples("ns/op", a.subList(0, lookForks[k]), List.of(), false);
            Samples cand = new Samples("ns/op", b.subList(0, lookForks[k]), List.of(), false);
            if (flagged(Comparison.of(KEY, base, cand, 0, k == stop ? lastLevel : levels[k]))) {
                return true;
            }
        }
        return false;
    }

    private static CompareOptions options(String... args) {
        String jar = Path.of("pom.xml").toAbsolutePath().toString();
        List<String> all = new ArrayList<>(List.of("--baseline-jar", jar, "--candidate-jar", jar, "--out", "/tmp/x"));
        all.addAll(List.of(args));
        return CompareCommand.parse(all.toArray(String[]::new));
    }
}
