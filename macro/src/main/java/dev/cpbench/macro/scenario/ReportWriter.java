package dev.cpbench.macro.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.macro.latency.LatencyRow;
import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.Scrape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a run directory's reports from its {@link RunRecord}: {@code run.json} (everything, for programs),
 * {@code summary.md} (the evidence table and what it rests on, for people), {@code phases.csv},
 * {@code latency.csv} and {@code samples.csv}. Raw scrapes and {@code .hlog} files are written as the run goes.
 */
final class ReportWriter {
    static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunRecord run;
    private final ScenarioCommand scenario;
    private final List<LatencyRow> latency;
    private final Instant ended = Instant.now();

    ReportWriter(RunRecord run, ScenarioCommand scenario) {
        this.run = run;
        this.scenario = scenario;
        this.latency = run.latencies.summary();
    }

    void write() throws IOException {
        Files.writeString(run.dir.resolve("run.json"), JSON.writeValueAsString(json()), StandardCharsets.UTF_8);
        Files.writeString(run.dir.resolve("phases.csv"), phasesCsv(), StandardCharsets.UTF_8);
        Files.writeString(run.dir.resolve("latency.csv"), latencyCsv(), StandardCharsets.UTF_8);
        Files.writeString(run.dir.resolve("samples.csv"), samplesCsv(), StandardCharsets.UTF_8);
        Files.writeString(run.dir.resolve("summary.md"), summary(), StandardCharsets.UTF_8);
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", run.scenario);
        root.put("status", run.status.name());
        root.put("started", run.started.toString());
        root.put("ended", ended.toString());
        root.put("embedded", run.target.embedded());
        Map<String, Object> target = new LinkedHashMap<>(run.target.facts());
        target.put("description", run.target.description());
        root.put("target", target);
        root.put("harness", harness());
        root.put("options", run.options);
        root.putAll(scenario.resultsJson(run));
        root.put("facts", new LinkedHashMap<>(run.facts));
        root.put("phases", run.phases().stream().map(ReportWriter::phaseJson).toList());
        root.put("latencyMs", latency);
        List<Map<String, Object>> samples = new ArrayList<>();
        run.samples()
                .forEach(s -> samples.add(Map.of(
                        "phase",
                        s.phase(),
                        "at",
                        s.at().toString(),
                        "totals",
                        Evidence.totals(s, run.target.sharedProcess()),
                        "sources",
                        s.scrapes().stream().map(this::scrapeJson).toList())));
        root.put("samples", samples);
        run.deltas()
                .ifPresent(d -> root.put(
                        "deltas",
                        Map.of(
                                "from",
                                RunRecord.BASELINE,
                                "to",
                                RunRecord.POST,
                                "figures",
                                d,
                                "notes",
                                run.deltaNotes())));
        root.put("warnings", warnings());
        root.put("notes", new ArrayList<>(run.notes));
        return root;
    }

    /**
     * The JVM this run ran in (on the embedded stand-in the API servers live in it too): its heap cap, which a
     * finished run stayed under, and the peak of its old generation, the long-lived data (corpus, caches).
     */
    private static Map<String, Object> phaseJson(RunRecord.Phase p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", p.name());
        json.put("start", p.start().toString());
        json.put("end", p.end().toString());
        json.put("seconds", p.seconds());
        json.put("harnessCpuSeconds", Double.isNaN(p.harnessCpuSeconds()) ? null : p.harnessCpuSeconds());
        json.put("jitCpuSeconds", Double.isNaN(p.jitCpuSeconds()) ? null : p.jitCpuSeconds());
        Map<String, Double> threads = p.cpu().breakdown();
        if (!threads.isEmpty()) {
            json.put("cpuByThreads", threads);
        }
        return json;
    }

    private static String byThreads(HarnessCpu cpu) {
        StringJoiner parts = new StringJoiner(", ");
        cpu.breakdown().forEach((group, seconds) -> parts.add(group + " " + cpu(seconds)));
        return parts.length() == 0 ? "–" : parts.toString();
    }

    private static String cpu(double seconds) {
        return Double.isNaN(seconds) ? "–" : String.format(Locale.US, "%.2f", seconds);
    }

    private static Map<String, Object> harness() {
        long oldGenPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .filter(p -> p.getName().contains("Old Gen") || p.getName().contains("Tenured"))
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        out.put("processors", Runtime.getRuntime().availableProcessors());
        out.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        out.put("oldGenPeakBytes", oldGenPeak);
        // -X options only (heap, compiler): a -D property may carry a password
        out.put(
                "jvmFlags",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X"))
                        .toList());
        return out;
    }

    private Map<String, Object> scrapeJson(Scrape s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.source().name());
        out.put("kind", s.source().kind().name().toLowerCase(Locale.US));
        out.put("url", s.source().url().toString());
        if (s.error() != null) {
            out.put("error", s.error());
        }
        s.startTime().ifPresent(t -> out.put("startTimeSeconds", t));
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Figure f : Figure.values()) {
            s.read(f).ifPresent(v -> figures.put(f.column(), v));
        }
        out.put("figures", figures);
        return out;
    }

    private String phasesCsv() {
        StringBuilder out = new StringBuilder("phase,start_utc,end_utc,seconds\n");
        run.phases()
                .forEach(p -> out.append(p.name())
                        .append(',')
                        .append(p.start())
                        .append(',')
                        .append(p.end())
                        .append(',')
                        .append(String.format(Locale.US, "%.3f", p.seconds()))
                        .append('\n'));
        return out.toString();
    }

    private String latencyCsv() {
        StringBuilder out = new StringBuilder(LatencyRow.CSV_HEADER).append('\n');
        latency.forEach(r -> out.append(r.csv()).append('\n'));
        return out.toString();
    }

    private String samplesCsv() {
        StringBuilder out = new StringBuilder("sample,at_utc,source,kind,figure,value\n");
        for (Sample s : run.samples()) {
            for (Scrape scrape : s.scrapes()) {
                for (Figure f : Figure.values()) {
                    scrape.read(f)
                            .ifPresent(v -> out.append(s.phase())
                                    .append(',')
                                    .append(scrape.at())
                                    .append(',')
                                    .append(scrape.source().name())
                                    .append(',')
                                    .append(scrape.source().kind().name().toLowerCase(Locale.US))
                                    .append(',')
                                    .append(f.column())
                                    .append(',')
                                    .append(number(v))
                                    .append('\n'));
                }
            }
        }
        return out.toString();
    }

    private String summary() {
        StringBuilder md = new StringBuilder(scenario.summaryHead(run));
        if (!run.facts.isEmpty()) {
            md.append("## Facts\n\n");
            run.facts.forEach(
                    (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
            md.append('\n');
        }
        run.deltas().ifPresent(d -> {
            md.append("## Growth from the baseline sample to the post sample\n\n| figure | Δ |\n|---|---:|\n");
            d.forEach((k, v) ->
                    md.append("| ").append(k).append(" | ").append(number(v)).append(" |\n"));
            md.append('\n');
            run.deltaNotes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append(run.deltaNotes().isEmpty() ? "" : "\n");
        });
        md.append(
                "## Phases\n\n| phase | seconds | harness CPU s | of it, by threads (CPU s) |\n|---|---:|---:|---|\n");
        run.phases()
                .forEach(p -> md.append("| ")
                        .append(p.name())
                        .append(" | ")
                        .append(String.format(
                                Locale.US,
                                "%.2f | %s | %s |%n",
                                p.seconds(),
                                cpu(p.harnessCpuSeconds()),
                                byThreads(p.cpu()))));
        md.append(
                "\nThe harness's CPU includes the API servers' when the target is embedded (they run in its JVM, their HTTP on "
                        + "the event loops they share with the client); its JIT compiler and GC compete with them for the cores.\n");
        List<String> remarks = new ArrayList<>(warnings());
        remarks.addAll(run.notes);
        if (!remarks.isEmpty()) {
            md.append("\n## Notes\n\n");
            remarks.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append(
                "\nFiles: run.json (everything), phases.csv, latency.csv, samples.csv, *.hlog (HdrHistogram interval logs, µs), scrapes/ (raw Prometheus text).\n");
        return md.toString();
    }

    /**
     * Sources that could not be scraped, and the figures the last sample lacks (a counter may appear only
     * after its first observation, so the last sample is the one that tells).
     */
    List<String> warnings() {
        List<String> out = new ArrayList<>(run.scraper.warnings());
        List<Sample> samples = run.samples();
        if (!samples.isEmpty()) {
            samples.get(samples.size() - 1).scrapes().stream()
                    .filter(s -> s.error() == null)
                    .flatMap(s -> s.missing().stream())
                    .forEach(out::add);
        }
        return out;
    }

    static String number(double v) {
        return Sample.number(v);
    }
}
