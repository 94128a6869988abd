package dev.cpbench.macro.correlate;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.correlate.MicroResults.Result;
import dev.cpbench.macro.correlate.Report.FanoutCurve;
import dev.cpbench.macro.correlate.Report.Point;
import dev.cpbench.macro.correlate.Report.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * KMS v2 Decrypt throughput against concurrent callers, direct and coalesced, from {@code DecryptFanoutBenchmark}'s
 * throughput results ({@code callers1}, {@code callers8}, {@code callers64}), per Transit latency.
 */
final class KmsCurves {
    static final String DIRECT = "DIRECT";
    static final String COALESCE = "COALESCE";
    private static final String BENCHMARK = "DecryptFanoutBenchmark";
    /** The single caller's Decrypt latency (sample mode), the KMS hot path's cost. */
    static final String SINGLE_CALLER = BENCHMARK + ".callers1";
    /** The benchmarks (Class.method) the curves read; HotPathBenchmarksTest checks that each exists. */
    static final List<String> BENCHMARKS = List.of(SINGLE_CALLER, BENCHMARK + ".callers8", BENCHMARK + ".callers64");

    private final MicroResults micro;

    KmsCurves(MicroResults micro) {
        this.micro = micro;
    }

    /** Every curve the micro results hold, by mode, Transit latency and window. */
    List<FanoutCurve> curves() {
        Map<String, List<Result>> byCurve = fanoutResults(r -> true).stream()
                .collect(Collectors.groupingBy(
                        r -> r.param("mode") + "|" + r.param("transitLatencyMicros") + "|" + r.param("windowMicros"),
                        TreeMap::new,
                        Collectors.toList()));
        List<FanoutCurve> curves = new ArrayList<>();
        for (List<Result> results : byCurve.values()) {
            Result first = results.get(0);
            List<Point> points = results.stream()
                    .sorted(Comparator.comparingInt(Result::threads))
                    .map(r -> new Point(r.threads(), r.opsPerMs().value()))
                    .toList();
            curves.add(new FanoutCurve(
                    first.param("mode"),
                    Integer.parseInt(first.param("transitLatencyMicros")),
                    Integer.parseInt(first.param("windowMicros")),
                    points,
                    first.source("primaryMetric.score")));
        }
        return curves;
    }

    /**
     * The Transit latency whose curves describe this run: for the embedded stand-in the latency it injected (the
     * nearest measured), for a cluster the one whose single-caller direct decrypt time is nearest the API servers'
     * mean KMS decrypt latency.
     */
    Optional<Integer> transitLatencyMicros(MacroRun run) {
        List<Result> single =
                micro.all(SINGLE_CALLER, "sample", r -> r.param("mode").equals(DIRECT));
        if (single.isEmpty()) {
            return Optional.empty();
        }
        if (run.embedded()) {
            long wanted = run.option("embedded-transit-latency")
                    .map(v -> new DurationConverter().convert(v).toNanos() / 1000)
                    .orElse(0L);
            return single.stream()
                    .map(r -> Integer.parseInt(r.param("transitLatencyMicros")))
                    .min(Comparator.comparingDouble(l -> Math.abs(l - wanted)));
        }
        Optional<Quantity> decrypts = run.number("deltas.figures.apiserver_kms_decrypts", "count");
        Optional<Quantity> seconds = run.number("deltas.figures.apiserver_kms_decrypt_seconds", "s");
        if (decrypts.isEmpty() || seconds.isEmpty() || decrypts.get().value() <= 0) {
            return Optional.empty();
        }
        double meanSeconds = seconds.get().value() / decrypts.get().value();
        return single.stream()
                .min(Comparator.comparingDouble(r -> Math.abs(r.secondsPerOp(1).value() - meanSeconds)))
                .map(r -> Integer.parseInt(r.param("transitLatencyMicros")));
    }

    /** One direct decrypt by one caller (SampleTime), at a Transit latency: the cost of a DEK cache miss. */
    Optional<Result> singleCallerDirect(int transitLatencyMicros) {
        return micro.find(
                SINGLE_CALLER,
                "sample",
                Map.of("mode", DIRECT, "transitLatencyMicros", Integer.toString(transitLatencyMicros)),
                Map.of());
    }

    /**
     * Throughput at {@code callers} concurrent callers, interpolated linearly in log(callers) between the measured
     * caller counts (clamped to their range), with the interval interpolated the same way.
     */
    Optional<Quantity> throughputAt(String mode, int transitLatencyMicros, int callers) {
        List<Result> points = fanoutResults(r -> r.param("mode").equals(mode)
                        && r.param("transitLatencyMicros").equals(Integer.toString(transitLatencyMicros)))
                .stream()
                .sorted(Comparator.comparingInt(Result::threads))
                .toList();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Result below = points.get(0);
        Result above = points.get(points.size() - 1);
        for (Result r : points) {
            if (r.threads() <= callers) {
                below = r;
            }
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            if (points.get(i).threads() >= callers) {
                above = points.get(i);
            }
        }
        double t = below.threads() == above.threads()
                ? 0
                : Math.log((double) Math.max(below.threads(), Math.min(callers, above.threads())) / below.threads())
                        / Math.log((double) above.threads() / below.threads());
        Quantity a = below.opsPerMs();
        Quantity b = above.opsPerMs();
        return Optional.of(new Quantity(
                a.value() + t * (b.value() - a.value()),
                a.low() + t * (b.low() - a.low()),
                a.high() + t * (b.high() - a.high()),
                "ops/ms",
                t == 0
                        ? a.source()
                        : new Report.Source(
                                a.source().file(),
                                a.source().field() + " and " + b.source().field() + ", interpolated at " + callers
                                        + " callers")));
    }

    /** The coalescing window of the coalesced results at a Transit latency. */
    Optional<Integer> windowMicros(int transitLatencyMicros) {
        return fanoutResults(r -> r.param("mode").equals(COALESCE)
                        && r.param("transitLatencyMicros").equals(Integer.toString(transitLatencyMicros)))
                .stream()
                .map(r -> Integer.parseInt(r.param("windowMicros")))
                .findFirst();
    }

    private List<Result> fanoutResults(Predicate<Result> filter) {
        List<Result> all = new ArrayList<>();
        for (String benchmark : BENCHMARKS) {
            all.addAll(micro.all(benchmark, "thrpt", filter));
        }
        return all;
    }
}
