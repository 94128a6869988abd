package dev.cpbench.macro.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cpbench.macro.common.RunDirectory;
import dev.cpbench.macro.latency.IntervalLog;
import dev.cpbench.macro.latency.LatencyRow;
import dev.cpbench.macro.tenants.RateBar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Merges the run directories of one sharded run into one run directory with the files a single run has:
 * every {@code .hlog} holds all shards' intervals (histograms added per endpoint and in all, never percentiles
 * averaged; shards whose histograms differ in precision are refused), counts summed (object reads, errors,
 * tenants, operations, the open-model rates), each shard's achieved-against-requested rate kept so a lagging
 * shard shows. Server-side figures (samples, deltas, per-phase and sizing tables) are shard 0's: every shard
 * scrapes the same API servers.
 */
final class RunMerger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> STATUS_BY_SEVERITY =
            List.of("OK", "INCOMPLETE", "ERRORS", "INTERRUPTED", "FAILED", "RUNNING");
    private static final List<String> SUMMED = List.of("objectReads", "expectedObjectReads", "errors");
    private static final List<String> SUMMED_RATES =
            List.of("scheduled", "sentInWindow", "completedInWindow", "completed");
    private static final List<String> SUMMED_REQUESTED_RATES =
            List.of("requestedOpsPerSecond", "requestedHttpRequestsPerSecond");

    private final List<ShardRun> shards;

    RunMerger(List<ShardRun> shards) {
        this.shards = ShardRun.checked(shards);
    }

    /** Writes the merged run into a new directory under {@code out}; returns it. */
    Path write(Path out) throws IOException {
        ShardRun first = shards.get(0);
        Path dir = RunDirectory.create(out, first.scenario() + "-merged", Instant.now());
        Map<String, List<LatencyRow>> latency = mergeLogs(dir);
        ObjectNode json = mergedJson(latency);
        Files.writeString(dir.resolve("run.json"), JSON.writeValueAsString(json), StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder(LatencyRow.CSV_HEADER).append('\n');
        latency.values().forEach(rows -> rows.forEach(r -> csv.append(r.csv()).append('\n')));
        Files.writeString(dir.resolve("latency.csv"), csv, StandardCharsets.UTF_8);
        for (String copied : List.of("phases.csv", "samples.csv")) {
            if (Files.isRegularFile(first.dir().resolve(copied))) {
                Files.copy(first.dir().resolve(copied), dir.resolve(copied));
            }
        }
        Files.writeString(dir.resolve("shards.csv"), shardsCsv(json), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.md"), MergedSummary.markdown(json, dir), StandardCharsets.UTF_8);
        return dir;
    }

    /** Every {@code .hlog}: all shards' intervals in start order in one log; returns the rows per operation. */
    private Map<String, List<LatencyRow>> mergeLogs(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ShardRun r : shards) {
            try (Stream<Path> files = Files.list(r.dir())) {
                files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".hlog"))
                        .forEach(names::add);
            }
        }
        Map<String, List<LatencyRow>> rows = new TreeMap<>();
        for (String name : names) {
            List<Histogram> intervals = new ArrayList<>();
            Histogram reference = null;
            Path referenceFile = null;
            for (ShardRun r : shards) {
                Path log = r.dir().resolve(name);
                if (!Files.isRegularFile(log)) {
                    continue;
                }
                for (Histogram h : IntervalLog.read(log)) {
                    if (reference == null) {
                        reference = h;
                        referenceFile = log;
                    } else if (h.getNumberOfSignificantValueDigits() != reference.getNumberOfSignificantValueDigits()
                            || h.getLowestDiscernibleValue() != reference.getLowestDiscernibleValue()) {
                        throw new MergeException(log + " holds histograms of " + h.getNumberOfSignificantValueDigits()
                                + " significant digits from "
                                + h.getLowestDiscernibleValue() + ", " + referenceFile + " of "
                                + reference.getNumberOfSignificantValueDigits()
                                + " from " + reference.getLowestDiscernibleValue() + ": they cannot be added");
                    }
                    intervals.add(h);
                }
            }
            intervals.sort(Comparator.comparingLong(Histogram::getStartTimeStamp));
            rows.put(name.substring(0, name.length() - ".hlog".length()), writeLog(dir.resolve(name), intervals));
        }
        return rows;
    }

    /** The shards' lines, tagged and whole, in one log; rows per endpoint from the tagged lines, "all" from the whole ones. */
    private static List<LatencyRow> writeLog(Path file, List<Histogram> intervals) throws IOException {
        String operation = file.getFileName().toString().replaceFirst("\\.hlog$", "");
        Map<String, Histogram> byEndpoint = new TreeMap<>();
        Histogram all = new Histogram(IntervalLog.SIGNIFICANT_DIGITS);
        long base = intervals.isEmpty() ? 0 : intervals.get(0).getStartTimeStamp();
        try (IntervalLog log = IntervalLog.create(
                file, "cpbench " + operation + " latency, from the intended start; merged from shards", base)) {
            for (Histogram h : intervals) {
                log.write(h);
                String endpoint = IntervalLog.endpoint(h);
                if (endpoint == null) {
                    all.add(h);
                } else {
                    byEndpoint
                            .computeIfAbsent(endpoint, e -> new Histogram(IntervalLog.SIGNIFICANT_DIGITS))
                            .add(h);
                }
            }
        }
        List<LatencyRow> rows = new ArrayList<>();
        byEndpoint.forEach((endpoint, h) -> rows.add(IntervalLog.row(operation, endpoint, h)));
        if (byEndpoint.size() > 1) {
            rows.add(IntervalLog.row(operation, "all", all));
        }
        return rows;
    }

    private ObjectNode mergedJson(Map<String, List<LatencyRow>> latency) {
        ObjectNode json = shards.get(0).json().deepCopy();
        json.put("status", worstStatus());
        ((ObjectNode) json.path("options")).put("shard", "merged from " + shards.size() + " shards");
        for (String field : SUMMED) {
            if (json.has(field)) {
                json.put(field, sum(r -> r.json().path(field)));
            }
        }
        if (json.path("tenants").isObject()) {
            ObjectNode tenants = (ObjectNode) json.path("tenants");
            tenants.put("requested", sum(r -> r.json().path("tenants").path("requested")));
            tenants.put("ready", sum(r -> r.json().path("tenants").path("ready")));
        }
        mergeArray(json, "endpoints", "name");
        mergeArray(json, "operations", "operation");
        if (json.path("operations").isArray()) {
            for (JsonNode op : json.path("operations")) {
                overall(latency.get(op.path("operation").asText()))
                        .ifPresent(r -> ((ObjectNode) op)
                                .put("p50Ms", r.p50Ms())
                                .put("p90Ms", r.p90Ms())
                                .put("p99Ms", r.p99Ms())
                                .put("maxMs", r.maxMs())
                                .put("count", r.count()));
            }
        }
        if (json.path("rates").isObject()) {
            ObjectNode rates = (ObjectNode) json.path("rates");
            for (String field : SUMMED_RATES) {
                rates.put(field, sum(r -> r.json().path("rates").path(field)));
            }
            for (String field : SUMMED_REQUESTED_RATES) {
                rates.put(
                        field,
                        shards.stream()
                                .mapToDouble(
                                        r -> r.json().path("rates").path(field).asDouble())
                                .sum());
            }
            double window = rates.path("windowSeconds").asDouble();
            rates.put("sentPerSecond", rates.path("sentInWindow").asDouble() / window);
            rates.put("completedPerSecond", rates.path("completedInWindow").asDouble() / window);
            rates.put(
                    "held",
                    RateBar.held(
                            rates.path("scheduled").asLong(),
                            rates.path("sentInWindow").asLong(),
                            rates.path("completedInWindow").asLong()));
        }
        ArrayNode rows = json.putArray("latencyMs");
        latency.values().forEach(list -> list.forEach(r -> rows.add(JSON.valueToTree(r))));
        ArrayNode list = json.putArray("shards");
        for (ShardRun r : shards) {
            ObjectNode s = list.addObject();
            s.put("shard", r.shard().toString());
            s.put("dir", r.dir().toString());
            s.put("status", r.status());
            s.put("started", r.json().path("started").asText());
            s.put("ended", r.json().path("ended").asText());
            s.put("errors", r.json().path("errors").asLong());
            if (r.json().has("objectReads")) {
                s.put("objectReads", r.json().path("objectReads").asLong());
                s.put(
                        "expectedObjectReads",
                        r.json().path("expectedObjectReads").asLong());
            }
            if (r.json().path("tenants").isObject()) {
                s.put("tenantsReady", r.json().path("tenants").path("ready").asLong());
                s.put(
                        "tenantsRequested",
                        r.json().path("tenants").path("requested").asLong());
            }
            if (r.json().path("rates").isObject()) {
                s.set("rates", r.json().path("rates"));
            }
        }
        ArrayNode notes = json.path("notes").isArray() ? (ArrayNode) json.path("notes") : json.putArray("notes");
        notes.add(
                "merged from " + shards.size() + " shards: counts summed, latencies from the added histograms; "
                        + "samples, deltas, per-phase and sizing tables are shard 0's (every shard scrapes the same API servers)");
        return json;
    }

    /** Sums the numeric fields (and maps of counts) of the objects with the same {@code key} across shards. */
    private void mergeArray(ObjectNode json, String field, String key) {
        if (!json.path(field).isArray()) {
            return;
        }
        Map<String, ObjectNode> merged = new TreeMap<>();
        List<String> order = new ArrayList<>();
        for (ShardRun r : shards) {
            for (JsonNode item : r.json().path(field)) {
                String k = item.path(key).asText();
                ObjectNode target = merged.get(k);
                if (target == null) {
                    merged.put(k, item.deepCopy());
                    order.add(k);
                    continue;
                }
                addCounts(target, item);
            }
        }
        ArrayNode out = json.putArray(field);
        order.forEach(k -> out.add(merged.get(k)));
    }

    private static void addCounts(ObjectNode target, JsonNode item) {
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            JsonNode mine = target.path(e.getKey());
            if (e.getValue().isIntegralNumber() && mine.isIntegralNumber()) {
                target.put(e.getKey(), mine.asLong() + e.getValue().asLong());
            } else if (e.getValue().isObject() && mine.isObject() && e.getKey().startsWith("errorsByKind")) {
                addCounts((ObjectNode) mine, e.getValue());
            } else if (e.getValue().isObject() && !target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private static Optional<LatencyRow> overall(List<LatencyRow> rows) {
        if (rows == null || rows.isEmpty()) {
            return Optional.empty();
        }
        return rows.stream().filter(r -> r.endpoint().equals("all")).findFirst().or(() -> Optional.of(rows.get(0)));
    }

    private long sum(Function<ShardRun, JsonNode> field) {
        return shards.stream().map(field).mapToLong(JsonNode::asLong).sum();
    }

    private String worstStatus() {
        return shards.stream()
                .map(ShardRun::status)
                .max(Comparator.comparingInt(s -> {
                    int i = STATUS_BY_SEVERITY.indexOf(s);
                    return i < 0 ? STATUS_BY_SEVERITY.size() : i;
                }))
                .orElse("OK");
    }

    private static String shardsCsv(JsonNode json) {
        StringBuilder csv = new StringBuilder(
                "shard,status,started,ended,errors,object_reads,tenants_ready,requested_ops_per_s,sent_per_s,answered_per_s,held,dir\n");
        for (JsonNode s : json.path("shards")) {
            JsonNode r = s.path("rates");
            csv.append(String.join(
                            ",",
                            s.path("shard").asText(),
                            s.path("status").asText(),
                            s.path("started").asText(),
                            s.path("ended").asText(),
                            s.path("errors").asText(),
                            s.path("objectReads").asText(""),
                            s.path("tenantsReady").asText(""),
                            r.isMissingNode()
                                    ? ""
                                    : String.format(
                                            Locale.US,
                                            "%.1f",
                                            r.path("requestedOpsPerSecond").asDouble()),
                            r.isMissingNode()
                                    ? ""
                                    : String.format(
                                            Locale.US,
                                            "%.1f",
                                            r.path("sentPerSecond").asDouble()),
                            r.isMissingNode()
                                    ? ""
                                    : String.format(
                                            Locale.US,
                                            "%.1f",
                                            r.path("completedPerSecond").asDouble()),
                            r.isMissingNode() ? "" : r.path("held").asText(),
                            s.path("dir").asText()))
                    .append('\n');
        }
        return csv.toString();
    }
}
