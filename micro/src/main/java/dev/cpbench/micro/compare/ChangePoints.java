package dev.cpbench.micro.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds where a benchmark's history changes level, so a trend shows "this got 10% slower at run 12" instead of
 * one noisy line per run. The t-test variant of Hunter (Apache Otava), in two passes:
 * <ol>
 *   <li>split, top-down (binary segmentation): in a segment, take the split that best fits two levels; if its
 *       sides differ significantly by {@link Stats#welchTwoSidedP Welch's t-test}, look for more in each side;
 *   <li>merge, bottom-up: test each change point again between its neighbours and drop the weakest that is not
 *       significant or not large enough to matter, until all are.
 * </ol>
 * The size of a change is judged only in the second pass: the first split of "down, then back up" compares one
 * level with a mix of two, sees only part of the step, and would otherwise stop there.
 */
final class ChangePoints {
    /**
     * Fewest points on each side of a split: a level of three runs has a variance worth testing (two would rest
     * on a single degree of freedom), and a regression shows three runs after it lands.
     */
    static final int MIN_SEGMENT = 3;
    /**
     * Largest p-value accepted. Each segment tries every split and keeps the best one, so the test runs many
     * times on the same data: a strict threshold keeps false alarms on a flat, noisy history rare.
     */
    static final double MAX_P = 0.001;
    /**
     * Smallest change accepted, relative to the mean before it: JMH scores move by a few percent between runs
     * for reasons that are not the code (JIT decisions, machine, heap layout), and a change below 5% can be
     * statistically real without being worth a look.
     */
    static final double MIN_RELATIVE_CHANGE = 0.05;

    private ChangePoints() {}

    /**
     * The change points of a series.
     *
     * @param series            the values in order, e.g. one score per run
     * @param minSegment        fewest points on each side of a change point, at least 2
     * @param maxP              a change point is kept only if its Welch p-value is below this
     * @param minRelativeChange a change point is kept only if |mean after − mean before| / |mean before| is at
     *                          least this, the means taken up to the neighbouring change points
     * @return the index of the first point of each new level, ascending; empty if the series is shorter than
     *         twice {@code minSegment}
     */
    static List<Integer> detect(double[] series, int minSegment, double maxP, double minRelativeChange) {
        if (minSegment < 2) {
            throw new IllegalArgumentException("minSegment must be at least 2 for a t-test, was " + minSegment);
        }
        List<Integer> found = new ArrayList<>();
        split(series, 0, series.length, minSegment, maxP, found);
        found.sort(null);
        merge(series, found, maxP, minRelativeChange);
        return found;
    }

    /**
     * Adds the significant change points of {@code series[from, to)} to {@code found}. The split is placed where two
     * levels fit best (least squares, the likelihood estimate of one shift in mean), then tested with Welch's test.
     * The smallest Welch p-value would be a worse place: it favours leaving one side tight even when the other is
     * a mix of levels, and can land a run or two off a step next to another one.
     */
    private static void split(double[] series, int from, int to, int minSegment, double maxP, List<Integer> found) {
        int best = -1;
        double leastSquares = Double.POSITIVE_INFINITY;
        for (int at = from + minSegment; at <= to - minSegment; at++) {
            double squares = squares(series, from, at) + squares(series, at, to);
            if (squares < leastSquares) {
                best = at;
                leastSquares = squares;
            }
        }
        if (best >= 0 && Split.of(series, from, best, to).p < maxP) {
            found.add(best);
            split(series, from, best, minSegment, maxP, found);
            split(series, best, to, minSegment, maxP, found);
        }
    }

    /** The sum of squared deviations from the mean of {@code series[from, to)}. */
    private static double squares(double[] series, int from, int to) {
        return Stats.variance(Arrays.copyOfRange(series, from, to)) * (to - from - 1);
    }

    /**
     * Drops change points one at a time, each time the weakest that fails between its neighbours (the least
     * significant, else the smallest), until all pass: dropping one changes its neighbours' segments.
     */
    private static void merge(double[] series, List<Integer> found, double maxP, double minRelativeChange) {
        while (true) {
            int weakest = -1;
            Split weakestSplit = null;
            for (int k = 0; k < found.size(); k++) {
                int from = k == 0 ? 0 : found.get(k - 1);
                int to = k == found.size() - 1 ? series.length : found.get(k + 1);
                Split split = Split.of(series, from, found.get(k), to);
                if (!split.accepted(maxP, minRelativeChange)
                        && (weakestSplit == null || split.weakerThan(weakestSplit, maxP))) {
                    weakest = k;
                    weakestSplit = split;
                }
            }
            if (weakest < 0) {
                return;
            }
            found.remove(weakest);
        }
    }

    /** {@code series[from, to)} split before {@code at}: the Welch p-value and the change of the mean. */
    private record Split(int at, double p, double relativeChange) {
        static Split of(double[] series, int from, int at, int to) {
            double[] before = Arrays.copyOfRange(series, from, at);
            double[] after = Arrays.copyOfRange(series, at, to);
            double meanBefore = Stats.mean(before);
            return new Split(
                    at,
                    Stats.welchTwoSidedP(before, after),
                    Math.abs(Stats.mean(after) - meanBefore) / Math.abs(meanBefore));
        }

        boolean accepted(double maxP, double minRelativeChange) {
            return p < maxP && relativeChange >= minRelativeChange;
        }

        /** Not significant beats significant but small; then the larger p, or the smaller change. */
        boolean weakerThan(Split other, double maxP) {
            boolean insignificant = p >= maxP;
            if (insignificant != other.p >= maxP) {
                return insignificant;
            }
            return insignificant ? p > other.p : relativeChange < other.relativeChange;
        }
    }
}
