package dev.cpbench.micro.compare;

import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./jmh.sh --compare} and {@code --against}: runs the candidate's benchmarks (and the baseline's, from another
 * benchmarks.jar) one fork per JMH invocation, interleaved A B B A A B … so both see the same machine state, and
 * judges every result both sides have ({@link Comparison}) at each look, measuring until it can see: after the first
 * {@code --forks} per side it adds 2 forks per side (one A B B A block) per look until every result is decided (a
 * regression or improvement established, or "no change" with an MDE at 80% power within the threshold), or
 * {@code --max-forks} or {@code --budget} runs out. Each look is tested at the nominal level that
 * {@link AlphaSpending} gives it, so the false-alarm rate over all looks stays at {@code --alpha}; the last look, at
 * {@code --max-forks} or when the budget has no room for another, spends all of α the earlier looks left. A result is
 * judged on the forks of the look that decided it; undecided ones on all forks, as "inconclusive". Writes
 * {@code compare.json} and {@code compare.md}.
 * Exit codes: 0 no regression, 1 a regression (score or allocation), 2 the harness failed, 3 inconclusive (no
 * regression, but some result could not see a change of the threshold's size: measure more, or on a quieter machine).
 *
 * <p>Run by {@link CompareCommand} ({@code cpbench-micro compare}; jmh.sh builds the jars and the JMH arguments).
 */
public final class SequentialCompare {
    /** Forks per side added per look: one A B B A block, so linear drift hits both sides alike. */
    static final int FORKS_PER_LOOK = 2;

    static final int EXIT_INCONCLUSIVE = 3;
    /** Undecided results named in a look's progress line. */
    private static final int PROGRESS_NAMES = 3;

    /**
     * One look at the data.
     *
     * @param forksPerSide forks per side so far (the candidate's, against a stored baseline)
     * @param level the nominal two-sided level this look's tests ran at
     */
    record Look(int look, int forksPerSide, double level, double elapsedSeconds, int decided, int results) {}

    private SequentialCompare() {}

    static int run(CompareOptions o) throws IOException, InterruptedException {
        Files.createDirectories(o.out().resolve("logs"));
        ForkRunner runner = new ForkRunner(o);
        Map<ResultKey, Samples> baseline = new LinkedHashMap<>();
        Map<ResultKey, Samples> candidate = new LinkedHashMap<>();
        if (o.against() != null) {
            baseline.putAll(ForkSamples.read(o.against(), true));
        }
        if (o.candidateResult() != null) {
            candidate.putAll(ForkSamples.read(o.candidateResult(), true));
        }
        int[] lookForks = lookForks(o);
        double[] levels = levels(o, lookForks);
        int maxForks = forksToRun(o, lookForks[lookForks.length - 1]);
        Map<ResultKey, Comparison> decided = new LinkedHashMap<>();
        Map<ResultKey, Comparison> latest = new LinkedHashMap<>();
        List<Look> looks = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        double iterationSeconds = iterationSeconds(o.jmhArgs());
        long start = System.nanoTime();
        int run = 0;
        String stopped;
        for (int k = 0; ; k++) {
            for (int total = forksToRun(o, lookForks[k]); run < total; run++) {
                ForkRunner.Side side = side(o, run);
                Path result = runner.runFork(side, run, maxForks);
                Map<ResultKey, Samples> into = side == ForkRunner.Side.BASELINE ? baseline : candidate;
                ForkSamples.read(result, false).forEach((key, v) -> into.merge(key, v, Samples::plus));
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            String budgetStop = null;
            if (k < lookForks.length - 1) {
                double nextLookSeconds = (forksToRun(o, lookForks[k + 1]) - run) * elapsed / run;
                if (elapsed + nextLookSeconds > o.budget().toSeconds()) {
                    budgetStop =
                            String.format(Locale.US, "--budget %s: the next look would end after it", text(o.budget()));
                }
            }
            boolean lastLook = budgetStop != null || k == lookForks.length - 1;
            double level = lastLook ? finalLevel(o, lookForks, k) : levels[k];
            // A fork's machine time per result (every fork runs every result), for NoiseSplit's advice.
            double forkSeconds = run == 0 ? Double.NaN : elapsed / run / candidate.size();
            unmatched.clear();
            latest.clear();
            for (Map.Entry<ResultKey, Samples> c : candidate.entrySet()) {
                Samples b = baseline.get(c.getKey());
                if (b == null) {
                    unmatched.add(c.getKey() + ": only in the candidate");
                } else if (!decided.containsKey(c.getKey())) {
                    Comparison comparison = Comparison.of(
                            c.getKey(), b, c.getValue(), o.thresholdPercent(), level, forkSeconds, iterationSeconds);
                    latest.put(c.getKey(), comparison);
                    if (comparison.decided()) {
                        decided.put(c.getKey(), comparison);
                    }
                }
            }
            baseline.keySet().stream()
                    .filter(key -> !candidate.containsKey(key))
                    .forEach(key -> unmatched.add(key + ": only in the baseline"));
            if (latest.isEmpty() && decided.isEmpty()) {
                unmatched.forEach(u -> System.err.println("compare: " + u));
                throw new IllegalArgumentException(
                        "no result is in both the baseline and the candidate: nothing to compare");
            }
            int results = (int) latest.keySet().stream()
                            .filter(key -> !decided.containsKey(key))
                            .count()
                    + decided.size();
            looks.add(new Look(k + 1, lookForks[k], level, elapsed, decided.size(), results));
            progress(
                    looks.get(k),
                    latest.values().stream().filter(c -> !c.decided()).toList());
            if (decided.size() == results) {
                stopped = "every result decided";
                break;
            }
            if (lastLook) {
                stopped = budgetStop != null
                        ? budgetStop
                        : o.candidateResult() != null
                                ? "two stored results: one look"
                                : "--max-forks " + o.maxForks() + " reached";
                break;
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        candidate
                .keySet()
                .forEach(key -> Optional.ofNullable(decided.getOrDefault(key, latest.get(key)))
                        .ifPresent(comparisons::add));
        CompareReport report = new CompareReport(o, comparisons, unmatched, looks, stopped);
        report.write();
        System.out.print(report.table());
        System.out.println("compare: " + o.out().resolve("compare.md"));
        return exitCode(comparisons);
    }

    /**
     * One measurement iteration's time, from the last {@code -r TIME} of the JMH arguments; NaN without one or when
     * JMH would not read it (JMH itself then says what is wrong).
     */
    static double iterationSeconds(List<String> jmhArgs) {
        int at = jmhArgs.lastIndexOf("-r");
        try {
            return TimeValue.fromString(jmhArgs.get(at + 1)).convertTo(TimeUnit.NANOSECONDS) / 1e9;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** 1 on any regression, else 3 when any score verdict is inconclusive, else 0. */
    static int exitCode(List<Comparison> comparisons) {
        if (comparisons.stream().anyMatch(Comparison::regressed)) {
            return 1;
        }
        return comparisons.stream().anyMatch(c -> c.verdict().equals("inconclusive")) ? EXIT_INCONCLUSIVE : 0;
    }

    /** Forks per side at each look: --forks, then 2 more each look up to --max-forks; one look for two stored results. */
    static int[] lookForks(CompareOptions o) {
        if (o.candidateResult() != null) {
            return new int[] {0};
        }
        List<Integer> forks = new ArrayList<>();
        for (int n = o.forks(); ; n += FORKS_PER_LOOK) {
            forks.add(Math.min(n, o.maxForks()));
            if (n >= o.maxForks()) {
                return forks.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    /** The nominal level of each look; α itself when there is one look. */
    static double[] levels(CompareOptions o, int[] lookForks) {
        if (lookForks.length == 1) {
            return new double[] {o.alpha()};
        }
        double[] fractions = new double[lookForks.length];
        for (int k = 0; k < lookForks.length; k++) {
            fractions[k] = lookForks[k] / (double) o.maxForks();
        }
        return AlphaSpending.nominalLevels(o.alpha(), fractions);
    }

    /**
     * The level of look {@code k} (from 0) when it is the last: it spends all of α the earlier looks left
     * ({@link AlphaSpending#finalLevel}), which is {@link #levels}' own at {@code --max-forks}.
     */
    static double finalLevel(CompareOptions o, int[] lookForks, int k) {
        if (lookForks.length == 1) {
            return o.alpha();
        }
        double[] fractions = new double[k + 1];
        for (int j = 0; j <= k; j++) {
            fractions[j] = lookForks[j] / (double) o.maxForks();
        }
        return AlphaSpending.finalLevel(o.alpha(), fractions);
    }

    /** JMH invocations for {@code perSide} forks per side: both sides interleaved, or the candidate alone. */
    private static int forksToRun(CompareOptions o, int perSide) {
        return o.against() != null ? perSide : 2 * perSide;
    }

    /**
     * The side of the {@code index}-th fork (from 0): baseline and candidate interleaved A B B A A B B A …; the
     * candidate alone against a stored result.
     */
    static ForkRunner.Side side(CompareOptions o, int index) {
        if (o.against() != null) {
            return ForkRunner.Side.CANDIDATE;
        }
        boolean baselineFirst = (index / 2) % 2 == 0;
        return (index % 2 == 0) == baselineFirst ? ForkRunner.Side.BASELINE : ForkRunner.Side.CANDIDATE;
    }

    private static void progress(Look look, List<Comparison> undecided) {
        StringBuilder line = new StringBuilder(String.format(
                Locale.US,
                "compare: look %d: %d forks per side, %s, tested at p < %.2g: %d of %d decided",
                look.look(),
                look.forksPerSide(),
                text(Duration.ofSeconds(Math.round(look.elapsedSeconds()))),
                look.level(),
                look.decided(),
                look.results()));
        undecided.stream()
                .limit(PROGRESS_NAMES)
                .forEach(c -> line.append(String.format(
                        Locale.US,
                        "; %s %+.1f%% p %.2g, could see ≥ %.1f%%",
                        c.key(),
                        c.changePercent(),
                        c.pValue(),
                        c.mde80Percent())));
        if (undecided.size() > PROGRESS_NAMES) {
            line.append("; ").append(undecided.size() - PROGRESS_NAMES).append(" more undecided");
        }
        System.err.println(line);
    }

    /** {@code 1h2m3s}, {@code 10m}, {@code 45s}. */
    static String text(Duration d) {
        String s = (d.toHours() > 0 ? d.toHours() + "h" : "")
                + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "")
                + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "");
        return s.isEmpty() ? "0s" : s;
    }
}
