package dev.cpbench.micro.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cpbench.micro.JmhJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-fork samples of JMH results: each fork's mean score (of its measurement iterations) and its allocation per
 * operation. Forks, not iterations, are the independent samples: each is a fresh JVM with its own JIT decisions and
 * memory layout, while iterations within a fork share them.
 */
final class ForkSamples {
    /**
     * @param unit JMH's {@code scoreUnit}
     * @param scores one per fork (or per iteration, see {@link #perIteration})
     * @param allocs {@code gc.alloc.rate.norm} per fork, B/op; empty without {@code -prof gc}
     * @param perIteration true when a single-fork stored result was split into its iterations (weaker evidence)
     */
    record Samples(String unit, List<Double> scores, List<Double> allocs, boolean perIteration) {
        Samples plus(Samples more) {
            List<Double> s = new ArrayList<>(scores);
            s.addAll(more.scores);
            List<Double> a = new ArrayList<>(allocs);
            a.addAll(more.allocs);
            return new Samples(unit, s, a, perIteration || more.perIteration);
        }

        double[] scoreArray() {
            return scores.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private ForkSamples() {
    }

    /**
     * Reads a JMH JSON file. With {@code splitSingleFork}, a result with one fork gives one sample per iteration
     * (for a stored baseline that had only one fork); otherwise one sample per fork.
     */
    static Map<ResultKey, Samples> read(Path jmhJson, boolean splitSingleFork) {
        Map<ResultKey, Samples> samples = new LinkedHashMap<>();
        for (JsonNode r : JmhJson.results(jmhJson)) {
            ResultKey key = ResultKey.of(r);
            JsonNode primary = r.path("primaryMetric");
            JsonNode raw = primary.path("rawData");
            boolean split = splitSingleFork && raw.size() == 1;
            List<Double> scores = split ? values(raw.get(0)) : forkMeans(raw);
            List<Double> allocs = forkMeans(r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("rawData"));
            samples.merge(key, new Samples(primary.path("scoreUnit").asText(), scores, allocs, split), Samples::plus);
        }
        return samples;
    }

    private static List<Double> forkMeans(JsonNode rawData) {
        List<Double> means = new ArrayList<>();
        for (JsonNode fork : rawData) {
            means.add(values(fork).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        }
        return means;
    }

    private static List<Double> values(JsonNode iterations) {
        List<Double> values = new ArrayList<>();
        iterations.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
