package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Finding;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import dev.cpbench.macro.correlate.Report.Source;
import dev.cpbench.macro.correlate.Report.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The diagnosis table: symptom → metric evidence → likely cause → next action, one row per rule a run triggers.
 * Rules and thresholds:
 * <ul>
 * <li>list-bound: the list (or load) phase is at least {@value #LIST_BOUND} of the window while KMS decrypts stay
 *     under the decision threshold;
 * <li>decrypt-bound: KMS decrypts on the critical path reach the decision threshold;
 * <li>DEK cache misses: more decrypts than the run expected (one per DEK source per API server), or decrypts that
 *     grow linearly with the corpus across runs;
 * <li>slow first decrypts: the API servers' mean KMS decrypt latency is {@value #SLOW_FIRST_DECRYPT} times the micro
 *     benchmark's warm single-caller cost (upper end of its interval) or more;
 * <li>memory: the harness's old generation peaked at {@value #MEMORY_NEAR_LIMIT} of its heap limit or more
 *     (embedded stand-in only: a cluster's limits are not known to the run);
 * <li>rate limits: any HTTP 429 among the errors; errors by endpoint; object reads short of those expected;
 * <li>unexplained: more than {@value #UNEXPLAINED} of the window is outside every hot path.
 * </ul>
 */
final class Diagnosis {
    static final double LIST_BOUND = 0.5;
    static final double MEMORY_NEAR_LIMIT = 0.8;
    static final double UNEXPLAINED = 0.5;
    static final double SLOW_FIRST_DECRYPT = 5;

    private Diagnosis() {}

    static List<Finding> of(MacroRun run, RunAttribution a, BatchingDecision batching, double thresholdPercent) {
        List<Finding> findings = new ArrayList<>();
        double decryptPercent = batching.upperBoundPercent() == null ? Double.NaN : batching.upperBoundPercent();
        listBound(run, a, decryptPercent, thresholdPercent).ifPresent(findings::add);
        if (decryptPercent >= thresholdPercent) {
            findings.add(new Finding(
                    run.name,
                    String.format(Locale.US, "KMS decrypts are %.1f%% of the window", decryptPercent),
                    String.join("; ", batching.evidence()),
                    "provider latency or decrypt fan-out on the start-up's critical path",
                    "see the micro-batching decision (" + batching.verdict()
                            + "); check the provider's latency and its Transit/HSM",
                    List.of(batching.decryptSeconds().source())));
        }
        extraDecrypts(run, batching).ifPresent(findings::add);
        slowFirstDecrypts(run, a).ifPresent(findings::add);
        memory(run).ifPresent(findings::add);
        findings.addAll(errors(run));
        unexplained(run, a).ifPresent(findings::add);
        return findings;
    }

    /** Findings across runs: decrypts that grow with the corpus. */
    static List<Finding> of(ScalingGroup group) {
        List<Finding> findings = new ArrayList<>();
        for (Fit fit : group.fits()) {
            if (fit.term().equals("decrypts") && fit.growth().equals("linear")) {
                findings.add(new Finding(
                        String.join(", ", group.runs()),
                        "KMS decrypts grow with the corpus",
                        String.format(
                                Locale.US,
                                "decrypts %s at %s objects; %.3g per 1,000 objects",
                                fit.values(),
                                group.objects(),
                                fit.slope() * 1000),
                        "DEK cache misses: a DEK per write (legacy KMS v1-style keys), key rotation during the runs, or a DEK cache smaller than the DEK sources",
                        "check the provider's key_id over time and the API servers' DEK cache size; KMS v2 seeds should keep decrypts near one per DEK source per API server",
                        group.runs().stream()
                                .map(r -> new Source(r + "/run.json", "deltas.figures.apiserver_kms_decrypts"))
                                .toList()));
            }
        }
        return findings;
    }

    private static Optional<Finding> listBound(
            MacroRun run, RunAttribution a, double decryptPercent, double thresholdPercent) {
        Optional<PhaseTime> list = a.phases().stream()
                .filter(p -> p.phase().equals("list") || p.phase().equals("load"))
                .findFirst();
        if (list.isEmpty()
                || a.windowSeconds() <= 0
                || list.get().seconds() < LIST_BOUND * a.windowSeconds()
                || !(decryptPercent < thresholdPercent)) {
            return Optional.empty();
        }
        Optional<Quantity> p95 = run.p95Ms("list");
        String largest = a.terms().stream()
                .filter(t -> t.phase().equals(list.get().phase()))
                .max(Comparator.comparingDouble(t -> t.wallSeconds().value()))
                .map(t -> String.format(
                        Locale.US,
                        "; largest listed term %s %s",
                        t.hotPath(),
                        Format.seconds(t.wallSeconds().value())))
                .orElse("");
        String evidence = String.format(
                Locale.US,
                "%s phase %s of the %s window%s; KMS decrypts %.1f%%; %s unexplained in the phase%s",
                list.get().phase(),
                Format.seconds(list.get().seconds()),
                Format.seconds(a.windowSeconds()),
                p95.map(p -> String.format(Locale.US, ", list p95 %s", Format.seconds(p.value() / 1000)))
                        .orElse(""),
                decryptPercent,
                Format.seconds(list.get().remainderSeconds()),
                largest);
        List<Source> sources = new ArrayList<>(List.of(list.get().source()));
        p95.ifPresent(p -> sources.add(p.source()));
        return Optional.of(new Finding(
                run.name,
                "listing dominates with flat decrypts",
                evidence,
                "list handling: serialisation, gzip, transport and the client's decode, not KMS",
                "compare encoders and gzip in one run (ListEncodeBenchmark; --embedded-list-encoder), the page size, and the client (ListDecodeBenchmark); profile the list phase",
                sources));
    }

    private static Optional<Finding> extraDecrypts(MacroRun run, BatchingDecision batching) {
        Optional<Quantity> expected = run.number("facts.expectedColdStartDecrypts", "count");
        if (batching.decrypts() == null
                || expected.isEmpty()
                || batching.decrypts().value() <= expected.get().value()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                run.name,
                "more KMS decrypts than DEK sources",
                String.format(
                        Locale.US,
                        "%,.0f decrypts, %,.0f expected (one per DEK source per API server)",
                        batching.decrypts().value(),
                        expected.get().value()),
                "DEK cache misses: key rotation, a DEK cache too small for the DEK sources, or more restarts than the run made",
                "compare the provider's key_id before and after; look for writes during the run; size the DEK cache",
                List.of(batching.decrypts().source(), expected.get().source())));
    }

    private static Optional<Finding> slowFirstDecrypts(MacroRun run, RunAttribution a) {
        Optional<Term> micro = a.terms().stream()
                .filter(t -> t.hotPath().equals(HotPath.KMS_DECRYPT.id))
                .findFirst();
        Optional<Quantity> seconds = run.number("deltas.figures.apiserver_kms_decrypt_seconds", "s");
        if (micro.isEmpty() || seconds.isEmpty() || micro.get().count().value() <= 0) {
            return Optional.empty();
        }
        double observed = seconds.get().value() / micro.get().count().value();
        Quantity cost = micro.get().costSeconds();
        double measured = cost.errorUnknown() ? cost.value() : cost.high();
        if (observed < SLOW_FIRST_DECRYPT * measured) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                run.name,
                "KMS decrypts after the restart are slower than the micro benchmark's",
                String.format(
                        Locale.US,
                        "%s per decrypt observed (the API servers' KMS latency histogram), %s in the micro benchmark (one caller, warm)",
                        Format.seconds(observed),
                        Format.seconds(micro.get().costSeconds().value())),
                "first calls pay for new connections: the API server's gRPC channel to the plugin's socket, the plugin's to Transit, and cold code paths",
                "warm the provider at start (a Status call, a pooled Transit connection); the kms-decrypt term and the batching decision use the observed time, the model (warm) is shown beside it",
                List.of(seconds.get().source(), micro.get().costSeconds().source())));
    }

    private static Optional<Finding> memory(MacroRun run) {
        Optional<Quantity> peak = run.number("harness.oldGenPeakBytes", "B");
        Optional<Quantity> max = run.number("harness.heapMaxBytes", "B");
        if (!run.embedded()
                || peak.isEmpty()
                || max.isEmpty()
                || peak.get().value() < MEMORY_NEAR_LIMIT * max.get().value()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                run.name,
                "memory near the heap limit",
                String.format(
                        Locale.US,
                        "old generation peak %,.0f MiB of a %,.0f MiB heap (%.0f%%)",
                        peak.get().value() / (1 << 20),
                        max.get().value() / (1 << 20),
                        100 * peak.get().value() / max.get().value()),
                "whole-list responses and the watch cache held at once; GC time inflates every phase",
                "use the streaming encoder, smaller pages, or a larger heap; ./macro.sh list-memory measures what one list keeps",
                List.of(peak.get().source(), max.get().source())));
    }

    private static List<Finding> errors(MacroRun run) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> endpoint :
                run.errorsByEndpoint().entrySet()) {
            Map<String, Long> kinds = endpoint.getValue();
            if (kinds.isEmpty()) {
                continue;
            }
            boolean rateLimited =
                    kinds.keySet().stream().anyMatch(k -> k.contains("429") || k.contains("TooManyRequests"));
            findings.add(new Finding(
                    run.name,
                    rateLimited ? "rate limited at " + endpoint.getKey() : "errors at " + endpoint.getKey(),
                    "errors by kind: " + kinds,
                    rateLimited
                            ? "API Priority and Fairness or max-requests-inflight rejected requests (HTTP 429)"
                            : "the endpoint failed or timed out during the run",
                    rateLimited
                            ? "raise the flow schema's shares or max-requests-inflight, or lower the client's concurrency"
                            : "read endpoints[].firstErrorOfEachKind in run.json and the API server's log",
                    List.of(run.source("endpoints[name=" + endpoint.getKey() + "].errorsByKind"))));
        }
        Optional<Quantity> reads = run.number("objectReads", "count");
        Optional<Quantity> expected = run.number("expectedObjectReads", "count");
        if (reads.isPresent()
                && expected.isPresent()
                && reads.get().value() < expected.get().value()) {
            findings.add(new Finding(
                    run.name,
                    "object reads short of those expected",
                    String.format(
                            Locale.US,
                            "%,.0f of %,.0f objects read",
                            reads.get().value(),
                            expected.get().value()),
                    "lists broke off (errors, timeouts or an interrupt): the timings cover less than the corpus",
                    "fix the errors first; compare only complete runs",
                    List.of(reads.get().source(), expected.get().source())));
        }
        return findings;
    }

    /** {@code ; the harness's 4.25 CPU-s in it (1.95 cores busy): apiServers 35%, …}, or nothing when not recorded. */
    private static String threadShares(PhaseTime phase) {
        double total = phase.cpuByThreads().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        if (total <= 0 || phase.seconds() <= 0) {
            return "";
        }
        return String.format(
                        Locale.US,
                        "; the harness's %.2f CPU-s in it (%.2f cores busy): ",
                        total,
                        total / phase.seconds())
                + phase.cpuByThreads().entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(e -> String.format(Locale.US, "%s %.0f%%", e.getKey(), 100 * e.getValue() / total))
                        .collect(Collectors.joining(", "));
    }

    private static Optional<Finding> unexplained(MacroRun run, RunAttribution a) {
        if (a.windowSeconds() <= 0 || a.remainderShare() <= UNEXPLAINED) {
            return Optional.empty();
        }
        PhaseTime largest = a.phases().stream()
                .max(Comparator.comparingDouble(PhaseTime::remainderSeconds))
                .orElseThrow();
        return Optional.of(new Finding(
                run.name,
                "most of the window is outside every micro benchmark",
                String.format(
                        Locale.US,
                        "%s of %s unexplained (%.0f%%), most in the %s phase (%s)%s",
                        Format.seconds(a.remainderSeconds()),
                        Format.seconds(a.windowSeconds()),
                        100 * a.remainderShare(),
                        largest.phase(),
                        Format.seconds(largest.remainderSeconds()),
                        threadShares(largest)),
                (run.embedded()
                                ? "the stand-in shares " + a.harnessProcessors()
                                        + " cores among API servers and clients, "
                                        + "with the JVM's JIT compiler and GC, which the warm, small-heap micro benchmarks do not pay; "
                                : "")
                        + "work no micro benchmark covers, and the same work costing more when contended",
                "profile the " + largest.phase()
                        + " phase (JFR on the embedded stand-in, pprof on a cluster) and add a micro benchmark for what dominates",
                List.of(largest.source())));
    }
}
