package dev.cpbench.micro.compare;

import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.util.List;

/**
 * The verdict on one benchmark result, baseline against candidate.
 *
 * <p>Score: a regression when the candidate is worse than the baseline by more than {@code threshold} (relative
 * change of the means of the per-fork samples, "worse" from the unit: {@code ops/time} higher is better,
 * {@code time/op} lower is better) <em>and</em> Welch's t-test on those per-fork samples gives p &lt; {@code alpha}
 * (two-sided). An improvement is the same the other way; anything else is no change. Welch's test because forks
 * are independent samples whose spread need not be equal on both sides; per-fork rather than per-iteration because
 * iterations within a fork are not independent (they share one JIT compilation).
 *
 * <p>Allocation ({@code gc.alloc.rate.norm}, B/op), judged apart: a regression when the candidate allocates more
 * than {@value #ALLOC_BYTES} B/op and {@value #ALLOC_RELATIVE} (relative) more than the baseline. Allocation per
 * operation is nearly deterministic, so no test is needed; the two floors keep rounding noise out.
 *
 * @param changePercent (candidate − baseline) / baseline × 100, of the means
 * @param pValue Welch's two-sided p-value; NaN when a side has fewer than 2 samples
 * @param verdict {@code regression}, {@code improvement}, {@code no change}, or {@code inconclusive} (no p-value)
 * @param allocVerdict {@code regression}, {@code no change}, or {@code n/a} (no gc.alloc.rate.norm)
 */
record Comparison(ResultKey key, String unit, boolean higherIsBetter, List<Double> baseline, List<Double> candidate,
        double baselineMean, double candidateMean, double changePercent, double pValue, String verdict,
        Double baselineAlloc, Double candidateAlloc, String allocVerdict) {
    static final double ALLOC_BYTES = 16;
    static final double ALLOC_RELATIVE = 0.02;

    static Comparison of(ResultKey key, Samples baseline, Samples candidate, double thresholdPercent, double alpha) {
        boolean higherIsBetter = baseline.unit().startsWith("ops/");
        double[] b = baseline.scoreArray();
        double[] c = candidate.scoreArray();
        double bMean = Stats.mean(b);
        double cMean = Stats.mean(c);
        double change = 100 * (cMean - bMean) / bMean;
        double worse = higherIsBetter ? -change : change;
        double p = Stats.welchTwoSidedP(b, c);
        String verdict;
        if (Double.isNaN(p)) {
            verdict = "inconclusive";
        } else if (p < alpha && worse > thresholdPercent) {
            verdict = "regression";
        } else if (p < alpha && -worse > thresholdPercent) {
            verdict = "improvement";
        } else {
            verdict = "no change";
        }
        Double bAlloc = mean(baseline.allocs());
        Double cAlloc = mean(candidate.allocs());
        String allocVerdict = bAlloc == null || cAlloc == null ? "n/a"
                : cAlloc - bAlloc > ALLOC_BYTES && cAlloc - bAlloc > ALLOC_RELATIVE * bAlloc ? "regression" : "no change";
        return new Comparison(key, baseline.unit(), higherIsBetter, baseline.scores(), candidate.scores(), bMean, cMean,
                change, p, verdict, bAlloc, cAlloc, allocVerdict);
    }

    boolean regressed() {
        return verdict.equals("regression") || allocVerdict.equals("regression");
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
