package dev.cpbench.micro.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code compare.json}, {@code compare.md} and the table printed after a comparison. */
final class CompareReport {
    static final String METHOD = "per-fork means; Welch's two-sided t-test; regression when worse by more than the "
            + "threshold and p below the look's level; \"no change\" only when the minimum detectable effect (MDE) at 80% "
            + "power is within the threshold, else inconclusive; forks added 2 per side per look, the looks' levels from "
            + "Lan-DeMets O'Brien-Fleming-type alpha spending (overall false-alarm rate <= alpha); allocation "
            + "(gc.alloc.rate.norm) regression when more than 16 B/op and 2% more";

    private final CompareOptions options;
    private final List<Comparison> comparisons;
    private final List<String> unmatched;
    private final List<SequentialCompare.Look> looks;
    private final String stopped;

    CompareReport(
            CompareOptions options,
            List<Comparison> comparisons,
            List<String> unmatched,
            List<SequentialCompare.Look> looks,
            String stopped) {
        this.options = options;
        this.comparisons = comparisons;
        this.unmatched = unmatched;
        this.looks = looks;
        this.stopped = stopped;
    }

    void write() throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseline", options.baselineLabel());
        json.put("candidate", options.candidateLabel());
        json.put("evidence", evidence());
        json.put("forksPerSide", looks.get(looks.size() - 1).forksPerSide());
        json.put("firstLookForks", options.forks());
        json.put("maxForks", options.maxForks());
        json.put("budgetSeconds", options.budget().toSeconds());
        json.put("thresholdPercent", options.thresholdPercent());
        json.put("alpha", options.alpha());
        json.put("decisionPower", Comparison.DECISION_POWER);
        json.put("candidateJvmArgs", options.candidateJvmArgs());
        json.put("jmhArgs", options.jmhArgs());
        json.put("method", METHOD);
        json.put("stopped", stopped);
        json.put("looks", looks);
        json.put(
                "regressions",
                comparisons.stream().filter(Comparison::regressed).count());
        json.put(
                "inconclusive",
                comparisons.stream()
                        .filter(c -> c.verdict().equals("inconclusive"))
                        .count());
        json.put("results", comparisons);
        json.put("unmatched", unmatched);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.out().resolve("compare.json").toFile(), json);
        StringBuilder md = new StringBuilder("# cpbench compare\n\n");
        md.append("Baseline: `")
                .append(options.baselineLabel())
                .append("`; candidate: `")
                .append(options.candidateLabel())
                .append(options.candidateJvmArgs().isBlank() ? "" : " with " + options.candidateJvmArgs())
                .append("`.  \n");
        md.append(evidence()).append("  \n");
        md.append("Method: ")
                .append(METHOD)
                .append(String.format(
                        Locale.US, " (threshold %.1f%%, alpha %s).  %n", options.thresholdPercent(), options.alpha()));
        md.append("MDE: the smallest change each test could find with 80% (95%) power at the level it was tested at, "
                + "(t(1-level/2, df) + t(power, df)) x SE, % of the baseline mean.  \n");
        md.append("Noise: the SD of single iterations within a fork and of the forks' own levels, % of the mean; "
                + "-i K: the iterations per fork that would see most in the same time, and its MDE relative to this "
                + "run's (Cochran's two-stage optimum).\n\n");
        md.append(
                "| benchmark | forks per side | baseline | candidate | change | p | tested at | MDE 80% (95%) | verdict "
                        + "| noise: iterations / forks (-i K) | alloc B/op (base → cand) | alloc verdict |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|\n");
        for (Comparison c : comparisons) {
            md.append("| ")
                    .append(c.key())
                    .append(" | ")
                    .append(forks(c))
                    .append(" | ")
                    .append(score(c.baselineMean(), c.unit()))
                    .append(" | ")
                    .append(score(c.candidateMean(), c.unit()))
                    .append(" | ")
                    .append(change(c))
                    .append(" | ")
                    .append(p(c.pValue()))
                    .append(" | ")
                    .append(level(c.testLevel()))
                    .append(" | ")
                    .append(mde(c))
                    .append(" | **")
                    .append(c.verdictText())
                    .append("** | ")
                    .append(noise(c.noise()))
                    .append(" | ")
                    .append(alloc(c))
                    .append(" | ")
                    .append(c.allocVerdict())
                    .append(" |\n");
        }
        unmatched.forEach(u -> md.append("\n- not compared: ").append(u));
        Files.writeString(options.out().resolve("compare.md"), md.append('\n').toString());
    }

    /** The console table: one aligned line per result. */
    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "Benchmark", "Forks", "Baseline", "Candidate", "Change", "p", "MDE80", "Verdict", "Alloc B/op", "Alloc"
        });
        for (Comparison c : comparisons) {
            rows.add(new String[] {
                c.key().toString(),
                forks(c),
                score(c.baselineMean(), c.unit()),
                score(c.candidateMean(), c.unit()),
                change(c),
                p(c.pValue()),
                percent(c.mde80Percent()),
                c.verdictText().toUpperCase(Locale.US),
                alloc(c),
                c.allocVerdict()
            });
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
                line.append(String.format(
                        Locale.US, "%" + (i == 0 || i == 7 || i == 9 ? "-" : "") + widths[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        comparisons.stream()
                .filter(c -> c.verdict().equals("inconclusive") && c.noise() != null)
                .filter(c -> c.noise().bestIterations() > c.noise().iterations()
                        && c.noise().mdeRatio() < 0.9)
                .forEach(c -> out.append(String.format(
                        Locale.US,
                        "%s: its forks' spread is mostly within them (iterations %.1f%%, fork levels %.1f%%):"
                                + " with -i %d the same time would see changes about %.0f%% the size%n",
                        c.key(),
                        c.noise().withinPercent(),
                        c.noise().betweenPercent(),
                        c.noise().bestIterations(),
                        100 * c.noise().mdeRatio())));
        return out.toString();
    }

    private static String noise(NoiseSplit n) {
        if (n == null) {
            return "n/a";
        }
        String split = String.format(Locale.US, "%.1f%% / %.1f%%", n.withinPercent(), n.betweenPercent());
        return n.bestIterations() == 0
                ? split
                : split + String.format(Locale.US, " (-i %d: MDE ×%.2f)", n.bestIterations(), n.mdeRatio());
    }

    private String evidence() {
        if (options.candidateResult() != null) {
            return "Evidence: SCREEN ONLY — two stored results ("
                    + options.against().getFileName() + " → "
                    + options.candidateResult().getFileName() + "), from different runs; confirm with --compare.";
        }
        SequentialCompare.Look last = looks.get(looks.size() - 1);
        String sequence = String.format(
                Locale.US,
                "%d look%s in %s (at most %d forks per side, budget %s), stopped: %s.",
                looks.size(),
                looks.size() == 1 ? "" : "s",
                SequentialCompare.text(Duration.ofSeconds(Math.round(last.elapsedSeconds()))),
                options.maxForks(),
                SequentialCompare.text(options.budget()),
                stopped);
        return options.against() == null
                ? String.format(
                        Locale.US,
                        "Evidence: %d forks per side, interleaved on this machine; %s",
                        last.forksPerSide(),
                        sequence)
                : String.format(
                        Locale.US,
                        "Evidence: WEAKER — %d candidate forks against a stored result (%s), not run interleaved on this machine now; %s",
                        last.forksPerSide(),
                        options.against().getFileName(),
                        sequence);
    }

    private static String forks(Comparison c) {
        return c.baseline().size() == c.candidate().size()
                ? String.valueOf(c.baseline().size())
                : c.baseline().size() + "/" + c.candidate().size();
    }

    private static String mde(Comparison c) {
        return percent(c.mde80Percent()) + " (" + percent(c.mde95Percent()) + ")";
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.US, "%.1f%%", v);
    }

    private static String level(double level) {
        return String.format(Locale.US, "%.2g", level);
    }

    private static String score(double v, String unit) {
        return String.format(Locale.US, Math.abs(v) >= 100 ? "%,.0f %s" : "%.3g %s", v, unit);
    }

    private static String change(Comparison c) {
        return String.format(Locale.US, "%+.1f%%", c.changePercent());
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.0001 ? "<0.0001" : String.format(Locale.US, "%.4f", p);
    }

    private static String alloc(Comparison c) {
        return c.baselineAlloc() == null || c.candidateAlloc() == null
                ? "n/a"
                : String.format(Locale.US, "%,.0f → %,.0f", c.baselineAlloc(), c.candidateAlloc());
    }
}
