package dev.cpbench.macro.correlate;

import java.util.List;
import java.util.Map;

/**
 * What {@code ./macro.sh correlate} writes to {@code report.json}; {@code report.md} and {@code report.html} are
 * renderings of it. Schema version {@value #SCHEMA_VERSION}: fields are only ever added within a version.
 * Seconds are seconds, shares are fractions of the run's observed window (0.25 = 25%), and every figure taken from
 * an input carries a {@link Source} naming the file and the field it came from.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param inputs what was read, as given on the command line
 * @param runs one time attribution per macro run, in the order given
 * @param batching one micro-batching decision per macro run
 * @param diagnosis findings, symptom to next action, for every run
 * @param scaling how each term grows with the corpus, per group of comparable runs
 * @param latencyCurves latency percentile curves from the runs' {@code .hlog} files
 * @param fanoutCurves direct against coalesced KMS decrypt throughput from the micro results
 * @param charts the chart files written next to the report
 */
public record Report(
        int schemaVersion,
        Inputs inputs,
        List<RunAttribution> runs,
        List<BatchingDecision> batching,
        List<Finding> diagnosis,
        List<ScalingGroup> scaling,
        List<LatencyCurve> latencyCurves,
        List<FanoutCurve> fanoutCurves,
        List<Chart> charts) {
    public static final int SCHEMA_VERSION = 1;

    /**
     * @param micro JMH JSON files; a {@link Source#file()} of a micro figure is one of their file names
     * @param macro macro run directories; a {@link Source#file()} of a macro figure is {@code <run dir name>/<file>}
     * @param decisionThresholdPercent the saving, in percent of the window, above which batching is worth trying
     */
    public record Inputs(List<String> micro, List<String> macro, double decisionThresholdPercent) {}

    /**
     * Where a figure came from.
     *
     * @param file a JMH file name, or {@code <run dir name>/<file>}
     * @param field a JSON path ({@code deltas.figures.apiserver_kms_decrypts}), a JMH result
     *     ({@code dev.cpbench...decrypt [payloadBytes=1024 cipher=ACCP] primaryMetric.score}) or a CSV cell
     */
    public record Source(String file, String field) {}

    /**
     * A figure with its 99.9% confidence interval when it has one ({@code low == high == value} for an exact count);
     * {@code low} and {@code high} are NaN (written {@code "NaN"}) when the error is unknown: JMH gives none for a
     * run of one fork with too few iterations, and a figure computed from such a result inherits the unknown.
     */
    public record Quantity(double value, double low, double high, String unit, Source source) {
        static Quantity exact(double value, String unit, Source source) {
            return new Quantity(value, value, value, unit, source);
        }

        static Quantity errorUnknown(double value, String unit, Source source) {
            return new Quantity(value, Double.NaN, Double.NaN, unit, source);
        }

        boolean errorUnknown() {
            return Double.isNaN(low) || Double.isNaN(high);
        }
    }

    /**
     * The time of one macro run, split into hot paths (count × micro cost) and what they leave unexplained.
     *
     * @param run the run directory's name
     * @param scenario {@code cold-start} or {@code sustained}
     * @param embedded true when the figures come from the embedded stand-in, not a real cluster
     * @param target the run's own description of its target
     * @param objects the corpus size
     * @param objectBytes payload bytes per object
     * @param endpoints API servers listed at once
     * @param harnessProcessors processors of the machine that ran the harness (and, embedded, the API servers)
     * @param windowSeconds observed wall time the shares are of: the sum of {@link #phases}
     * @param phases the phases the window spans, each with its explained and unexplained seconds
     * @param terms the hot paths whose count and cost were both found
     * @param explainedSeconds sum of the terms' wall seconds
     * @param remainderSeconds window minus explained: transport, the client and work no micro benchmark covers
     *     (negative when the terms overlap by more than the parallelism assumed)
     * @param remainderShare remainder / window
     * @param missing hot paths left out, each with what was missing
     */
    public record RunAttribution(
            String run,
            String scenario,
            boolean embedded,
            String target,
            long objects,
            int objectBytes,
            int endpoints,
            int harnessProcessors,
            double windowSeconds,
            List<PhaseTime> phases,
            List<Term> terms,
            double explainedSeconds,
            double remainderSeconds,
            double remainderShare,
            List<String> missing) {}

    /**
     * One phase of the window: observed seconds ({@code phases.csv}), the terms' share of them and the rest, and the
     * harness's CPU seconds in it by threads ({@code phases[].cpuByThreads}; empty for runs that did not record it).
     */
    public record PhaseTime(
            String phase,
            double seconds,
            double explainedSeconds,
            double remainderSeconds,
            Source source,
            Map<String, Double> cpuByThreads) {}

    /**
     * One hot path in one run.
     *
     * @param hotPath the mapping's name (see {@link HotPath})
     * @param description what the operation is
     * @param phase the phase it runs in
     * @param count how many times the macro run did it
     * @param costSeconds micro cost of one operation, seconds, with the JMH error as the interval
     * @param allocBytesPerOp {@code gc.alloc.rate.norm} per operation of the macro's kind, when measured
     * @param workSeconds count × cost: the time one thread would spend
     * @param parallelism how many threads did that work at once (see {@link HotPath})
     * @param modelSeconds the micro prediction: work / parallelism, with the interval from the cost's
     * @param serverSeconds the API servers' own measured time for this hot path (their histogram's sum, in
     *     run.json's deltas) divided by the API servers doing it at once; null when the run has no such histogram
     * @param serverPartial the server's figure covers part of the hot path only (the refill's decrypts), to which the model of the rest is added
     * @param wallSeconds what the window is attributed: the server's measured time when there is one (when it is a
     *     part, plus the model of the rest), else the model's; a provider wait on the stand-in at most the phase's idle time
     * @param share wall seconds / window
     */
    public record Term(
            String hotPath,
            String description,
            String phase,
            Quantity count,
            Quantity costSeconds,
            Double allocBytesPerOp,
            double workSeconds,
            double parallelism,
            Quantity modelSeconds,
            Quantity serverSeconds,
            boolean serverPartial,
            Quantity wallSeconds,
            double share) {
        /** Model ÷ server: below 1 the micro benchmark is cheaper than what the server measured; NaN without a server figure. */
        public double modelOverServer() {
            return serverSeconds == null || serverSeconds.value() <= 0
                    ? Double.NaN
                    : modelSeconds.value() / serverSeconds.value();
        }
    }

    /**
     * Would micro-batching of KMS decrypts (coalescing concurrent Decrypts into one Transit batch) shorten this run?
     *
     * @param run the run directory's name
     * @param verdict {@code not-needed}, {@code worth-trying}, {@code would-hurt} or {@code undecided} (inputs missing)
     * @param summary one sentence a person can act on
     * @param decrypts KMS decrypts the run made
     * @param decryptSeconds time spent in them on the critical path: the API servers' KMS latency sum divided by the
     *     callers, or, without that histogram, decrypts × the micro direct cost
     * @param concurrency concurrent callers at the provider: the API servers decrypting at once
     * @param transitLatencyMicros the Transit latency of the micro curves used
     * @param windowMicros the coalescing window of those curves
     * @param directOpsPerMs direct decrypt throughput at {@link #concurrency} (interpolated)
     * @param coalescedOpsPerMs coalesced decrypt throughput at {@link #concurrency} (interpolated)
     * @param savingSeconds decryptSeconds × (1 − direct / coalesced), with the interval from the micro errors
     * @param savingPercent saving / window, percent
     * @param upperBoundSeconds the most any batching could save: all of decryptSeconds
     * @param upperBoundPercent upper bound / window, percent
     * @param evidence what the verdict rests on, one line each
     * @param missing what was missing for a full answer
     */
    public record BatchingDecision(
            String run,
            String verdict,
            String summary,
            Quantity decrypts,
            Quantity decryptSeconds,
            int concurrency,
            Integer transitLatencyMicros,
            Integer windowMicros,
            Double directOpsPerMs,
            Double coalescedOpsPerMs,
            Quantity savingSeconds,
            Double savingPercent,
            Double upperBoundSeconds,
            Double upperBoundPercent,
            List<String> evidence,
            List<String> missing) {}

    /** One row of the diagnosis table. */
    public record Finding(
            String run, String symptom, String evidence, String cause, String action, List<Source> sources) {}

    /**
     * Runs of the same scenario and target set-up at different corpus sizes, and a straight-line fit of each term.
     *
     * @param key what the runs share (scenario, target, API servers, encoder, gzip)
     * @param runs run names, by corpus size
     * @param objects their corpus sizes
     * @param fits one per term, phase and the remainder
     */
    public record ScalingGroup(String key, List<String> runs, List<Long> objects, List<Fit> fits) {}

    /**
     * {@code value ≈ intercept + slope × objects}, least squares.
     *
     * @param term a hot path, {@code phase:<name>}, {@code remainder} or {@code decrypts}
     * @param unit seconds, or {@code count} for decrypts
     * @param values one per run of the group
     * @param growth {@code linear} when the slope term is at least half the value at the largest corpus,
     *     {@code constant} otherwise, {@code two points: no verdict} when the runs have only two corpus sizes
     * @param corpusShareAtLargest slope × objects / fitted value, at the largest corpus
     */
    public record Fit(
            String term,
            String unit,
            List<Double> values,
            double intercept,
            double slope,
            String growth,
            double corpusShareAtLargest) {}

    /** Percentile (0-100) against latency (ms) of one operation of one run, all endpoints together. */
    public record LatencyCurve(String run, String operation, long count, List<Point> points, Source source) {}

    /** Throughput (ops/ms) against concurrent callers for one mode and Transit latency. */
    public record FanoutCurve(
            String mode, int transitLatencyMicros, int windowMicros, List<Point> points, Source source) {}

    public record Point(double x, double y) {}

    /** A chart written next to the report: {@code charts/<name>.png} and {@code charts/<name>.svg}. */
    public record Chart(String name, String title, String png, String svg) {}
}
