package dev.cpbench.macro.correlate;

import dev.cpbench.macro.common.LineFit;
import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import dev.cpbench.macro.correlate.Report.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How each term grows with the corpus: runs of one scenario on the same set-up (target kind, API servers, encoder,
 * client gzip, KMS, object size) at two or more corpus sizes, each term fitted as {@code intercept + slope × objects}
 * by least squares. A term is {@code linear} when the slope part is at least half its fitted value at the largest
 * corpus, else {@code constant}; with two corpus sizes a line fits any two values exactly, so the fit is
 * {@value #TWO_POINTS} and names no growth.
 */
final class Scaling {
    static final double LINEAR_SHARE = 0.5;
    static final String TWO_POINTS = "two points: no verdict";

    private Scaling() {}

    static List<ScalingGroup> of(
            List<MacroRun> runs, List<RunAttribution> attributions, List<BatchingDecision> decisions) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            groups.computeIfAbsent(key(runs.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<ScalingGroup> result = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            List<Integer> members = group.getValue().stream()
                    .sorted(Comparator.comparingLong(i -> attributions.get(i).objects()))
                    .toList();
            if (members.stream()
                            .map(i -> attributions.get(i).objects())
                            .distinct()
                            .count()
                    < 2) {
                continue;
            }
            List<RunAttribution> a = members.stream().map(attributions::get).toList();
            List<BatchingDecision> d = members.stream().map(decisions::get).toList();
            result.add(group(group.getKey(), a, d));
        }
        return result;
    }

    private static ScalingGroup group(String key, List<RunAttribution> runs, List<BatchingDecision> decisions) {
        List<Long> objects = runs.stream().map(RunAttribution::objects).toList();
        List<Fit> fits = new ArrayList<>();
        Set<String> terms = runs.stream()
                .flatMap(r -> r.terms().stream().map(Term::hotPath))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String term : terms) {
            values(
                            runs,
                            r -> r.terms().stream()
                                    .filter(t -> t.hotPath().equals(term))
                                    .findFirst()
                                    .map(t -> t.wallSeconds().value()))
                    .ifPresent(v -> fits.add(fit(term, "s", objects, v)));
        }
        Set<String> phases = runs.stream()
                .flatMap(r -> r.phases().stream().map(PhaseTime::phase))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String phase : phases) {
            values(
                            runs,
                            r -> r.phases().stream()
                                    .filter(p -> p.phase().equals(phase))
                                    .findFirst()
                                    .map(PhaseTime::seconds))
                    .ifPresent(v -> fits.add(fit("phase:" + phase, "s", objects, v)));
        }
        fits.add(fit(
                "remainder",
                "s",
                objects,
                runs.stream().map(RunAttribution::remainderSeconds).toList()));
        if (decisions.stream().allMatch(d -> d.decrypts() != null)) {
            fits.add(fit(
                    "decrypts",
                    "count",
                    objects,
                    decisions.stream().map(d -> d.decrypts().value()).toList()));
        }
        return new ScalingGroup(key, runs.stream().map(RunAttribution::run).toList(), objects, fits);
    }

    /** One value per run, or empty when a run lacks it (a term is fitted only where every run has it). */
    private static Optional<List<Double>> values(
            List<RunAttribution> runs, Function<RunAttribution, Optional<Double>> value) {
        List<Optional<Double>> values = runs.stream().map(value).toList();
        return values.stream().allMatch(Optional::isPresent)
                ? Optional.of(values.stream().map(Optional::get).toList())
                : Optional.empty();
    }

    static Fit fit(String term, String unit, List<Long> objects, List<Double> values) {
        LineFit line = LineFit.of(objects, values);
        double slope = line.slope();
        double intercept = line.intercept();
        double largest = objects.stream().mapToLong(Long::longValue).max().orElse(0);
        double fitted = intercept + slope * largest;
        double corpusShare = fitted == 0 ? 0 : slope * largest / fitted;
        String growth = objects.stream().distinct().count() < 3
                ? TWO_POINTS
                : slope > 0 && corpusShare >= LINEAR_SHARE ? "linear" : "constant";
        return new Fit(term, unit, values, intercept, slope, growth, corpusShare);
    }

    private static String key(MacroRun run) {
        return run.scenario() + ", " + (run.embedded() ? "embedded" : "cluster") + ", " + run.endpoints()
                + " API server(s), "
                + run.target("listEncoder").orElse("cluster encoder") + " encoder, client gzip "
                + run.option("client-gzip").orElse("?") + ", KMS "
                + run.option("embedded-kms").orElse("cluster's") + ", "
                + run.objectBytes() + " B objects";
    }
}
