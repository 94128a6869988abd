package dev.cpbench.micro.compare;

import java.util.function.DoubleUnaryOperator;

/**
 * The statistics behind the regression checks: mean, sample variance, Welch's t-test, which does not
 * assume the two samples share a variance (a benchmark's noise differs from run to run and machine to machine),
 * and the critical values of the Student t and standard normal distributions that the minimum detectable effect
 * and the sequential boundaries need.
 *
 * <p>The Student t distribution is computed here through the regularized incomplete beta function (continued
 * fraction as {@code betacf} in Numerical Recipes, log-gamma by the Lanczos approximation) rather than pulled in
 * from a statistics library: it is some forty lines, and the tests pin it to reference p-values. The normal tail
 * is {@code erfcc} of Numerical Recipes (Chebyshev fit, relative error below 1.2e-7 everywhere, so small tails stay
 * accurate); quantiles invert the tails by bisection.
 */
final class Stats {
    /** Lanczos approximation, g = 7, nine coefficients: about 15 significant digits for x ≥ 0.5. */
    private static final double LANCZOS_G = 7;

    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };
    /** erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2): the coefficients of P, Numerical Recipes {@code erfcc}. */
    private static final double[] ERFCC = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };

    private static final int MAX_ITERATIONS = 1000;
    /** Bisection steps of the quantiles: the bracket shrinks to a relative 1e-12 well within this. */
    private static final int BISECTIONS = 200;

    private static final double EPSILON = 1e-15;
    /** Stands in for a zero denominator in the modified Lentz method. */
    private static final double TINY = 1e-300;

    private Stats() {}

    /** The arithmetic mean; NaN for no values. */
    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The sample variance (divided by n − 1); NaN for fewer than two values. */
    static double variance(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mean = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (x.length - 1);
    }

    /**
     * Welch's unequal-variance t-test: the two-sided p-value of "a and b have the same mean", with the
     * Welch–Satterthwaite degrees of freedom.
     *
     * @return NaN if either sample has fewer than two values; if both samples are constant, 0 when their means
     *         differ and 1 when they are equal
     */
    static double welchTwoSidedP(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double difference = mean(a) - mean(b);
        if (va + vb == 0) {
            return difference == 0 ? 1.0 : 0.0;
        }
        double t = difference / Math.sqrt(va + vb);
        return studentTwoSidedP(t, welchDegreesOfFreedom(va, a.length, vb, b.length));
    }

    /**
     * The Welch–Satterthwaite degrees of freedom of a difference of two means, from each mean's squared standard
     * error (variance / n) and sample size.
     */
    static double welchDegreesOfFreedom(double squaredErrorA, int na, double squaredErrorB, int nb) {
        double sum = squaredErrorA + squaredErrorB;
        return sum * sum / (squaredErrorA * squaredErrorA / (na - 1) + squaredErrorB * squaredErrorB / (nb - 1));
    }

    /** P(|T| ≥ |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    static double studentTwoSidedP(double t, double df) {
        return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
    }

    /** I_x(a, b) for a, b ≥ 0.5, as {@code betai} in Numerical Recipes. */
    static double regularizedIncompleteBeta(double a, double b, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast below the mean of the distribution; above it, use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        return x < (a + 1) / (a + b + 2)
                ? front * betaContinuedFraction(a, b, x) / a
                : 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
    }

    /** The continued fraction of I_x(a, b) by the modified Lentz method ({@code betacf} in Numerical Recipes). */
    private static double betaContinuedFraction(double a, double b, double x) {
        double c = 1;
        double d = 1 / nonZero(1 - (a + b) * x / (a + 1));
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for a=" + a + " b=" + b + " x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** P(T &gt; t) for Student's t with df degrees of freedom. */
    static double studentUpperTail(double t, double df) {
        double half = studentTwoSidedP(t, df) / 2;
        return t >= 0 ? half : 1 - half;
    }

    /**
     * The t with P(T &gt; t) = {@code upperTail} for Student's t with df degrees of freedom: t_{1−upperTail, df},
     * e.g. {@code studentCritical(0.025, 10)} = 2.228.
     */
    static double studentCritical(double upperTail, double df) {
        return critical(upperTail, t -> studentUpperTail(t, df));
    }

    /** P(Z &gt; z) for the standard normal distribution, to a relative 1.2e-7 however small. */
    static double normalUpperTail(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + x / 2);
        double poly = 0;
        for (int i = ERFCC.length - 1; i >= 0; i--) {
            poly = poly * t + ERFCC[i];
        }
        double erfc = t * Math.exp(-x * x + poly);
        return z >= 0 ? erfc / 2 : 1 - erfc / 2;
    }

    /** The z with P(Z &gt; z) = {@code upperTail}: z_{1−upperTail}, e.g. {@code normalCritical(0.025)} = 1.960. */
    static double normalCritical(double upperTail) {
        return critical(upperTail, Stats::normalUpperTail);
    }

    /** Inverts a decreasing upper tail of a distribution symmetric about 0 by bisection. */
    private static double critical(double upperTail, DoubleUnaryOperator tail) {
        if (!(upperTail > 0 && upperTail < 1)) {
            throw new IllegalArgumentException("a tail probability must be between 0 and 1, got " + upperTail);
        }
        if (upperTail > 0.5) {
            return -critical(1 - upperTail, tail);
        }
        double lo = 0;
        double hi = 1;
        while (tail.applyAsDouble(hi) > upperTail) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < BISECTIONS && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (tail.applyAsDouble(mid) > upperTail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** ln Γ(x) for x ≥ 0.5 by the Lanczos approximation. */
    static double logGamma(double x) {
        double z = x - 1;
        double series = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            series += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
    }
}
