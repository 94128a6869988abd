package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.latency.LatencyRow;
import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.target.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What listing the corpus achieved, per endpoint, against what it should have: the verdict of a corpus
 * scenario and its part of the report (the evidence table, the endpoints and the latencies).
 */
final class CorpusReads {
    final SecretCorpus corpus;
    final Map<String, EndpointTally> endpoints = new LinkedHashMap<>();
    volatile long expectedObjectReads;

    CorpusReads(SecretCorpus corpus, List<Endpoint> endpoints) {
        this.corpus = corpus;
        endpoints.forEach(e -> this.endpoints.put(e.name(), new EndpointTally(e.name())));
    }

    long objectReads() {
        return endpoints.values().stream().mapToLong(t -> t.objectReads.sum()).sum();
    }

    long errors() {
        return endpoints.values().stream().mapToLong(t -> t.errors.total()).sum();
    }

    /** OK when every expected read happened without error; else what went wrong. */
    RunRecord.Status outcome() {
        if (errors() > 0) {
            return RunRecord.Status.ERRORS;
        }
        return objectReads() < expectedObjectReads ? RunRecord.Status.INCOMPLETE : RunRecord.Status.OK;
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(
                "corpus",
                Map.of(
                        "id",
                        corpus.id(),
                        "objects",
                        corpus.objects(),
                        "objectBytes",
                        corpus.payloadBytes(),
                        "namespaces",
                        corpus.namespaceNames().size(),
                        "seed",
                        corpus.seed(),
                        "labelSelector",
                        corpus.labelSelector()));
        root.put("objectReads", objectReads());
        root.put("expectedObjectReads", expectedObjectReads);
        root.put("errors", errors());
        List<Map<String, Object>> list = new ArrayList<>();
        endpoints.values().forEach(t -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.endpoint);
            e.put("objectReads", t.objectReads.sum());
            e.put("pages", t.pages.sum());
            e.put("completeLists", t.completeLists.sum());
            e.put("brokenLists", t.brokenLists.sum());
            e.put("attempts", t.attempts.sum());
            e.put("retries", t.retries.sum());
            e.put("errors", t.errors.total());
            e.put("errorsByKind", t.errors.byKind());
            e.put("firstErrorOfEachKind", t.errors.firstMessages());
            list.add(e);
        });
        root.put("endpoints", list);
        return root;
    }

    /** Title, the evidence table (one row: the run), the endpoints and the latencies. */
    String summaryHead(RunRecord run, int pageSize) {
        List<LatencyRow> latency = run.latencies.summary();
        StringBuilder md = new StringBuilder();
        md.append("# cpbench ")
                .append(run.scenario)
                .append(": ")
                .append(String.format(Locale.US, "%,d", corpus.objects()))
                .append(" Secrets × ")
                .append(corpus.payloadBytes())
                .append(" B through ")
                .append(endpoints.size())
                .append(" endpoint(s)\n\n");
        md.append(run.targetBanner());
        Optional<Map<String, Double>> deltas = run.deltas();
        Optional<LatencyRow> list = latency.stream()
                .filter(r -> r.operation().equals(CorpusLister.LIST))
                .filter(r -> r.endpoint().equals("all") || endpoints.size() == 1)
                .findFirst();
        md.append(
                "| run | date | corpus | endpoints | object reads | errors | p95 | max | provider decrypt Δ | Transit decrypt Δ | result |\n");
        md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        md.append("| ")
                .append(run.dir.getFileName())
                .append(" | ")
                .append(ReportWriter.DATE.format(run.started))
                .append(" | ")
                .append(String.format(Locale.US, "%,d × %,d B", corpus.objects(), corpus.payloadBytes()))
                .append(" | ")
                .append(endpoints.size())
                .append(" | ")
                .append(String.format(Locale.US, "%,d / %,d", objectReads(), expectedObjectReads))
                .append(" | ")
                .append(errors())
                .append(" | ")
                .append(list.map(r -> ms(r.p95Ms())).orElse("n/a"))
                .append(" | ")
                .append(list.map(r -> ms(r.maxMs())).orElse("n/a"))
                .append(" | ")
                .append(deltaCell(deltas, Figure.PROVIDER_DECRYPTS))
                .append(" | ")
                .append(deltaCell(deltas, Figure.TRANSIT_DECRYPT_REQUESTS))
                .append(" | ")
                .append(run.status)
                .append(" |\n\n");
        md.append("p95 and max: one whole ")
                .append(CorpusLister.LIST)
                .append(" of the corpus through one endpoint, from its intended start")
                .append(", pages of ")
                .append(pageSize)
                .append(" (0 = unpaged).\n\n");
        md.append(
                        "## Endpoints\n\n| endpoint | object reads | pages | complete lists | broken lists | attempts | retries | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        endpoints
                .values()
                .forEach(t -> md.append("| ")
                        .append(t.endpoint)
                        .append(" | ")
                        .append(String.format(Locale.US, "%,d", t.objectReads.sum()))
                        .append(" | ")
                        .append(t.pages.sum())
                        .append(" | ")
                        .append(t.completeLists.sum())
                        .append(" | ")
                        .append(t.brokenLists.sum())
                        .append(" | ")
                        .append(t.attempts.sum())
                        .append(" | ")
                        .append(t.retries.sum())
                        .append(" | ")
                        .append(t.errors.total() == 0 ? "0" : t.errors.total() + " " + t.errors.byKind())
                        .append(" |\n"));
        md.append(
                        "\n## Latency (ms, from the intended start)\n\n| operation | endpoint | count | p50 | p90 | p95 | p99 | max |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        latency.forEach(r -> md.append(String.format(
                Locale.US,
                "| %s | %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                r.operation(),
                r.endpoint(),
                r.count(),
                r.p50Ms(),
                r.p90Ms(),
                r.p95Ms(),
                r.p99Ms(),
                r.maxMs())));
        md.append('\n');
        return md.toString();
    }

    private static String deltaCell(Optional<Map<String, Double>> deltas, Figure f) {
        return deltas.map(d -> d.containsKey(f.column()) ? ReportWriter.number(d.get(f.column())) : "n/a")
                .orElse("n/a");
    }

    private static String ms(double v) {
        return v >= 1000 ? String.format(Locale.US, "%.2f s", v / 1000) : String.format(Locale.US, "%.1f ms", v);
    }
}
