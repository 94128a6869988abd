package dev.cpbench.micro.compare;

import java.util.function.DoubleUnaryOperator;

/**
 * How a comparison that looks at its data more than once keeps its false-alarm rate at α: a group-sequential test
 * with the Lan–DeMets O'Brien–Fleming-type spending function α(t) = 2 − 2Φ(z_{1−α/2} / √t), t the information
 * fraction (forks per side so far / {@code --max-forks}). Look k may spend α(t_k) − α(t_{k−1}) in all: its two-sided
 * boundary c_k is the one for which P(|Z_1| &lt; c_1, …, |Z_{k−1}| &lt; c_{k−1}, |Z_k| ≥ c_k) equals that increment
 * under no change, so the probability of a false alarm at any look is α(t_K) ≤ α, however many looks are taken and
 * wherever they fall (Lan &amp; DeMets 1983, Biometrika 70(3):659–663).
 *
 * <p>Why this rule: O'Brien–Fleming-type spending keeps most of α for the late looks, so a comparison that runs to
 * its maximum loses little power against a fixed-size one, while a large regression still stops it early. The boundaries are computed
 * exactly (for the normal approximation) rather than with Bonferroni on the increments (test look k at
 * α(t_k) − α(t_{k−1})), which is also ≤ α but far more conservative: looking every 2 forks from 10 to 60 per side
 * at α = 0.01, the last look is tested at 0.0062 with exact boundaries and at 0.0012 with Bonferroni.
 *
 * <p>The joint law of (Z_1, …, Z_K) is that of a Brownian motion observed at t_1 … t_K (independent increments,
 * Jennison &amp; Turnbull 2000, <em>Group Sequential Methods with Applications to Clinical Trials</em>, ch. 3 and
 * the numerical integration of ch. 19): the density of S_k = Z_k√t_k on the continuation region is carried from
 * look to look by convolution with the increment's normal density (Simpson's rule on a grid). Each boundary is
 * turned into a nominal two-sided level 2 − 2Φ(c_k) at which the look's Welch t-test is run: the "significance
 * level approach" of Jennison &amp; Turnbull §3.8 for a normal response of unknown variance.
 *
 * <p>A comparison that the budget stops before {@code --max-forks} ends at an information fraction below 1. Its last
 * look spends all of α that the earlier looks left ({@link #finalLevel}): the "under-running" rule of Jennison &amp;
 * Turnbull §7.2.2, valid because when to stop is decided by the clock, not by the data. Without it, a comparison
 * stopped by a 10-minute budget at 26 of 60 forks per side would test its last look at about 1e-4 instead of about
 * α, and a +16% change with p = 0.0003 would stay "inconclusive".
 */
final class AlphaSpending {
    /** Beyond 8.5 standard deviations the normal density holds less than 1e-16 of the mass: the grid stops there. */
    private static final double GRID_REACH = 8.5;

    private static final int MIN_GRID_POINTS = 401;
    private static final int MAX_GRID_POINTS = 2001;
    /** Grid steps per standard deviation of the smallest increment: keeps Simpson's rule accurate. */
    private static final double STEPS_PER_SD = 6;

    private static final int BISECTIONS = 100;
    /** Boundaries past this are "never stop here"; the level they give is 0 for practical purposes. */
    private static final double MAX_BOUNDARY = 40;

    private AlphaSpending() {}

    /** α(t) = 2 − 2Φ(z_{1−α/2} / √t): what may be spent by information fraction t (0 at 0, α at 1). */
    static double spent(double alpha, double t) {
        if (t <= 0) {
            return 0;
        }
        return t >= 1 ? alpha : 2 * Stats.normalUpperTail(Stats.normalCritical(alpha / 2) / Math.sqrt(t));
    }

    /**
     * The two-sided boundaries c_1 … c_K on the standardized statistic for looks at the given increasing information
     * fractions (each in (0, 1]), {@code spending} giving the two-sided α spent by each fraction.
     */
    static double[] boundaries(DoubleUnaryOperator spending, double[] fractions) {
        double[] c = new double[fractions.length];
        double[] grid = null;
        double[] density = null;
        double[] weights = null;
        double previous = 0;
        for (int k = 0; k < fractions.length; k++) {
            double t = fractions[k];
            if (!(t > previous && t <= 1)) {
                throw new IllegalArgumentException(
                        "information fractions must increase within (0, 1], got " + t + " after " + previous);
            }
            double increment = spending.applyAsDouble(t) - (k == 0 ? 0 : spending.applyAsDouble(previous));
            double sd = Math.sqrt(t - previous);
            if (k == 0) {
                c[k] = increment > 0 ? Math.min(MAX_BOUNDARY, Stats.normalCritical(increment / 2)) : MAX_BOUNDARY;
            } else {
                double[] u = grid;
                double[] mass = new double[u.length];
                for (int j = 0; j < u.length; j++) {
                    mass[j] = weights[j] * density[j];
                }
                c[k] = boundary(increment, u, mass, Math.sqrt(t), sd);
            }
            // The sub-density of S_k = Z_k √t_k on the continuation region |S_k| < c_k √t_k.
            double reach = Math.min(c[k], GRID_REACH) * Math.sqrt(t);
            int points = gridPoints(reach, fractions);
            double[] next = new double[points];
            double[] nextDensity = new double[points];
            double h = 2 * reach / (points - 1);
            for (int i = 0; i < points; i++) {
                next[i] = -reach + i * h;
                if (k == 0) {
                    nextDensity[i] = normalDensity(next[i] / sd) / sd;
                } else {
                    double sum = 0;
                    for (int j = 0; j < grid.length; j++) {
                        sum += weights[j] * density[j] * normalDensity((next[i] - grid[j]) / sd);
                    }
                    nextDensity[i] = sum / sd;
                }
            }
            grid = next;
            density = nextDensity;
            weights = simpson(points, h);
            previous = t;
        }
        return c;
    }

    /** The nominal two-sided level of each look's test: 2 − 2Φ(c_k). */
    static double[] nominalLevels(double alpha, double[] fractions) {
        double[] c = boundaries(t -> spent(alpha, t), fractions);
        double[] levels = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            levels[k] = 2 * Stats.normalUpperTail(c[k]);
        }
        return levels;
    }

    /**
     * The nominal two-sided level of the last of these looks when it is the final one: its boundary spends
     * α − α(t_{K−1}), everything the earlier looks left, whatever t_K is. The earlier looks' levels are those of
     * {@link #nominalLevels}, so this may be decided when the last look is reached.
     */
    static double finalLevel(double alpha, double[] fractions) {
        double last = fractions[fractions.length - 1];
        double[] c = boundaries(t -> t >= last ? alpha : spent(alpha, t), fractions);
        return 2 * Stats.normalUpperTail(c[c.length - 1]);
    }

    /**
     * The c at which P(continued so far and |S_k| ≥ c √t_k) equals {@code increment}, S_k = u + N(0, sd²) from each
     * grid point u of the previous look with weight {@code mass}; bisection, the probability falling as c grows.
     */
    private static double boundary(double increment, double[] u, double[] mass, double sqrtT, double sd) {
        if (increment <= 0) {
            return MAX_BOUNDARY;
        }
        double lo = 0;
        double hi = MAX_BOUNDARY;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            double exit = 0;
            for (int j = 0; j < u.length; j++) {
                exit += mass[j]
                        * (Stats.normalUpperTail((mid * sqrtT - u[j]) / sd)
                                + Stats.normalUpperTail((mid * sqrtT + u[j]) / sd));
            }
            if (exit > increment) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** An odd number of points, fine enough for the smallest increment between looks. */
    private static int gridPoints(double reach, double[] fractions) {
        double smallest = fractions[0];
        for (int k = 1; k < fractions.length; k++) {
            smallest = Math.min(smallest, fractions[k] - fractions[k - 1]);
        }
        int points = (int) Math.ceil(2 * reach * STEPS_PER_SD / Math.sqrt(smallest));
        points = Math.max(MIN_GRID_POINTS, Math.min(MAX_GRID_POINTS, points));
        return points % 2 == 0 ? points + 1 : points;
    }

    private static double[] simpson(int points, double h) {
        double[] w = new double[points];
        for (int i = 0; i < points; i++) {
            w[i] = (i == 0 || i == points - 1 ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
        }
        return w;
    }

    private static double normalDensity(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }
}
