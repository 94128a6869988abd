package dev.cpbench.micro.compare;

import dev.cpbench.jmhresults.JmhResult;
import java.util.Map;
import java.util.stream.Collectors;

/** What makes two JMH results comparable: the same benchmark, mode, threads and parameters. */
record ResultKey(String benchmark, String mode, int threads, Map<String, String> params) {
    /** The key of one result of a JMH JSON file. */
    static ResultKey of(JmhResult result) {
        return new ResultKey(result.benchmark(), result.mode(), result.threads(), result.params());
    }

    /** {@code Class.method} without the package. */
    String shortName() {
        return JmhResult.shortName(benchmark);
    }

    /** Parameters with a value, {@code k=v k=v}, sorted. */
    String paramsText() {
        return params.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        String p = paramsText();
        return shortName() + " " + mode + (threads > 1 ? " t" + threads : "") + (p.isEmpty() ? "" : " [" + p + "]");
    }
}
