package dev.cpbench.macro.tenants;

import dev.cpbench.macro.latency.LatencyRow;
import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.scenario.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A tenant run's part of the report: the bootstrap's outcome, the per-phase table (from the samples: CPU from
 * {@code process_cpu_seconds_total} deltas over each window, heap, RSS, goroutines or threads, open FDs at its
 * end), the per-tenant table (growth from the baseline ÷ tenants), the latency table with errors and 409
 * conflicts per operation, the open-model rates when there was a load, and the sizing table.
 */
final class TenantReport {
    private static final double MIB = 1024.0 * 1024.0;
    private static final double KIB = 1024.0;
    private static final String DURING_BOOTSTRAP = "during the bootstrap";
    private static final String AFTER_BOOTSTRAP = "after the bootstrap (settle, steady wait or load)";

    /** One window between two samples, or the baseline alone. */
    record PhaseRow(
            String sample,
            double seconds,
            double cpuCores,
            double heapBytes,
            double liveHeapBytes,
            double rssBytes,
            double threads,
            double openFds) {}

    /** Growth from the baseline to one sample, per tenant. */
    record PerTenant(
            String sample, double heapKib, double liveHeapKib, double rssKib, double threads, double openFds) {}

    /** One operation's outcomes and latency. */
    record OperationRow(
            String operation,
            long count,
            long errors,
            long conflicts,
            double p50Ms,
            double p90Ms,
            double p99Ms,
            double maxMs) {}

    private final RunRecord run;
    private final String scenario;
    private final int tenants;
    private final int requested;
    private final long ready;
    private final OperationTally tally;
    private final MixedLoad.Rates rates;
    private final Map<String, Map<String, Double>> profileFigures;
    private final ProcessTimeline timeline;
    private final long bootstrapStart;
    private final long bootstrapEnd;
    private final String steadyFrom;
    private final String steadyTo;
    private final double safetyFactor;
    private final List<String> profilesUnavailable;
    private final boolean shared;

    TenantReport(
            RunRecord run,
            String scenario,
            int tenants,
            int requested,
            long ready,
            OperationTally tally,
            MixedLoad.Rates rates,
            Map<String, Map<String, Double>> profileFigures,
            ProcessTimeline timeline,
            long bootstrapStart,
            long bootstrapEnd,
            String steadyFrom,
            String steadyTo,
            double safetyFactor,
            List<String> profilesUnavailable) {
        this.run = run;
        this.scenario = scenario;
        this.tenants = tenants;
        this.requested = requested;
        this.ready = ready;
        this.tally = tally;
        this.rates = rates;
        this.profileFigures = profileFigures;
        this.timeline = timeline;
        this.bootstrapStart = bootstrapStart;
        this.bootstrapEnd = bootstrapEnd;
        this.steadyFrom = steadyFrom;
        this.steadyTo = steadyTo;
        this.safetyFactor = safetyFactor;
        this.profilesUnavailable = profilesUnavailable;
        this.shared = run.target().sharedProcess();
    }

    List<PhaseRow> phases() {
        List<PhaseRow> rows = new ArrayList<>();
        Sample previous = null;
        for (Sample s : run.samples()) {
            double seconds = previous == null
                    ? Double.NaN
                    : (s.at().toEpochMilli() - previous.at().toEpochMilli()) / 1000.0;
            double cores = previous == null
                    ? Double.NaN
                    : (total(s, Figure.CPU_SECONDS) - total(previous, Figure.CPU_SECONDS)) / seconds;
            rows.add(new PhaseRow(
                    s.phase(),
                    seconds,
                    cores,
                    total(s, Figure.HEAP_BYTES),
                    liveHeap(s.phase()),
                    total(s, Figure.RSS_BYTES),
                    total(s, Figure.THREADS),
                    total(s, Figure.OPEN_FDS)));
            previous = s;
        }
        return rows;
    }

    List<PerTenant> perTenant() {
        Optional<Sample> baseline = run.sampleNamed(RunRecord.BASELINE);
        if (baseline.isEmpty() || tenants == 0) {
            return List.of();
        }
        List<PerTenant> rows = new ArrayList<>();
        for (Sample s : run.samples()) {
            if (!profileFigures.containsKey(s.phase()) || s.phase().equals(RunRecord.BASELINE)) {
                continue; // per-tenant figures only at the profiled samples, where the embedded heap is the live set
            }
            Sample b = baseline.get();
            rows.add(new PerTenant(
                    s.phase(),
                    growth(b, s, Figure.HEAP_BYTES) / KIB / tenants,
                    (liveHeap(s.phase()) - liveHeap(RunRecord.BASELINE)) / KIB / tenants,
                    growth(b, s, Figure.RSS_BYTES) / KIB / tenants,
                    growth(b, s, Figure.THREADS) / tenants,
                    growth(b, s, Figure.OPEN_FDS) / tenants));
        }
        return rows;
    }

    List<OperationRow> operations() {
        Map<String, LatencyRow> latency = new LinkedHashMap<>();
        for (LatencyRow r : run.latencies.summary()) {
            if (r.endpoint().equals("all") || !latency.containsKey(r.operation())) {
                latency.put(r.operation(), r); // "all" comes after the endpoints and replaces them
            }
        }
        Map<String, OperationTally.Counts> counts = tally.snapshot();
        List<OperationRow> rows = new ArrayList<>();
        latency.forEach((op, r) -> {
            OperationTally.Counts c = counts.get(op);
            rows.add(new OperationRow(
                    op,
                    r.count(),
                    c == null ? 0 : c.errors.total(),
                    c == null ? 0 : c.conflicts.sum(),
                    r.p50Ms(),
                    r.p90Ms(),
                    r.p99Ms(),
                    r.maxMs()));
        });
        return rows;
    }

    /**
     * One row per API server process (one on the embedded stand-in): requests from the steady window; limits from the
     * peaks of the bootstrap and of what followed it (settle, load), whichever was higher.
     */
    List<Sizing> sizing() {
        Optional<Sample> from = run.sampleNamed(steadyFrom);
        Optional<Sample> to = run.sampleNamed(steadyTo);
        if (from.isEmpty() || to.isEmpty() || timeline == null) {
            return List.of();
        }
        double seconds = (to.get().at().toEpochMilli() - from.get().at().toEpochMilli()) / 1000.0;
        List<ProcessTimeline.Peaks> during = timeline.peaks(bootstrapStart, bootstrapEnd);
        List<ProcessTimeline.Peaks> after = timeline.peaks(bootstrapEnd, Long.MAX_VALUE);
        List<Sizing> rows = new ArrayList<>();
        for (int i = 0; i < during.size(); i++) {
            String source = during.get(i).source();
            double steadyRss = read(to.get(), source, Figure.RSS_BYTES);
            double cores = (read(to.get(), source, Figure.CPU_SECONDS) - read(from.get(), source, Figure.CPU_SECONDS))
                    / seconds;
            double peakAfter = after.get(i).rssBytes();
            for (Sample s : run.samples()) {
                if (!s.phase().equals(RunRecord.BASELINE)) { // every other sample is taken after the bootstrap
                    peakAfter = max(peakAfter, read(s, source, Figure.RSS_BYTES));
                }
            }
            double peakDuring = during.get(i).rssBytes();
            double burstDuring = during.get(i).cpuBurstCores();
            double burstAfter = after.get(i).cpuBurstCores();
            boolean peakLater = !(peakDuring >= peakAfter); // NaN during: the later figure
            boolean burstLater = !(burstDuring >= burstAfter);
            rows.add(new Sizing(
                    shared ? "harness JVM (all embedded API servers)" : source,
                    steadyRss,
                    max(peakDuring, peakAfter),
                    cores,
                    max(burstDuring, burstAfter),
                    safetyFactor,
                    steadyFrom + " → " + steadyTo,
                    peakLater ? AFTER_BOOTSTRAP : DURING_BOOTSTRAP,
                    burstLater ? AFTER_BOOTSTRAP : DURING_BOOTSTRAP));
        }
        return rows;
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("total", tenants);
        t.put("requested", requested);
        t.put("ready", ready);
        root.put("tenants", t);
        root.put("errors", tally.errors());
        root.put(
                "phaseTable",
                phases().stream()
                        .map(r -> row(
                                "sample",
                                r.sample(),
                                "seconds",
                                r.seconds(),
                                "cpuCores",
                                r.cpuCores(),
                                "heapBytes",
                                r.heapBytes(),
                                "liveHeapBytes",
                                r.liveHeapBytes(),
                                "rssBytes",
                                r.rssBytes(),
                                "threads",
                                r.threads(),
                                "openFds",
                                r.openFds()))
                        .toList());
        root.put(
                "perTenant",
                perTenant().stream()
                        .map(r -> row(
                                "sample",
                                r.sample(),
                                "heapKib",
                                r.heapKib(),
                                "liveHeapKib",
                                r.liveHeapKib(),
                                "rssKib",
                                r.rssKib(),
                                "threads",
                                r.threads(),
                                "openFds",
                                r.openFds()))
                        .toList());
        root.put("operations", operations());
        if (rates != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("requestedOpsPerSecond", rates.requestedOpsPerSecond());
            r.put("requestedHttpRequestsPerSecond", rates.requestedHttpPerSecond());
            r.put("scheduled", rates.scheduled());
            r.put("sentInWindow", rates.sentInWindow());
            r.put("completedInWindow", rates.completedInWindow());
            r.put("completed", rates.completed());
            r.put("windowSeconds", rates.windowSeconds());
            r.put("sentPerSecond", rates.sentPerSecond());
            r.put("completedPerSecond", rates.completedPerSecond());
            r.put("held", rates.held());
            root.put("rates", r);
        }
        root.put("sizing", sizing().stream().map(Sizing::json).toList());
        root.put("steadyWindow", Map.of("from", steadyFrom, "to", steadyTo));
        root.put("profilesUnavailable", profilesUnavailable);
        return root;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# cpbench ")
                .append(scenario)
                .append(": ")
                .append(String.format(Locale.US, "%,d", tenants))
                .append(" tenants\n\n");
        md.append(run.targetBanner());
        md.append(String.format(
                Locale.US,
                "Tenants ready: %,d of %,d%s; errors: %,d; result: %s.%n%n",
                ready,
                requested,
                requested == tenants ? "" : String.format(Locale.US, " (this shard's part of %,d)", tenants),
                tally.errors(),
                run.status()));
        md.append("## Phases (API server processes; CPU over the window ending at the sample)\n\n")
                .append(
                        "| sample | window s | CPU cores | CPU % | heap MiB | live heap MiB | RSS MiB | goroutines/threads | open FDs |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseRow r : phases()) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.sample(),
                    num(r.seconds(), "%.1f"),
                    num(r.cpuCores(), "%.3f"),
                    num(r.cpuCores() * 100, "%.1f"),
                    num(r.heapBytes() / MIB, "%.1f"),
                    num(r.liveHeapBytes() / MIB, "%.1f"),
                    num(r.rssBytes() / MIB, "%.1f"),
                    num(r.threads(), "%.0f"),
                    num(r.openFds(), "%.0f")));
        }
        md.append("\n## Per tenant (growth from the baseline ÷ ")
                .append(String.format(Locale.US, "%,d", tenants))
                .append(" tenants)\n\n")
                .append(
                        "| sample | heap KiB/tenant | live heap KiB/tenant | RSS KiB/tenant | goroutines or threads/tenant | open FDs/tenant |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (PerTenant r : perTenant()) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    r.sample(),
                    num(r.heapKib(), "%.1f"),
                    num(r.liveHeapKib(), "%.1f"),
                    num(r.rssKib(), "%.1f"),
                    num(r.threads(), "%.3f"),
                    num(r.openFds(), "%.3f")));
        }
        md.append(
                "\nThe baseline is the fixed cost; `./macro.sh tenant-fit RUN_DIR...` separates fixed cost and slope across runs at several N.\n");
        md.append("\n## Operations (latency in ms from the intended start)\n\n")
                .append(
                        "| operation | count | errors | 409 conflicts | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (OperationRow r : operations()) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f |%n",
                    r.operation(),
                    r.count(),
                    r.errors(),
                    r.conflicts(),
                    r.p50Ms(),
                    r.p90Ms(),
                    r.p99Ms(),
                    r.maxMs()));
        }
        if (rates != null) {
            md.append("\n## Rate: achieved against requested\n\n")
                    .append(
                            "| requested ops/s | requested HTTP req/s | scheduled | sent in window | sent/s | answered in window | answered/s | held |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---|\n")
                    .append(String.format(
                            Locale.US,
                            "| %,.1f | %,.1f | %,d | %,d | %,.1f | %,d | %,.1f | %s |%n",
                            rates.requestedOpsPerSecond(),
                            rates.requestedHttpPerSecond(),
                            rates.scheduled(),
                            rates.sentInWindow(),
                            rates.sentPerSecond(),
                            rates.completedInWindow(),
                            rates.completedPerSecond(),
                            rates.held() ? "yes" : "**NO**"));
            md.append(
                            "\nA write is a GET and an UPDATE (2 HTTP requests). Held = sent and answered within the window both ≥ 99% of the schedule; ")
                    .append("`send-lag` in the operations table is how late the client sent.")
                    .append(
                            rates.held()
                                    ? "\n"
                                    : " **This run did not hold its rate: the client or the server fell behind; latencies still count from the intended send times.**\n");
        }
        md.append("\n## Sizing (steady window: ")
                .append(steadyFrom)
                .append(" → ")
                .append(steadyTo)
                .append(")\n\n")
                .append(
                        "| process | requests.memory | limits.memory | requests.cpu | limits.cpu | steady RSS MiB | peak RSS MiB | steady cores | burst cores | limits set by |\n")
                .append("|---|---|---|---|---|---:|---:|---:|---:|---|\n");
        for (Sizing s : sizing()) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | memory: %s; cpu: %s |%n",
                    s.process(),
                    s.requestsMemory(),
                    s.limitsMemory(),
                    s.requestsCpu(),
                    s.limitsCpu(),
                    num(s.steadyRssBytes() / MIB, "%.1f"),
                    num(s.peakRssBytes() / MIB, "%.1f"),
                    num(s.steadyCores(), "%.3f"),
                    num(s.burstCores(), "%.3f"),
                    s.setBy().get("limitsMemory"),
                    s.setBy().get("limitsCpu")));
        }
        md.append(String.format(
                Locale.US,
                "%nrequests.memory = steady RSS + %d%%; limits.memory = peak RSS from the bootstrap's start to the last sample × %.2f, "
                        + "at least requests.memory; requests.cpu = steady CPU; limits.cpu = the busiest interval from the bootstrap's start to the last sample "
                        + "(bootstrap or load), at least the steady CPU. Limits are never below requests.%s%n%n",
                Sizing.MEMORY_REQUEST_HEADROOM_PERCENT,
                safetyFactor,
                shared ? " On the embedded stand-in the process is the harness JVM, load generator included." : ""));
        if (!profilesUnavailable.isEmpty()) {
            md.append("Profiles not served: ")
                    .append(String.join("; ", profilesUnavailable))
                    .append(".\n\n");
        }
        return md.toString();
    }

    /** A JSON object of name/value pairs in order; figures that are not finite become null. */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            out.put((String) namesAndValues[i], v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        return out;
    }

    private double total(Sample s, Figure f) {
        OptionalDouble v = s.total(f, ScrapeSource.Kind.APISERVER, shared);
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private double growth(Sample before, Sample after, Figure f) {
        return total(after, f) - total(before, f);
    }

    private double liveHeap(String phase) {
        Double v = profileFigures.getOrDefault(phase, Map.of()).get("liveHeapBytes");
        return v == null ? Double.NaN : v;
    }

    private static double read(Sample s, String source, Figure f) {
        return s.scrapes().stream()
                .filter(x -> x.source().name().equals(source))
                .findFirst()
                .map(x -> x.read(f))
                .filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble)
                .orElse(Double.NaN);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static String num(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.US, format, v) : "n/a";
    }
}
