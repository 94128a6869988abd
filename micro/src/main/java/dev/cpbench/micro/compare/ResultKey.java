package dev.cpbench.micro.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What makes two JMH results comparable: the same benchmark, mode, threads and parameters. */
record ResultKey(String benchmark, String mode, int threads, Map<String, String> params) {
    /** The key of one result of a JMH JSON file. */
    static ResultKey of(JsonNode result) {
        Map<String, String> params = new TreeMap<>();
        result.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        return new ResultKey(result.path("benchmark").asText(), result.path("mode").asText(), result.path("threads").asInt(1), params);
    }

    /** {@code Class.method} without the package. */
    String shortName() {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    /** Parameters with a value, {@code k=v k=v}, sorted. */
    String paramsText() {
        return params.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        String p = paramsText();
        return shortName() + " " + mode + (threads > 1 ? " t" + threads : "") + (p.isEmpty() ? "" : " [" + p + "]");
    }
}
