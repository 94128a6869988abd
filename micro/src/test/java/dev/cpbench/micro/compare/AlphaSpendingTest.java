package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Lan–DeMets O'Brien–Fleming-type boundaries against published values, and the rule under test: however many
 * looks a comparison takes, its false-alarm rate on data with no change stays at α.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlphaSpendingTest {
    /**
     * Five equally spaced looks, the spending function applied to α = 0.025 on each side: 4.877, 3.357, 2.680, 2.290,
     * 2.031, the Lan–DeMets O'Brien–Fleming bounds printed by R gsDesign ({@code gsDesign(k = 5, test.type = 2,
     * sfu = sfLDOF)}) and the ld98 programs of Reboussin, DeMets, Kim &amp; Lan for a symmetric two-sided 0.05 design.
     */
    @Test
    void boundariesMatchPublishedValues() {
        double[] five = AlphaSpending.boundaries(t -> 2 * AlphaSpending.spent(0.025, t), new double[] {0.2, 0.4, 0.6, 0.8, 1.0});
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
     * The spending rule in action on simulated per-fork means with no change, looked at as the comparison does
     * (from 4 forks per side, every 2 more, up to 40; Welch's test at each look's nominal level): 2,000 sequential
     * comparisons, seeded, raise no more false alarms than α + 3 standard errors. Testing every look at α instead
     * (peeking) raises several times as many, which this simulation also shows.
     */
    @Test
    void repeatedLooksKeepTheFalseAlarmRateAtAlpha() {
        double alpha = 0.05;
        int runs = 2000;
        int first = 4;
        int step = 2;
        int max = 40;
        int looks = (max - first) / step + 1;
        double[] fractions = new double[looks];
        for (int k = 0; k < looks; k++) {
            fractions[k] = (first + k * step) / (double) max;
        }
        double[] levels = AlphaSpending.nominalLevels(alpha, fractions);
        Random random = new Random(20261204);
        int spendingAlarms = 0;
        int peekingAlarms = 0;
        for (int run = 0; run < runs; run++) {
            double[] a = new double[max];
            double[] b = new double[max];
            for (int i = 0; i < max; i++) {
                a[i] = 600 + 15 * random.nextGaussian();
                b[i] = 600 + 15 * random.nextGaussian();
            }
            boolean spending = false;
            boolean peeking = false;
            for (int k = 0; k < looks; k++) {
                int n = first + k * step;
                double p = Stats.welchTwoSidedP(Arrays.copyOf(a, n), Arrays.copyOf(b, n));
                spending |= p < levels[k];
                peeking |= p < alpha;
            }
            spendingAlarms += spending ? 1 : 0;
            peekingAlarms += peeking ? 1 : 0;
        }
        double standardError = Math.sqrt(alpha * (1 - alpha) / runs);
        assertThat(spendingAlarms / (double) runs).isLessThanOrEqualTo(alpha + 3 * standardError);
        assertThat(peekingAlarms / (double) runs).isGreaterThan(alpha + 3 * standardError);
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
}
