package dev.cpbench.micro.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code compare.json}, {@code compare.md} and the table printed after a comparison. */
final class CompareReport {
    static final String METHOD = "per-fork means; Welch's two-sided t-test; regression when worse by more than the "
            + "threshold and p < alpha; allocation (gc.alloc.rate.norm) regression when more than 16 B/op and 2% more";

    private final CompareOptions options;
    private final List<Comparison> comparisons;
    private final List<String> unmatched;

    CompareReport(CompareOptions options, List<Comparison> comparisons, List<String> unmatched) {
        this.options = options;
        this.comparisons = comparisons;
        this.unmatched = unmatched;
    }

    void write() throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseline", options.baselineLabel());
        json.put("candidate", options.candidateLabel());
        json.put("evidence", evidence());
        json.put("forksPerSide", options.forks());
        json.put("thresholdPercent", options.thresholdPercent());
        json.put("alpha", options.alpha());
        json.put("candidateJvmArgs", options.candidateJvmArgs());
        json.put("jmhArgs", options.jmhArgs());
        json.put("method", METHOD);
        json.put("regressions", comparisons.stream().filter(Comparison::regressed).count());
        json.put("results", comparisons);
        json.put("unmatched", unmatched);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().resolve("compare.json").toFile(), json);
        StringBuilder md = new StringBuilder("# cpbench compare\n\n");
        md.append("Baseline: `").append(options.baselineLabel()).append("`; candidate: `").append(options.candidateLabel())
                .append(options.candidateJvmArgs().isBlank() ? "" : " with " + options.candidateJvmArgs()).append("`.  \n");
        md.append(evidence()).append("  \n");
        md.append("Method: ").append(METHOD).append(String.format(Locale.ROOT, " (threshold %.1f%%, alpha %s).%n%n",
                options.thresholdPercent(), options.alpha()));
        md.append("| benchmark | baseline | candidate | change | p | verdict | alloc B/op (base → cand) | alloc verdict |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---|\n");
        for (Comparison c : comparisons) {
            md.append("| ").append(c.key()).append(" | ").append(score(c.baselineMean(), c.unit())).append(" | ")
                    .append(score(c.candidateMean(), c.unit())).append(" | ").append(change(c)).append(" | ")
                    .append(p(c.pValue())).append(" | **").append(c.verdict()).append("** | ").append(alloc(c)).append(" | ")
                    .append(c.allocVerdict()).append(" |\n");
        }
        unmatched.forEach(u -> md.append("\n- not compared: ").append(u));
        Files.writeString(options.out().resolve("compare.md"), md.append('\n').toString());
    }

    /** The console table: one aligned line per result. */
    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Benchmark", "Baseline", "Candidate", "Change", "p", "Verdict", "Alloc B/op", "Alloc"});
        for (Comparison c : comparisons) {
            rows.add(new String[] {c.key().toString(), score(c.baselineMean(), c.unit()), score(c.candidateMean(), c.unit()),
                    change(c), p(c.pValue()), c.verdict().toUpperCase(Locale.ROOT), alloc(c), c.allocVerdict()});
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder("\n").append(evidence()).append('\n');
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format("%" + (i == 0 || i == 5 || i == 7 ? "-" : "") + widths[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private String evidence() {
        if (options.candidateResult() != null) {
            return "Evidence: SCREEN ONLY — two stored results (" + options.against().getFileName() + " → "
                    + options.candidateResult().getFileName() + "), from different runs; confirm with --compare.";
        }
        return options.against() == null
                ? String.format(Locale.ROOT, "Evidence: %d forks per side, interleaved on this machine.", options.forks())
                : String.format(Locale.ROOT, "Evidence: WEAKER — %d candidate forks against a stored result (%s), not run interleaved on this machine now.",
                        options.forks(), options.against().getFileName());
    }

    private static String score(double v, String unit) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f %s" : "%.3g %s", v, unit);
    }

    private static String change(Comparison c) {
        return String.format(Locale.ROOT, "%+.1f%%", c.changePercent());
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String alloc(Comparison c) {
        return c.baselineAlloc() == null || c.candidateAlloc() == null ? "n/a"
                : String.format(Locale.ROOT, "%,.0f → %,.0f", c.baselineAlloc(), c.candidateAlloc());
    }
}
