package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.Term;
import dev.cpbench.macro.target.InjectedCost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Proves an attribution by changing the system: runs that added a known cost to one hot path ({@code --inject}) are
 * correlated against runs without, and the wall time the injection added must land on that hot path's term (at
 * least {@value #MIN_SHARE} of it, at most {@value #MAX_SHARE}) and not on the others (at most {@value #MAX_ELSEWHERE}
 * in all). Runs of the same set-up (scenario, corpus, API servers, gzip, encoder, KMS) are compared by their medians.
 */
final class AttributionValidation {
    static final double MIN_SHARE = 0.8;
    static final double MAX_SHARE = 1.2;
    static final double MAX_ELSEWHERE = 0.2;
    /** The added wall time must be this many times the baselines' spread to be told from noise. */
    static final double MIN_SIGNAL_OVER_SPREAD = 2;

    /**
     * One injection, checked.
     *
     * @param injected the injection as given, e.g. {@code list-encode=+50us}
     * @param hotPath the hot path injected into
     * @param carrier the term that should carry it (watch-cache-refill for a cold start's envelope decrypts)
     * @param setup what the compared runs share
     * @param baselineRuns the runs without injection
     * @param injectedRuns the runs with it
     * @param baselineWindowSeconds the baselines' median window
     * @param baselineSpreadSeconds the baselines' windows, max − min (0 with one run)
     * @param injectedWindowSeconds the injected runs' median window
     * @param addedSeconds observed: injected − baseline window
     * @param phase the phase the carrier runs in
     * @param phaseAddedSeconds observed: that phase's change (medians)
     * @param attributedSeconds the carrier term's change (medians)
     * @param elsewhereSeconds the other terms' change, summed
     * @param serverMeasured whether the carrier's time came from the API servers' own histograms
     * @param attributedShare attributed ÷ added
     * @param elsewhereShare elsewhere ÷ added
     * @param verdict {@code recovered}, {@code not recovered} or {@code too small to tell}
     * @param why one sentence on the verdict
     */
    record Row(
            String injected,
            String hotPath,
            String carrier,
            String setup,
            List<String> baselineRuns,
            List<String> injectedRuns,
            double baselineWindowSeconds,
            double baselineSpreadSeconds,
            double injectedWindowSeconds,
            double addedSeconds,
            String phase,
            double phaseAddedSeconds,
            double attributedSeconds,
            double elsewhereSeconds,
            boolean serverMeasured,
            double attributedShare,
            double elsewhereShare,
            String verdict,
            String why) {
        boolean recovered() {
            return verdict.equals("recovered");
        }
    }

    private AttributionValidation() {}

    static List<Row> validate(List<Path> microFiles, List<Path> baselineDirs, List<Path> injectedDirs) {
        MicroResults micro = MicroResults.read(microFiles);
        KmsCurves kms = new KmsCurves(micro);
        Map<String, List<Measured>> baselines = new LinkedHashMap<>();
        for (Path dir : baselineDirs) {
            MacroRun run = MacroRun.read(dir);
            if (!run.injected().isEmpty()) {
                throw new CorrelationInputException(
                        dir, "a baseline must inject nothing, this one injected " + run.injected());
            }
            baselines
                    .computeIfAbsent(setup(run), k -> new ArrayList<>())
                    .add(new Measured(run, Attribution.of(run, micro, kms)));
        }
        Map<String, List<Measured>> groups = new LinkedHashMap<>();
        for (Path dir : injectedDirs) {
            MacroRun run = MacroRun.read(dir);
            if (run.injected().size() != 1) {
                throw new CorrelationInputException(
                        dir,
                        "an injected run must inject into exactly one hot path, this one: "
                                + (run.injected().isEmpty() ? "none" : run.injected()));
            }
            groups.computeIfAbsent(run.injected().get(0) + "\n" + setup(run), k -> new ArrayList<>())
                    .add(new Measured(run, Attribution.of(run, micro, kms)));
        }
        List<Row> rows = new ArrayList<>();
        for (List<Measured> group : groups.values()) {
            MacroRun first = group.get(0).run;
            List<Measured> base = baselines.get(setup(first));
            if (base == null) {
                throw new CorrelationInputException(
                        first.dir, "no baseline run of the same set-up (" + setup(first) + ")");
            }
            rows.add(row(first.injected().get(0), setup(first), base, group));
        }
        return rows;
    }

    private static Row row(InjectedCost cost, String setup, List<Measured> base, List<Measured> injected) {
        String scenario = injected.get(0).run.scenario();
        HotPath path = Arrays.stream(HotPath.values())
                .filter(h -> h.id.equals(cost.point().id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("injection point without a hot path: " + cost.point().id));
        Optional<HotPath> carrier = path.carrier(scenario);
        if (carrier.isEmpty()) {
            throw new CorrelationInputException(
                    injected.get(0).run.dir, "scenario " + scenario + " has no term for " + path.id);
        }
        double[] baseWindows =
                base.stream().mapToDouble(m -> m.attribution.windowSeconds()).toArray();
        double baseWindow = median(baseWindows);
        double spread = Arrays.stream(baseWindows).max().orElse(0)
                - Arrays.stream(baseWindows).min().orElse(0);
        double injectedWindow = median(injected.stream()
                .mapToDouble(m -> m.attribution.windowSeconds())
                .toArray());
        double added = injectedWindow - baseWindow;
        double attributed = 0;
        double elsewhere = 0;
        for (HotPath h : HotPath.values()) {
            double change = medianTerm(injected, h) - medianTerm(base, h);
            if (h == carrier.get()) {
                attributed = change;
            } else {
                elsewhere += change;
            }
        }
        boolean server = injected.stream()
                .allMatch(m -> term(m, carrier.get())
                        .map(t -> t.serverSeconds() != null
                                && t.wallSeconds()
                                        .source()
                                        .field()
                                        .startsWith(t.serverSeconds().source().field()))
                        .orElse(false));
        String phase = carrier.get().phase(scenario).orElseThrow();
        double phaseAdded = medianPhase(injected, phase) - medianPhase(base, phase);
        double share = added > 0 ? attributed / added : Double.NaN;
        double elsewhereShare = added > 0 ? elsewhere / added : Double.NaN;
        String verdict;
        String why;
        if (added <= 0 || (base.size() > 1 && added < MIN_SIGNAL_OVER_SPREAD * spread)) {
            verdict = "too small to tell";
            why = String.format(
                    Locale.US,
                    "the injection added %.3f s, within %.0f× the baselines' spread (%.3f s): inject more",
                    added,
                    MIN_SIGNAL_OVER_SPREAD,
                    spread);
        } else if (share >= MIN_SHARE && share <= MAX_SHARE && Math.abs(elsewhereShare) <= MAX_ELSEWHERE) {
            verdict = "recovered";
            why = Format.wholePercent(share) + " of the added wall time on " + carrier.get().id + ", "
                    + Format.wholePercent(elsewhereShare) + " elsewhere";
        } else {
            verdict = "not recovered";
            why = Format.wholePercent(share) + " on " + carrier.get().id + " (needs " + Math.round(100 * MIN_SHARE)
                    + "-"
                    + Format.wholePercent(MAX_SHARE) + "), " + Format.wholePercent(elsewhereShare)
                    + " elsewhere (needs ≤ "
                    + Format.wholePercent(MAX_ELSEWHERE) + ")";
        }
        return new Row(
                cost.toString(),
                path.id,
                carrier.get().id,
                setup,
                names(base),
                names(injected),
                baseWindow,
                spread,
                injectedWindow,
                added,
                phase,
                phaseAdded,
                attributed,
                elsewhere,
                server,
                share,
                elsewhereShare,
                verdict,
                why);
    }

    /** What runs must share to be compared. */
    private static String setup(MacroRun run) {
        return run.scenario() + ", " + run.objects() + " objects of " + run.objectBytes() + " B, " + run.endpoints()
                + " API server(s), gzip "
                + run.option("client-gzip").orElse("true") + ", "
                + run.target("listEncoder").orElse("streaming") + " encoder, KMS "
                + run.option("embedded-kms").orElse("?") + ", Transit latency "
                + run.option("embedded-transit-latency").orElse("0s");
    }

    private static double medianTerm(List<Measured> runs, HotPath path) {
        return median(runs.stream()
                .mapToDouble(
                        m -> term(m, path).map(t -> t.wallSeconds().value()).orElse(0.0))
                .toArray());
    }

    private static double medianPhase(List<Measured> runs, String phase) {
        return median(runs.stream()
                .mapToDouble(m -> m.run.phaseSeconds().getOrDefault(phase, 0.0))
                .toArray());
    }

    private static Optional<Term> term(Measured m, HotPath path) {
        return m.attribution.terms().stream()
                .filter(t -> t.hotPath().equals(path.id))
                .findFirst();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static List<String> names(List<Measured> runs) {
        return runs.stream().map(m -> m.run.name).toList();
    }

    private record Measured(MacroRun run, RunAttribution attribution) {}
}
