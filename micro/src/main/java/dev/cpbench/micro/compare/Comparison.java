package dev.cpbench.micro.compare;

import dev.cpbench.jmhresults.Metric;
import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.util.List;
import java.util.Locale;

/**
 * The verdict on one benchmark result, baseline against candidate, at one look.
 *
 * <p>Score: a regression when the candidate is worse than the baseline by more than {@code threshold} (relative
 * change of the means of the per-fork samples, "worse" from the unit: {@code ops/time} higher is better,
 * {@code time/op} lower is better) <em>and</em> Welch's t-test on those per-fork samples gives p below the level
 * this look is tested at (two-sided; α for a single look, the look's nominal level from {@link AlphaSpending} in a
 * sequential comparison). An improvement is the same the other way. Otherwise the data decides "no change" only if
 * it could have seen a change of the threshold's size: the minimum detectable effect at 80% power is at most the
 * threshold; if not, the verdict is <em>inconclusive</em>, never "no change". Welch's test because forks are
 * independent samples whose spread need not be equal on both sides; per-fork rather than per-iteration because
 * iterations within a fork are not independent (they share one JIT compilation).
 *
 * <p>Minimum detectable effect (MDE): the smallest true change that Welch's test at this look's level would find
 * with the given power, MDE = (t_{1−level/2, df} + t_{power, df}) × SE with SE = √(s_b²/n_b + s_c²/n_c) and df
 * Welch–Satterthwaite's, as a percentage of the baseline mean; shown at 80% and 95% power.
 *
 * <p>Allocation ({@code gc.alloc.rate.norm}, B/op), judged apart: a regression when the candidate allocates more
 * than {@value #ALLOC_BYTES} B/op and {@value #ALLOC_RELATIVE} (relative) more than the baseline. Allocation per
 * operation is nearly deterministic, so no test is needed; the two floors keep rounding noise out.
 *
 * @param changePercent (candidate − baseline) / baseline × 100, of the means
 * @param pValue Welch's two-sided p-value; NaN when a side has fewer than 2 samples
 * @param testLevel the two-sided level p was tested at
 * @param mde80Percent the MDE at 80% power, % of the baseline mean; NaN when a side has fewer than 2 samples
 * @param mde95Percent the MDE at 95% power
 * @param verdict {@code regression}, {@code improvement}, {@code no change}, or {@code inconclusive}
 * @param verdictText the verdict for a reader, e.g. "inconclusive: could only detect changes ≥ 8.4%"
 * @param allocVerdict {@code regression}, {@code no change}, or {@code n/a} (no gc.alloc.rate.norm)
 * @param noise where the per-fork spread comes from ({@link NoiseSplit}); null when the forks' iterations do not
 *     allow it (fewer than 2 forks a side or 2 iterations a fork, or a stored single fork split per iteration)
 */
record Comparison(
        ResultKey key,
        String unit,
        boolean higherIsBetter,
        List<Double> baseline,
        List<Double> candidate,
        double baselineMean,
        double candidateMean,
        double changePercent,
        double pValue,
        double testLevel,
        double mde80Percent,
        double mde95Percent,
        String verdict,
        String verdictText,
        Double baselineAlloc,
        Double candidateAlloc,
        String allocVerdict,
        NoiseSplit noise) {
    static final double ALLOC_BYTES = 16;
    static final double ALLOC_RELATIVE = 0.02;
    /** The power at which "could only detect changes ≥ X%" and the "no change" decision are stated. */
    static final double DECISION_POWER = 0.80;

    static Comparison of(ResultKey key, Samples baseline, Samples candidate, double thresholdPercent, double level) {
        return of(key, baseline, candidate, thresholdPercent, level, Double.NaN, Double.NaN);
    }

    /**
     * The verdict, with the noise's split and the iterations per fork that would see most in the same time given
     * a fork's machine time per result and one iteration's time (NaN: unknown).
     */
    static Comparison of(
            ResultKey key,
            Samples baseline,
            Samples candidate,
            double thresholdPercent,
            double level,
            double forkSeconds,
            double iterationSeconds) {
        boolean higherIsBetter = !Metric.lowerIsBetter(baseline.unit());
        double[] b = baseline.scoreArray();
        double[] c = candidate.scoreArray();
        double bMean = Stats.mean(b);
        double cMean = Stats.mean(c);
        double change = 100 * (cMean - bMean) / bMean;
        double worse = higherIsBetter ? -change : change;
        double p = Stats.welchTwoSidedP(b, c);
        double mde80 = mdePercent(b, c, level, DECISION_POWER);
        double mde95 = mdePercent(b, c, level, 0.95);
        String verdict;
        String text;
        if (Double.isNaN(p)) {
            verdict = "inconclusive";
            text = "inconclusive: fewer than 2 forks on a side";
        } else if (p < level && worse > thresholdPercent) {
            verdict = "regression";
            text = verdict;
        } else if (p < level && -worse > thresholdPercent) {
            verdict = "improvement";
            text = verdict;
        } else if (mde80 <= thresholdPercent) {
            verdict = "no change";
            text = verdict;
        } else {
            verdict = "inconclusive";
            text = String.format(Locale.US, "inconclusive: could only detect changes ≥ %.1f%%", mde80);
        }
        Double bAlloc = mean(baseline.allocs());
        Double cAlloc = mean(candidate.allocs());
        String allocVerdict = bAlloc == null || cAlloc == null
                ? "n/a"
                : cAlloc - bAlloc > ALLOC_BYTES && cAlloc - bAlloc > ALLOC_RELATIVE * bAlloc
                        ? "regression"
                        : "no change";
        return new Comparison(
                key,
                baseline.unit(),
                higherIsBetter,
                baseline.scores(),
                candidate.scores(),
                bMean,
                cMean,
                change,
                p,
                level,
                mde80,
                mde95,
                verdict,
                text,
                bAlloc,
                cAlloc,
                allocVerdict,
                NoiseSplit.of(baseline.forkIterations(), candidate.forkIterations(), forkSeconds, iterationSeconds)
                        .orElse(null));
    }

    /**
     * (t_{1−level/2, df} + t_{power, df}) × SE as % of |mean(a)|, Welch's SE and df; 0 when neither side varies,
     * NaN when a side has fewer than 2 samples.
     */
    static double mdePercent(double[] a, double[] b, double level, double power) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        double va = Stats.variance(a) / a.length;
        double vb = Stats.variance(b) / b.length;
        if (va + vb == 0) {
            return 0;
        }
        double df = Stats.welchDegreesOfFreedom(va, a.length, vb, b.length);
        double factor = Stats.studentCritical(level / 2, df) + Stats.studentCritical(1 - power, df);
        return 100 * factor * Math.sqrt(va + vb) / Math.abs(Stats.mean(a));
    }

    boolean regressed() {
        return verdict.equals("regression") || allocVerdict.equals("regression");
    }

    /** Nothing more to measure: the score's verdict is reached, or the allocation already regressed. */
    boolean decided() {
        return !verdict.equals("inconclusive") || allocVerdict.equals("regression");
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty()
                ? null
                : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
