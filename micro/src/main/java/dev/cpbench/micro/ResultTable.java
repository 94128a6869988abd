package dev.cpbench.micro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compact table {@code ./jmh.sh} prints after a run, one line per result of a JMH JSON file: score with
 * its 99.9% error, p50/p99 for sampled modes, and allocation per operation ({@code gc.alloc.rate.norm}),
 * with only the parameters that are set and only the columns some result fills. JMH's own table, above it, carries every secondary metric.
 *
 * <p>Run: {@code java -cp micro/target/benchmarks.jar dev.cpbench.micro.ResultTable results/jmh/FILE.json}
 */
public final class ResultTable {
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable JMH-RESULT.json");
            System.exit(2);
        }
        print(new ObjectMapper().readTree(Path.of(args[0]).toFile()), System.out);
    }

    static void print(JsonNode results, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Benchmark", "Params", "Mode", "Score", "± Error", "Units", "p50", "p99", "Alloc B/op"});
        for (JsonNode r : results) {
            JsonNode primary = r.path("primaryMetric");
            JsonNode percentiles = primary.path("scorePercentiles");
            boolean sampled = r.path("mode").asText().equals("sample");
            String benchmark = r.path("benchmark").asText();
            rows.add(new String[] {
                benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1),
                params(r.path("params")),
                r.path("mode").asText(),
                number(primary.path("score").asDouble()),
                number(primary.path("scoreError").asDouble()),
                primary.path("scoreUnit").asText(),
                sampled ? number(percentiles.path("50.0").asDouble()) : "",
                sampled ? number(percentiles.path("99.0").asDouble()) : "",
                r.path("secondaryMetrics").has("gc.alloc.rate.norm")
                        ? String.format(Locale.US, "%,.0f", r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble())
                        : ""});
        }
        int[] widths = new int[rows.get(0).length];
        boolean[] used = new boolean[widths.length]; // a column no result fills is left out
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
                used[i] |= row != rows.get(0) && !row[i].isEmpty();
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (used[i]) {
                    boolean text = i <= 2 || i == 5;
                    line.append(String.format("%" + (text ? "-" : "") + widths[i] + "s  ", row[i]));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String params(JsonNode params) {
        List<String> set = new ArrayList<>();
        params.fields().forEachRemaining(p -> {
            if (!p.getValue().asText().isEmpty()) {
                set.add(p.getKey() + "=" + p.getValue().asText());
            }
        });
        return String.join(" ", set);
    }

    /** Three significant digits at least, thousands separated, as people read figures. */
    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double abs = Math.abs(v);
        String format = abs >= 100 ? "%,.0f" : abs >= 10 ? "%,.1f" : abs >= 1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.US, format, v);
    }

    private ResultTable() {
    }
}
