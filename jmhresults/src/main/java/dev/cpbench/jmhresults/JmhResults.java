package dev.cpbench.jmhresults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of JMH JSON result files ({@code -rf json}), for the result table, {@code --compare}, the history
 * and trend, and macro's correlation: each result typed ({@link JmhResult}), an error JMH could not estimate NaN.
 * A missing, empty, unreadable or non-array file, or a result without its benchmark, score or unit, is an
 * {@link IllegalArgumentException} whose one-line message names the file and what is wrong with it.
 */
public final class JmhResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {}

    /** Every result of {@code file}, in file order. */
    public static List<JmhResult> read(Path file) {
        JsonNode root = root(file);
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            results.add(result(file, i, root.get(i)));
        }
        return results;
    }

    private static JsonNode root(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new IllegalArgumentException(file + ": empty file (0 bytes), not a JMH result; "
                        + "a run that failed before writing its results leaves one");
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isArray()) {
                throw new IllegalArgumentException(file + ": not JMH JSON (expected an array of results)");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    file + ": not readable as JMH JSON: "
                            + message.lines().findFirst().orElse(message),
                    e);
        }
    }

    private static JmhResult result(Path file, int index, JsonNode r) {
        JsonNode primary = r.path("primaryMetric");
        if (!r.path("benchmark").isTextual()
                || !primary.path("score").isNumber()
                || !primary.path("scoreUnit").isTextual()) {
            throw new IllegalArgumentException(
                    file + ": result [" + index + "] lacks benchmark, primaryMetric.score or scoreUnit");
        }
        Map<String, String> params = new LinkedHashMap<>();
        r.path("params")
                .properties()
                .forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        Map<String, Metric> secondary = new LinkedHashMap<>();
        r.path("secondaryMetrics").properties().forEach(m -> secondary.put(m.getKey(), metric(m.getValue())));
        return new JmhResult(
                r.path("benchmark").asText(),
                r.path("mode").asText(),
                r.path("threads").asInt(1),
                params,
                metric(primary),
                secondary);
    }

    private static Metric metric(JsonNode m) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        m.path("scorePercentiles").properties().forEach(p -> percentiles.put(p.getKey(), number(p.getValue())));
        List<List<Double>> forks = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            List<Double> iterations = new ArrayList<>();
            fork.forEach(v -> iterations.add(number(v)));
            forks.add(iterations);
        }
        return new Metric(
                number(m.path("score")),
                number(m.path("scoreError")),
                m.path("scoreUnit").asText(),
                percentiles,
                forks);
    }

    /** JMH writes "NaN" (a string) for a value it could not estimate. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
