package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Welch's t-test and the special functions under it against reference values computed with SciPy 1.17
 * ({@code scipy.stats.ttest_ind(a, b, equal_var=False).pvalue}, {@code scipy.special.betainc},
 * {@code scipy.special.gammaln}, {@code 2 * scipy.stats.t.sf}); the first two p-values were also checked by
 * integrating the t density with mpmath at 30 digits.
 */
class StatsTest {
    /** 1e-4 relative, as a percentage. */
    private static final double TOLERANCE = 1e-2;

    @Test
    void meanAndSampleVariance() {
        assertThat(Stats.mean(new double[] {1, 2, 3, 4, 5})).isEqualTo(3.0);
        assertThat(Stats.variance(new double[] {1, 2, 3, 4, 5})).isEqualTo(2.5);
        assertThat(Stats.variance(new double[] {7})).isNaN();
        assertThat(Stats.mean(new double[0])).isNaN();
    }

    @Test
    void welchMatchesReferenceValues() {
        // t = -1.897, df = 5.882
        assertThat(Stats.welchTwoSidedP(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10}))
                .isCloseTo(0.10753119493062728, withinPercentage(TOLERANCE));
        // t = -10, df = 8
        assertThat(Stats.welchTwoSidedP(
                        new double[] {10.1, 10.3, 9.9, 10.0, 10.2}, new double[] {11.0, 11.2, 10.9, 11.1, 11.3}))
                .isCloseTo(8.488181527628504e-06, withinPercentage(TOLERANCE));
        // very different variances and sizes
        assertThat(Stats.welchTwoSidedP(new double[] {1, 2, 3}, new double[] {100, 200, 300, 400, 500, 600, 700}))
                .isCloseTo(0.0027812847185792475, withinPercentage(TOLERANCE));
        assertThat(Stats.welchTwoSidedP(new double[] {5.1, 4.9, 5.3, 5.0}, new double[] {5.2, 5.0, 5.1, 4.8, 5.4, 5.3}))
                .isCloseTo(0.6479807532802058, withinPercentage(TOLERANCE));
        assertThat(Stats.welchTwoSidedP(new double[] {1, 2}, new double[] {3, 4}))
                .isCloseTo(0.10557280900008414, withinPercentage(TOLERANCE));
    }

    @Test
    void welchOnLargeSamples() {
        double[] a = new double[300];
        double[] b = new double[400];
        for (int i = 0; i < a.length; i++) {
            a[i] = 100 + (i % 7) * 0.5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 100.2 + (i % 5) * 0.6;
        }
        assertThat(Stats.welchTwoSidedP(a, b)).isCloseTo(0.185449314540075, withinPercentage(TOLERANCE));
    }

    @Test
    void identicalSamplesAreNotDifferent() {
        double[] sample = {3.1, 2.9, 3.0, 3.2, 2.8};
        assertThat(Stats.welchTwoSidedP(sample, sample.clone())).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void edgeCases() {
        assertThat(Stats.welchTwoSidedP(new double[] {1}, new double[] {1, 2, 3}))
                .isNaN();
        assertThat(Stats.welchTwoSidedP(new double[] {1, 2, 3}, new double[0])).isNaN();
        assertThat(Stats.welchTwoSidedP(new double[] {4, 4, 4}, new double[] {4, 4}))
                .isEqualTo(1.0);
        assertThat(Stats.welchTwoSidedP(new double[] {4, 4, 4}, new double[] {5, 5}))
                .isEqualTo(0.0);
    }

    @Test
    void specialFunctionsMatchReferenceValues() {
        assertThat(Stats.logGamma(0.5)).isCloseTo(0.5723649429247, withinPercentage(TOLERANCE));
        assertThat(Stats.logGamma(10)).isCloseTo(12.801827480081469, withinPercentage(TOLERANCE));
        assertThat(Stats.logGamma(123.4)).isCloseTo(469.3360974421906, withinPercentage(TOLERANCE));
        assertThat(Stats.regularizedIncompleteBeta(2.5, 0.5, 0.3))
                .isCloseTo(0.018927124071945658, withinPercentage(TOLERANCE));
        assertThat(Stats.regularizedIncompleteBeta(50, 0.5, 0.99))
                .isCloseTo(0.3173043978741973, withinPercentage(TOLERANCE));
        assertThat(Stats.studentTwoSidedP(2.0, 3.5)).isCloseTo(0.12613852257591343, withinPercentage(TOLERANCE));
        assertThat(Stats.studentTwoSidedP(0.1, 1000)).isCloseTo(0.9203643690236041, withinPercentage(TOLERANCE));
    }

    /** {@code scipy.stats.t.ppf(1 - upperTail, df)}; the first three are also in printed t tables. */
    @Test
    void studentCriticalValuesMatchTables() {
        assertThat(Stats.studentCritical(0.025, 10)).isCloseTo(2.228138851986274, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.025, 1)).isCloseTo(12.706204736174694, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.005, 30)).isCloseTo(2.7499956535672254, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.2, 10)).isCloseTo(0.8790578285505889, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.05, 2.5)).isCloseTo(2.5582186141359355, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.0005, 5.882)).isCloseTo(6.042400331966653, withinPercentage(TOLERANCE));
        assertThat(Stats.studentCritical(0.8, 10)).isCloseTo(-0.8790578285505889, withinPercentage(TOLERANCE));
        assertThat(Stats.studentUpperTail(-1.2, 7)).isCloseTo(1 - 0.1345859684136033, withinPercentage(TOLERANCE));
    }

    /** {@code scipy.stats.norm.sf} and {@code norm.ppf}: 1.96 and 2.576 are the familiar 95% and 99% values. */
    @Test
    void normalTailsAndCriticalValuesMatchTables() {
        assertThat(Stats.normalUpperTail(1.96)).isCloseTo(0.024997895148220435, withinPercentage(TOLERANCE));
        assertThat(Stats.normalUpperTail(-3.5)).isCloseTo(0.9997673709209645, withinPercentage(TOLERANCE));
        assertThat(Stats.normalUpperTail(0.5)).isCloseTo(0.3085375387259869, withinPercentage(TOLERANCE));
        assertThat(Stats.normalUpperTail(8.0)).isCloseTo(6.22096057427174e-16, withinPercentage(TOLERANCE));
        assertThat(Stats.normalCritical(0.025)).isCloseTo(1.959963984540054, withinPercentage(TOLERANCE));
        assertThat(Stats.normalCritical(0.005)).isCloseTo(2.5758293035489004, withinPercentage(TOLERANCE));
        assertThat(Stats.normalCritical(0.2)).isCloseTo(0.8416212335729143, withinPercentage(TOLERANCE));
        assertThat(Stats.normalCritical(1e-9)).isCloseTo(5.997807019601637, withinPercentage(TOLERANCE));
    }
}
