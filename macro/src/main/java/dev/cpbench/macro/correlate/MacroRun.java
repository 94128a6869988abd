package dev.cpbench.macro.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.Source;
import dev.cpbench.macro.target.InjectedCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One macro run directory as {@code correlate} reads it: {@code run.json} (options, target, facts, counters'
 * deltas, endpoints), {@code phases.csv} and the {@code .hlog} latency logs. Every figure it hands out names its
 * file and field.
 */
final class MacroRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final String name;
    private final JsonNode json;
    private final Map<String, Double> phaseSeconds;

    private MacroRun(Path dir, JsonNode json, Map<String, Double> phaseSeconds) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.json = json;
        this.phaseSeconds = phaseSeconds;
    }

    static MacroRun read(Path dir) {
        Path runJson = dir.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
            throw new CorrelationInputException(
                    dir, "not a macro run directory: no run.json (./macro.sh cold-start and sustained write one)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(runJson.toFile());
        } catch (IOException e) {
            throw new CorrelationInputException(runJson, "not readable as JSON: " + e.getMessage(), e);
        }
        if (!json.path("scenario").isTextual()
                || !json.path("corpus").path("objects").isNumber()) {
            throw new CorrelationInputException(runJson, "lacks scenario or corpus.objects: not a cpbench run record");
        }
        return new MacroRun(dir, json, phases(dir.resolve("phases.csv")));
    }

    private static Map<String, Double> phases(Path csv) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (!Files.isRegularFile(csv)) {
            return seconds;
        }
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty() || !lines.get(0).equals("phase,start_utc,end_utc,seconds")) {
                throw new CorrelationInputException(csv, "expected the header phase,start_utc,end_utc,seconds");
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                if (cells.length != 4) {
                    throw new CorrelationInputException(
                            csv, "line " + (i + 1) + ": expected 4 cells, got " + cells.length);
                }
                seconds.put(cells[0], Double.parseDouble(cells[3]));
            }
        } catch (IOException | NumberFormatException e) {
            throw new CorrelationInputException(csv, "unreadable: " + e.getMessage(), e);
        }
        return seconds;
    }

    String scenario() {
        return json.path("scenario").asText();
    }

    boolean embedded() {
        return json.path("embedded").asBoolean();
    }

    String targetDescription() {
        return json.path("target")
                .path("description")
                .asText(json.path("target").path("kind").asText("unknown"));
    }

    long objects() {
        return json.path("corpus").path("objects").asLong();
    }

    int objectBytes() {
        return json.path("corpus").path("objectBytes").asInt();
    }

    /** API servers the run listed through. */
    int endpoints() {
        return Math.max(1, json.path("endpoints").size());
    }

    int harnessProcessors() {
        return json.path("harness").path("processors").asInt(1);
    }

    /** A run option as given, e.g. {@code embedded-transit-latency}; empty when absent or null. */
    Optional<String> option(String name) {
        JsonNode value = json.path("options").path(name);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * The costs the run injected ({@code options.inject}, {@code ./macro.sh ... --inject}); empty for a measurement.
     *
     * @throws CorrelationInputException when a value is not one {@code --inject} takes
     */
    List<InjectedCost> injected() {
        List<InjectedCost> costs = new ArrayList<>();
        for (JsonNode value : json.path("options").path("inject")) {
            try {
                costs.add(InjectedCost.parse(value.asText()));
            } catch (IllegalArgumentException e) {
                throw new CorrelationInputException(dir.resolve("run.json"), "options.inject: " + e.getMessage(), e);
            }
        }
        return costs;
    }

    /** The cost the run injected per operation of a hot path, in seconds; 0 when none. */
    double injectedSeconds(String hotPath) {
        return injected().stream()
                .filter(c -> c.point().id.equals(hotPath))
                .mapToDouble(c -> c.cost().toNanos() / 1e9)
                .reduce((first, last) -> last)
                .orElse(0);
    }

    /** A target property, e.g. {@code listEncoder}; empty when absent. */
    Optional<String> target(String name) {
        JsonNode value = json.path("target").path(name);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * A number at a dotted path of run.json ({@code deltas.figures.provider_decrypts}), or the sum over an array's
     * elements ({@code endpoints[].pages}); empty when absent (from any element).
     */
    Optional<Quantity> number(String path, String unit) {
        int array = path.indexOf("[].");
        if (array < 0) {
            JsonNode node = at(json, path);
            return node.isNumber()
                    ? Optional.of(Quantity.exact(node.asDouble(), unit, source(path)))
                    : Optional.empty();
        }
        JsonNode elements = at(json, path.substring(0, array));
        double sum = 0;
        for (JsonNode element : elements) {
            JsonNode node = at(element, path.substring(array + 3));
            if (!node.isNumber()) {
                return Optional.empty();
            }
            sum += node.asDouble();
        }
        return elements.isArray() && !elements.isEmpty()
                ? Optional.of(Quantity.exact(sum, unit, source(path + " (sum)")))
                : Optional.empty();
    }

    private static JsonNode at(JsonNode node, String dottedPath) {
        for (String part : dottedPath.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** The first of {@code paths} that run.json has. */
    Optional<Quantity> firstNumber(String unit, String... paths) {
        return Stream.of(paths)
                .map(p -> number(p, unit))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** p95 latency of an operation over every endpoint, ms ({@code latencyMs}, endpoint {@code all}). */
    Optional<Quantity> p95Ms(String operation) {
        for (JsonNode row : json.path("latencyMs")) {
            if (row.path("operation").asText().equals(operation)
                    && row.path("endpoint").asText().equals("all")) {
                return Optional.of(Quantity.exact(
                        row.path("p95Ms").asDouble(),
                        "ms",
                        source("latencyMs[operation=" + operation + ",endpoint=all].p95Ms")));
            }
        }
        return Optional.empty();
    }

    /** Error counts by endpoint and kind ({@code endpoints[].errorsByKind}). */
    Map<String, Map<String, Long>> errorsByEndpoint() {
        Map<String, Map<String, Long>> errors = new LinkedHashMap<>();
        for (JsonNode endpoint : json.path("endpoints")) {
            Map<String, Long> kinds = new LinkedHashMap<>();
            endpoint.path("errorsByKind")
                    .properties()
                    .forEach(k -> kinds.put(k.getKey(), k.getValue().asLong()));
            errors.put(endpoint.path("name").asText(), kinds);
        }
        return errors;
    }

    Source source(String field) {
        return new Source(name + "/run.json", field);
    }

    /** Seconds of each phase, in the order run; empty when phases.csv is missing. */
    Map<String, Double> phaseSeconds() {
        return phaseSeconds;
    }

    /**
     * Cores the harness's JIT compiler kept busy on average in a phase ({@code phases[].jitCpuSeconds} ÷ seconds):
     * with the embedded stand-in they are not the API servers'; empty for runs that did not record it.
     */
    Optional<Quantity> jitCores(String phase) {
        return recordedPhase(phase, "jitCpuSeconds")
                .map(p -> Quantity.exact(
                        p.path("jitCpuSeconds").asDouble() / p.path("seconds").asDouble(),
                        "cores",
                        source("phases[name=" + phase + "].jitCpuSeconds ÷ seconds")));
    }

    /**
     * Wall time of a phase in which the harness's cores were not all busy with the API servers' and the client's work,
     * on average: seconds − (harness CPU − JIT CPU) ÷ (processors − JIT cores), at least 0 ({@code phases[]}'s
     * {@code harnessCpuSeconds} and {@code jitCpuSeconds}; the compiler runs beside the servers, never before they are
     * ready, but takes its cores); empty for runs that did not record the CPU.
     */
    Optional<Quantity> idleSeconds(String phase) {
        return recordedPhase(phase, "harnessCpuSeconds").map(p -> {
            double seconds = p.path("seconds").asDouble();
            double jit = p.path("jitCpuSeconds").asDouble(0);
            double cores = Math.max(1, harnessProcessors() - jit / seconds);
            double busy = Math.max(0, p.path("harnessCpuSeconds").asDouble() - jit) / cores;
            return Quantity.exact(
                    Math.max(0, seconds - busy),
                    "s",
                    source("phases[name=" + phase + "]: seconds − (harnessCpuSeconds − jitCpuSeconds) ÷ ("
                            + harnessProcessors() + " processors − JIT cores)"));
        });
    }

    /** The harness's CPU seconds in a phase by threads (run.json {@code phases[].cpuByThreads}); empty when not recorded. */
    Map<String, Double> cpuByThreads(String phase) {
        Map<String, Double> split = new LinkedHashMap<>();
        recordedPhase(phase, "harnessCpuSeconds")
                .ifPresent(p -> p.path("cpuByThreads")
                        .properties()
                        .forEach(e -> split.put(e.getKey(), e.getValue().asDouble())));
        return split;
    }

    private Optional<JsonNode> recordedPhase(String phase, String field) {
        for (JsonNode p : json.path("phases")) {
            if (p.path("name").asText().equals(phase)
                    && p.path(field).isNumber()
                    && p.path("seconds").asDouble() > 0) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Source phaseSource(String phase) {
        return new Source(name + "/phases.csv", "phase=" + phase + " seconds");
    }

    /** The run's HdrHistogram interval logs, one per operation, by name. */
    List<Path> latencyLogs() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".hlog"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CorrelationInputException(dir, "cannot list the .hlog files: " + e.getMessage(), e);
        }
    }
}
