package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Would coalescing concurrent KMS decrypts into Transit batches shorten a run? The decrypts' time on the critical
 * path is the API servers' KMS latency sum ({@code apiserver_envelope_encryption_kms_operations_latency_seconds},
 * Decrypt) divided by the callers, who decrypt at once; without that histogram, decrypts ÷ the measured direct
 * throughput at that concurrency. Batching can save at most all of it; at the run's concurrency the micro curves say
 * how much: {@code saving = time × (1 − direct ÷ coalesced throughput)}.
 *
 * <p>Verdicts: {@code not-needed} when even the upper bound (the decrypt time's upper end), or else the estimate, is
 * under the threshold; {@code worth-trying} when the estimate reaches it; {@code would-hurt} when coalescing is slower
 * at this concurrency by at least the threshold; {@code undecided} when an input is missing, or when the verdict
 * would rest on a micro result whose error JMH could not estimate (a quick run): the bound may still decide, the
 * estimate may not.
 */
final class BatchingDecider {
    private BatchingDecider() {}

    static BatchingDecision decide(MacroRun run, RunAttribution attribution, KmsCurves kms, double thresholdPercent) {
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Optional<Quantity> decrypts = HotPath.KMS_DECRYPT.count(run);
        int callers = run.endpoints();
        Optional<Integer> latency = kms.transitLatencyMicros(run);
        Optional<Quantity> direct = latency.flatMap(l -> kms.throughputAt(KmsCurves.DIRECT, l, callers));
        Optional<Quantity> coalesced = latency.flatMap(l -> kms.throughputAt(KmsCurves.COALESCE, l, callers));
        double window = attribution.windowSeconds();
        if (decrypts.isEmpty() || window <= 0) {
            missing.add(
                    decrypts.isEmpty()
                            ? "decrypt counts: run.json has no apiserver, provider or Transit decrypt delta"
                            : "the run's window: phases.csv lacks its phases");
            return undecided(run, callers, latency, evidence, missing, decrypts.orElse(null), null);
        }
        double n = decrypts.get().value();
        evidence.add(String.format(
                Locale.US,
                "%,.0f KMS decrypts (%s %s), %d API server(s) decrypting at once",
                n,
                decrypts.get().source().file(),
                decrypts.get().source().field(),
                callers));
        Optional<Quantity> decryptSeconds = criticalPath(run, n, callers, direct, evidence);
        if (decryptSeconds.isEmpty()) {
            missing.add(
                    "decrypt time: neither the API servers' KMS latency histogram nor DecryptFanoutBenchmark direct results");
            return undecided(run, callers, latency, evidence, missing, decrypts.get(), null);
        }
        Quantity decryptTime = decryptSeconds.get();
        if (decryptTime.errorUnknown()) {
            missing.add(rerun(decryptTime));
            return undecided(run, callers, latency, evidence, missing, decrypts.get(), decryptTime);
        }
        double time = decryptTime.value();
        double bound = decryptTime.high();
        double boundPercent = 100 * bound / window;
        if (boundPercent >= thresholdPercent) {
            direct.filter(Quantity::errorUnknown)
                    .or(() -> coalesced.filter(Quantity::errorUnknown))
                    .ifPresent(unknown -> missing.add(rerun(unknown)));
            if (!missing.isEmpty()) {
                return undecided(run, callers, latency, evidence, missing, decrypts.get(), decryptTime);
            }
        }
        if (direct.isEmpty() || coalesced.isEmpty()) {
            missing.add("DecryptFanoutBenchmark thrpt results, DIRECT and COALESCE, at the run's Transit latency");
            if (boundPercent < thresholdPercent) {
                String summary = String.format(
                        Locale.US,
                        "decrypt micro-batching would save at most %s of %s (%.1f%%, under the %s%% threshold) — not needed",
                        Format.seconds(bound),
                        Format.seconds(window),
                        boundPercent,
                        Format.number(thresholdPercent));
                return decision(
                        run,
                        "not-needed",
                        summary,
                        decrypts.get(),
                        decryptTime,
                        callers,
                        latency,
                        null,
                        null,
                        null,
                        null,
                        bound,
                        boundPercent,
                        window,
                        evidence,
                        missing);
            }
            return undecided(run, callers, latency, evidence, missing, decrypts.get(), decryptTime);
        }
        double ratio = direct.get().value() / coalesced.get().value();
        double lowRatio = direct.get().low() / Math.max(coalesced.get().high(), Double.MIN_VALUE);
        double highRatio = coalesced.get().low() > 0
                ? direct.get().high() / coalesced.get().low()
                : Double.POSITIVE_INFINITY;
        Quantity saving = new Quantity(
                time * (1 - ratio),
                time * (1 - highRatio),
                time * (1 - lowRatio),
                "s",
                new Source(
                        decryptTime.source().file(),
                        "decrypt time × (1 − direct ÷ coalesced throughput at " + callers + " callers)"));
        evidence.add(String.format(
                Locale.US,
                "at %d caller(s) and Transit latency %d µs: direct %.3g ops/ms, coalesced %.3g ops/ms (%s)",
                callers,
                latency.get(),
                direct.get().value(),
                coalesced.get().value(),
                direct.get().source().file()));
        double savingPercent = 100 * saving.value() / window;
        String verdict;
        String summary;
        if (boundPercent < thresholdPercent) {
            verdict = "not-needed";
            summary = String.format(
                    Locale.US,
                    "decrypt micro-batching would save at most %s of %s here (%.1f%%) — not needed",
                    Format.seconds(bound),
                    Format.seconds(window),
                    boundPercent);
        } else if (savingPercent >= thresholdPercent) {
            verdict = "worth-trying";
            summary = String.format(
                    Locale.US,
                    "decrypt fan-out is %.0f%% of the %s window — coalescing would save ≈ %s (%.1f%%) at %d caller(s)",
                    boundPercent,
                    Format.seconds(window),
                    Format.seconds(saving.value()),
                    savingPercent,
                    callers);
        } else if (-savingPercent >= thresholdPercent) {
            verdict = "would-hurt";
            summary = String.format(
                    Locale.US,
                    "at %d caller(s) coalescing is slower than direct decrypts: it would add ≈ %s (%.1f%%) — do not batch",
                    callers,
                    Format.seconds(-saving.value()),
                    -savingPercent);
        } else {
            verdict = "not-needed";
            summary = String.format(
                    Locale.US,
                    "decrypts take %s of %s (%.1f%%), but at %d caller(s) coalescing would save only ≈ %s (%.1f%%) — not needed",
                    Format.seconds(time),
                    Format.seconds(window),
                    boundPercent,
                    callers,
                    Format.seconds(saving.value()),
                    savingPercent);
        }
        return decision(
                run,
                verdict,
                summary,
                decrypts.get(),
                decryptTime,
                callers,
                latency,
                kms.windowMicros(latency.get()).orElse(null),
                direct.get(),
                coalesced.get(),
                saving,
                bound,
                boundPercent,
                window,
                evidence,
                missing);
    }

    private static Optional<Quantity> criticalPath(
            MacroRun run, double decrypts, int callers, Optional<Quantity> direct, List<String> evidence) {
        Optional<Quantity> observed = run.number("deltas.figures.apiserver_kms_decrypt_seconds", "s");
        if (observed.isPresent()) {
            double perCaller = observed.get().value() / callers;
            evidence.add(String.format(
                    Locale.US,
                    "API servers' KMS decrypt latency sum %s (%s), ÷ %d caller(s) = %s on the critical path",
                    Format.seconds(observed.get().value()),
                    observed.get().source().field(),
                    callers,
                    Format.seconds(perCaller)));
            return Optional.of(Quantity.exact(
                    perCaller,
                    "s",
                    new Source(
                            observed.get().source().file(),
                            observed.get().source().field() + " ÷ " + callers + " callers")));
        }
        return direct.map(d -> {
            double ms = decrypts / d.value();
            evidence.add(String.format(
                    Locale.US,
                    "no KMS latency histogram: %,.0f decrypts ÷ %.3g ops/ms direct = %s",
                    decrypts,
                    d.value(),
                    Format.seconds(ms / 1000)));
            return new Quantity(
                    ms / 1000,
                    decrypts / d.high() / 1000,
                    d.low() > 0 ? decrypts / d.low() / 1000 : Double.POSITIVE_INFINITY,
                    "s",
                    new Source(d.source().file(), "decrypts ÷ " + d.source().field()));
        });
    }

    /** What a verdict resting on a result without an error estimate needs: the same benchmark with forks. */
    private static String rerun(Quantity unknown) {
        return "rerun DecryptFanoutBenchmark with the full preset (./jmh.sh DecryptFanoutBenchmark): "
                + unknown.source().file() + " gives no error estimate for "
                + unknown.source().field();
    }

    private static BatchingDecision undecided(
            MacroRun run,
            int callers,
            Optional<Integer> latency,
            List<String> evidence,
            List<String> missing,
            Quantity decrypts,
            Quantity decryptSeconds) {
        return new BatchingDecision(
                run.name,
                "undecided",
                "cannot decide on decrypt micro-batching: " + String.join("; ", missing),
                decrypts,
                decryptSeconds,
                callers,
                latency.orElse(null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                evidence,
                missing);
    }

    private static BatchingDecision decision(
            MacroRun run,
            String verdict,
            String summary,
            Quantity decrypts,
            Quantity decryptSeconds,
            int callers,
            Optional<Integer> latency,
            Integer windowMicros,
            Quantity direct,
            Quantity coalesced,
            Quantity saving,
            double bound,
            double boundPercent,
            double window,
            List<String> evidence,
            List<String> missing) {
        return new BatchingDecision(
                run.name,
                verdict,
                summary,
                decrypts,
                decryptSeconds,
                callers,
                latency.orElse(null),
                windowMicros,
                direct == null ? null : direct.value(),
                coalesced == null ? null : coalesced.value(),
                saving,
                saving == null ? null : 100 * saving.value() / window,
                bound,
                boundPercent,
                evidence,
                missing);
    }
}
