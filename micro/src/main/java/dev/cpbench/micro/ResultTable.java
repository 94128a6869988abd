package dev.cpbench.micro;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact table {@code ./jmh.sh} prints after a run, one line per result of a JMH JSON file: score with
 * its 99.9% error, p50/p99 for sampled modes, and allocation per operation ({@code gc.alloc.rate.norm}),
 * with only the parameters that are set and only the columns some result fills. JMH's own table, above it, carries every secondary metric.
 * A benchmark that failed has a line too, {@code FAILED} and the reason. When an error is NaN, a note below says
 * why: JMH gives no interval for two measurements or fewer.
 *
 * <p>For any result file: {@code cpbench-micro table FILE.json} ({@link TableCommand}).
 */
public final class ResultTable {
    /** Why a quick or smoke run shows {@code ± NaN}, and what gives an interval. */
    static final String NAN_NOTE = "± Error NaN: JMH gives no confidence interval for 2 measurements or fewer "
            + "(--quick and --smoke: 1 fork x 1 iteration); the full preset (3 forks x 5 iterations) gives one.";

    /** A benchmark that gave no result: its name, parameters and mode as JMH's JSON would have them, and why. */
    public record Failure(String benchmark, Map<String, String> params, String mode, String reason) {}

    /** The table of {@code results}, then one FAILED line per failure: lines, each ending in a newline. */
    public static String render(List<JmhResult> results, List<Failure> failures) {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "Benchmark", "Params", "Mode", "Score", "± Error", "Units", "p50", "p99", "Alloc B/op", "Failure"
        });
        boolean nanError = false;
        for (JmhResult r : results) {
            Metric primary = r.primary();
            boolean sampled = r.mode().equals("sample");
            nanError |= !primary.errorKnown();
            rows.add(new String[] {
                r.shortName(),
                params(r.params()),
                r.mode(),
                number(primary.score()),
                number(primary.error()),
                primary.unit(),
                sampled ? number(primary.percentiles().getOrDefault("50.0", Double.NaN)) : "",
                sampled ? number(primary.percentiles().getOrDefault("99.0", Double.NaN)) : "",
                r.secondary(JmhResult.ALLOC_NORM)
                        .map(a -> String.format(Locale.US, "%,.0f", a.score()))
                        .orElse(""),
                ""
            });
        }
        for (Failure f : failures) {
            rows.add(new String[] {
                JmhResult.shortName(f.benchmark()),
                params(f.params()),
                f.mode(),
                "FAILED",
                "",
                "",
                "",
                "",
                "",
                f.reason()
            });
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
                    boolean text = i <= 2 || i == 5 || i == 9;
                    line.append(String.format(Locale.US, "%" + (text ? "-" : "") + widths[i] + "s  ", row[i]));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (nanError) {
            out.append('\n').append(NAN_NOTE).append('\n');
        }
        return out.toString();
    }

    private static String params(Map<String, String> params) {
        List<String> set = new ArrayList<>();
        params.forEach((name, value) -> {
            if (!value.isEmpty()) {
                set.add(name + "=" + value);
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

    private ResultTable() {}
}
