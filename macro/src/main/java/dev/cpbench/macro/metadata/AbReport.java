package dev.cpbench.macro.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.macro.common.DurationConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * A run's figures as ab prints them (stdout), and as {@code summary.md}, {@code latency.csv} (percentile, ms)
 * and {@code run.json}. Times are in milliseconds with microsecond resolution, since ab's whole
 * milliseconds would round a local proxy's answers to 0. Latency percentiles count answered requests
 * (any status) from their intended send time; failed requests are counted, not timed.
 */
final class AbReport {
    static final double[] PERCENTILES = {50, 66, 75, 80, 90, 95, 98, 99, 99.9, 100};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LoadResult r;
    private final String commandLine;
    private final Optional<ChildProxy.Figures> proxy;

    /** @param proxy the child JVM's figures when the target was the embedded proxy, else empty */
    AbReport(LoadResult result, String commandLine, Optional<ChildProxy.Figures> proxy) {
        this.r = result;
        this.commandLine = commandLine;
        this.proxy = proxy;
    }

    /** What the run measured: the embedded proxy (and its heap cap) or the URL given. */
    String targetLabel() {
        return proxy.map(p -> "embedded proxy + mock in a child JVM (-Xmx" + p.heapCap() + ")")
                .orElse(r.options().target().toString());
    }

    /** ab's report, with the failure kinds, the rate and the child JVM's memory added when they apply. */
    String text() {
        StringBuilder out = new StringBuilder();
        line(out, "Target:", targetLabel() + (r.interrupted() ? " (INTERRUPTED: partial figures)" : ""));
        for (List<String[]> group : summaryRows()) {
            out.append('\n');
            group.forEach(row -> line(out, row[0] + ":", row[1]));
        }
        out.append("\nConnection Times (ms)\n");
        out.append(
                String.format(Locale.US, "%-12s %9s %9s %8s %9s %9s%n", "", "min", "mean", "[+/-sd]", "median", "max"));
        for (Map.Entry<String, Histogram> row : connectionTimes().entrySet()) {
            Histogram h = row.getValue();
            out.append(String.format(
                    Locale.US,
                    "%-12s %9.3f %9.3f %8.3f %9.3f %9.3f%n",
                    row.getKey() + ":",
                    ms(h.getMinValue()),
                    h.getMean() / 1_000,
                    h.getStdDeviation() / 1_000,
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getMaxValue())));
        }
        out.append("\nPercentage of the requests served within a certain time (ms)\n");
        for (double p : PERCENTILES) {
            out.append(String.format(
                    Locale.US, "%6s %9.3f%s%n", percent(p), ms(percentile(p)), p == 100 ? " (longest request)" : ""));
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        return out.toString();
    }

    /** Writes {@code summary.md}, {@code latency.csv} and {@code run.json} into {@code dir}. */
    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("percentile,ms\n");
        for (double p : PERCENTILES) {
            csv.append(String.format(Locale.US, "%s,%.3f%n", number(p), ms(percentile(p))));
        }
        Files.writeString(dir.resolve("latency.csv"), csv, StandardCharsets.UTF_8);
        JSON.writeValue(dir.resolve("run.json").toFile(), json());
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# metadata-load\n\n");
        md.append("```\n").append(commandLine).append("\n```\n\n");
        md.append("- Target: ").append(targetLabel()).append('\n');
        md.append("- Embedded proxy and mock: ")
                .append(proxy.isPresent() ? "yes" : "no")
                .append('\n');
        proxy.ifPresent(
                p -> md.append("- Proxy JVM heap cap: -Xmx").append(p.heapCap()).append('\n'));
        if (r.interrupted()) {
            md.append("- **Interrupted**: the figures cover the requests until Ctrl-C\n");
        }
        md.append("\n| | |\n|---|---|\n");
        summaryRows().stream()
                .flatMap(List::stream)
                .forEach(row -> md.append("| ")
                        .append(row[0])
                        .append(" | ")
                        .append(row[1])
                        .append(" |\n"));
        md.append(
                "\n## Connection Times (ms)\n\n| | min | mean | +/-sd | median | max |\n|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Histogram> row : connectionTimes().entrySet()) {
            Histogram h = row.getValue();
            md.append(String.format(
                    Locale.US,
                    "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    row.getKey(),
                    ms(h.getMinValue()),
                    h.getMean() / 1_000,
                    h.getStdDeviation() / 1_000,
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getMaxValue())));
        }
        md.append(
                "\n## Percentage of the requests served within a certain time (ms)\n\n| percentile | ms |\n|---:|---:|\n");
        for (double p : PERCENTILES) {
            md.append(String.format(Locale.US, "| %s | %.3f |%n", percent(p), ms(percentile(p))));
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    Map<String, Object> json() {
        LoadOptions o = r.options();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", commandLine);
        json.put("status", r.interrupted() ? "interrupted" : r.failed() > 0 ? "failures" : "ok");
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("url", o.target().toString());
        target.put("label", targetLabel());
        target.put("embedded", proxy.isPresent());
        proxy.ifPresent(p -> {
            target.put("proxyHeapCap", p.heapCap());
            target.put(
                    "proxyPeakRssBytes",
                    p.peakRssBytes().isPresent() ? p.peakRssBytes().getAsLong() : null);
            target.put(
                    "proxyPeakHeapUsedMib",
                    p.heap().map(HeapFigures::peakUsedMib).orElse(null));
            target.put("proxyHeapMaxMib", p.heap().map(HeapFigures::capMib).orElse(null));
            target.put("proxyGcs", p.heap().map(HeapFigures::gcs).orElse(null));
            target.put("proxyGcMillis", p.heap().map(HeapFigures::gcMillis).orElse(null));
            target.put(
                    "proxyEarlyExitCode",
                    p.earlyExitCode().isPresent() ? p.earlyExitCode().getAsInt() : null);
        });
        json.put("target", target);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("path", o.path());
        options.put("headers", o.headers());
        options.put("concurrency", o.connections());
        options.put("requests", o.duration() == null ? o.requests() : null);
        options.put("duration", o.duration() == null ? null : DurationConverter.format(o.duration()));
        options.put("rate", o.rate() > 0 ? o.rate() : null);
        options.put("keepAlive", o.keepAlive());
        options.put("timeout", DurationConverter.format(o.timeout()));
        options.put("warmup", o.warmup());
        options.put("eventLoops", o.eventLoops());
        json.put("options", options);
        json.put("serverSoftware", r.tally().serverSoftware);
        json.put("documentLengthMin", r.tally().maxDocument < 0 ? null : r.tally().minDocument);
        json.put("documentLengthMax", r.tally().maxDocument < 0 ? null : r.tally().maxDocument);
        json.put("timeTakenSeconds", r.seconds());
        json.put("completeRequests", r.complete());
        json.put("failedRequests", r.failed());
        Map<String, Object> failures = new LinkedHashMap<>();
        Map<String, Object> firstErrors = new LinkedHashMap<>();
        for (Failure f : Failure.values()) {
            failures.put(f.name().toLowerCase(Locale.US), r.failures(f));
            if (r.tally().firstErrors[f.ordinal()] != null) {
                firstErrors.put(f.name().toLowerCase(Locale.US), r.tally().firstErrors[f.ordinal()]);
            }
        }
        json.put("failures", failures);
        json.put("firstErrors", firstErrors);
        json.put("non2xxResponses", r.failures(Failure.STATUS));
        json.put("totalTransferredBytes", r.tally().bytesRead);
        json.put("htmlTransferredBytes", r.tally().bodyBytes);
        json.put("requestsPerSecond", r.requestsPerSecond());
        json.put("timePerRequestMs", r.msPerRequest());
        json.put("timePerRequestAcrossConnectionsMs", r.msPerRequestAcrossConnections());
        json.put("transferRateKibPerSecond", r.kilobytesPerSecond());
        Map<String, Object> times = new LinkedHashMap<>();
        connectionTimes().forEach((name, h) -> times.put(name.toLowerCase(Locale.US), stats(h)));
        json.put("connectionTimesMs", times);
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            percentiles.put(number(p), ms(percentile(p)));
        }
        json.put("latencyPercentilesMs", percentiles);
        json.put("answeredRequests", r.latency().getTotalCount());
        if (o.rate() > 0) {
            json.put("lateSends", r.tally().lateSends);
            json.put("timerLagMs", stats(r.tally().timerLag));
        }
        return json;
    }

    /** The rows between the target and the Connection Times table, as ab names and groups them. */
    private List<List<String[]>> summaryRows() {
        LoadOptions o = r.options();
        Tally t = r.tally();
        List<String[]> server = List.of(
                row("Server Software", t.serverSoftware == null ? "" : t.serverSoftware),
                row("Server Hostname", o.target().getHost()),
                row("Server Port", Integer.toString(o.target().getPort())));
        List<String[]> document = List.of(
                row("Document Path", o.path()),
                row(
                        "Document Length",
                        t.maxDocument < 0
                                ? "n/a (no answer)"
                                : t.minDocument == t.maxDocument
                                        ? t.maxDocument + " bytes"
                                        : t.minDocument + ".." + t.maxDocument + " bytes (variable)"));
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Concurrency Level", Integer.toString(o.connections())));
        if (o.rate() > 0) {
            rows.add(row(
                    "Target rate",
                    String.format(
                            Locale.US,
                            "%.1f [#/sec] (each connection every %.3f ms)",
                            o.rate(),
                            o.intervalNanos() / 1e6)));
        }
        rows.add(row("Time taken for tests", String.format(Locale.US, "%.3f seconds", r.seconds())));
        rows.add(row("Complete requests", Long.toString(r.complete())));
        rows.add(row(
                "Failed requests",
                r.failed()
                        + (r.failed() == 0
                                ? ""
                                : String.format(
                                        Locale.US,
                                        " (Connect: %d, Timeout: %d, Non-2xx: %d, Exceptions: %d)",
                                        r.failures(Failure.CONNECT),
                                        r.failures(Failure.TIMEOUT),
                                        r.failures(Failure.STATUS),
                                        r.failures(Failure.EXCEPTION)))));
        rows.add(row("Non-2xx responses", Long.toString(r.failures(Failure.STATUS))));
        rows.add(row("Keep-Alive", o.keepAlive() ? "yes" : "no (a connection per request)"));
        rows.add(row("Total transferred", t.bytesRead + " bytes"));
        rows.add(row("HTML transferred", t.bodyBytes + " bytes"));
        rows.add(row("Requests per second", String.format(Locale.US, "%.2f [#/sec] (mean)", r.requestsPerSecond())));
        rows.add(row("Time per request", String.format(Locale.US, "%.3f [ms] (mean)", r.msPerRequest())));
        rows.add(row(
                "Time per request",
                String.format(
                        Locale.US,
                        "%.3f [ms] (mean, across all concurrent requests)",
                        r.msPerRequestAcrossConnections())));
        rows.add(row("Transfer rate", String.format(Locale.US, "%.2f [Kbytes/sec] received", r.kilobytesPerSecond())));
        proxy.ifPresent(p -> {
            p.earlyExitCode().ifPresent(code -> rows.add(row("Proxy JVM", "EXITED during the run, with code " + code)));
            rows.add(row(
                    "Proxy JVM peak RSS",
                    p.peakRssBytes().isPresent()
                            ? String.format(
                                    Locale.US,
                                    "%.1f MiB (VmHWM)",
                                    p.peakRssBytes().getAsLong() / 1024.0 / 1024.0)
                            : "n/a"));
            rows.add(
                    row("Proxy JVM heap", p.heap().map(HeapFigures::line).orElse("n/a (the proxy did not report it)")));
        });
        return List.of(server, document, rows);
    }

    /** ab's Connection Times rows; Total is from the intended send time, so in rate mode it includes waiting for a late send. */
    private Map<String, Histogram> connectionTimes() {
        Map<String, Histogram> rows = new LinkedHashMap<>();
        rows.put("Connect", r.tally().connect);
        rows.put("Processing", r.tally().processing);
        rows.put("Waiting", r.tally().waiting);
        rows.put("Total", r.latency());
        return rows;
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (Failure f : Failure.values()) {
            String first = r.tally().firstErrors[f.ordinal()];
            if (first != null) {
                notes.add("First " + f.label + " failure: " + first);
            }
        }
        if (r.options().rate() > 0) {
            Histogram lag = r.tally().timerLag;
            notes.add(String.format(
                    Locale.US,
                    "Rate mode: latency is measured from each request's intended send time"
                            + " (coordinated omission corrected). %d sends left late, their connection still awaiting the last answer;"
                            + " the generator's send timers fired late by p50 %.3f ms, p99 %.3f ms, max %.3f ms.",
                    r.tally().lateSends,
                    ms(lag.getValueAtPercentile(50)),
                    ms(lag.getValueAtPercentile(99)),
                    ms(lag.getMaxValue())));
        }
        return notes;
    }

    private Map<String, Object> stats(Histogram h) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("min", ms(h.getMinValue()));
        stats.put("mean", h.getMean() / 1_000);
        stats.put("sd", h.getStdDeviation() / 1_000);
        stats.put("median", ms(h.getValueAtPercentile(50)));
        stats.put("max", ms(h.getMaxValue()));
        return stats;
    }

    private long percentile(double p) {
        return p == 100 ? r.latency().getMaxValue() : r.latency().getValueAtPercentile(p);
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.US, "%-24s%s%n", name, value));
    }

    private static String percent(double p) {
        return number(p) + "%";
    }

    private static String number(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static double ms(long micros) {
        return micros / 1_000.0;
    }
}
