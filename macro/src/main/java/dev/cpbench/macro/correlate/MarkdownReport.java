package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.FanoutCurve;
import dev.cpbench.macro.correlate.Report.Finding;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.LatencyCurve;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.Point;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import dev.cpbench.macro.correlate.Report.Term;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code report.md}: the report for a person, figures rounded as {@link Format} says, sources named. */
final class MarkdownReport {
    private final StringBuilder md = new StringBuilder();

    private MarkdownReport() {}

    static String render(Report report) {
        MarkdownReport r = new MarkdownReport();
        r.header(report);
        r.attribution(report.runs());
        r.batching(report.batching());
        r.diagnosis(report.diagnosis());
        r.scaling(report.scaling());
        r.latency(report.latencyCurves());
        r.fanout(report.fanoutCurves());
        r.charts(report.charts());
        return r.md.toString();
    }

    private void header(Report report) {
        md.append("# cpbench correlation\n\n");
        if (report.runs().stream().anyMatch(RunAttribution::embedded)) {
            md.append("> **")
                    .append(Format.EMBEDDED_BANNER)
                    .append("** (runs marked *embedded*): ")
                    .append(Format.EMBEDDED_DETAIL)
                    .append("\n\n");
        }
        md.append("Micro results: ").append(code(report.inputs().micro())).append("  \n");
        md.append("Macro runs: ").append(code(report.inputs().macro())).append("  \n");
        md.append("Decision threshold: ")
                .append(Format.percent(report.inputs().decisionThresholdPercent()))
                .append(" of the window.\n\n");
        md.append(
                "Rounding: times to 3 significant digits, shares to 0.1%; report.json has every figure unrounded, with the file "
                        + "and field it came from. Each hot path's model is count (macro) × cost per operation (micro, ± JMH's 99.9% "
                        + "error) ÷ the operations running at once. Where the API servers measure the hot path themselves (their KMS "
                        + "latency and storage transformation histograms), the window is attributed their measured time ÷ the API "
                        + "servers doing it at once, with the model beside it (where they measure a part, the refill's decrypts, the "
                        + "larger of the two); otherwise the model. The rest of the window is shown as unexplained.\n\n");
    }

    private void attribution(List<RunAttribution> runs) {
        md.append("## Where the time went\n\n");
        for (RunAttribution a : runs) {
            md.append("### ")
                    .append(a.run())
                    .append(a.embedded() ? " (embedded)" : "")
                    .append("\n\n");
            md.append(String.format(
                    Locale.US,
                    "%s: %s objects × %s B through %d endpoint(s); %s. Window (%s): **%s**.%n%n",
                    a.scenario(),
                    Format.number(a.objects()),
                    Format.number(a.objectBytes()),
                    a.endpoints(),
                    a.target(),
                    a.phases().stream().map(PhaseTime::phase).collect(Collectors.joining(" + ")),
                    Format.seconds(a.windowSeconds())));
            md.append(
                    "| hot path | phase | count | cost / op | at once | model (99.9% CI) | server-measured | model ÷ server | wall | share | cost from |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Term t : a.terms()) {
                md.append("| ")
                        .append(t.hotPath())
                        .append(" | ")
                        .append(t.phase())
                        .append(" | ")
                        .append(Format.number(t.count().value()))
                        .append(" | ")
                        .append(Format.seconds(t.costSeconds().value()))
                        .append(" | ")
                        .append(Format.number(t.parallelism()))
                        .append(" | ")
                        .append(Format.interval(t.modelSeconds()))
                        .append(" | ")
                        .append(Format.server(t))
                        .append(" | ")
                        .append(Format.ratio(t.modelOverServer()))
                        .append(" | ")
                        .append(Format.seconds(t.wallSeconds().value()))
                        .append(" | ")
                        .append(Format.share(t.share()))
                        .append(" | ")
                        .append(t.costSeconds().source().file())
                        .append(" |\n");
            }
            md.append("| **unexplained** | | | | | | | | ")
                    .append(Format.seconds(a.remainderSeconds()))
                    .append(" | ")
                    .append(Format.share(a.remainderShare()))
                    .append(" | window − terms |\n\n");
            md.append(
                    "| phase | observed | explained | unexplained | harness CPU by threads (CPU s) |\n|---|---:|---:|---:|---|\n");
            for (PhaseTime p : a.phases()) {
                md.append("| ")
                        .append(p.phase())
                        .append(" | ")
                        .append(Format.seconds(p.seconds()))
                        .append(" | ")
                        .append(Format.seconds(p.explainedSeconds()))
                        .append(" | ")
                        .append(Format.seconds(p.remainderSeconds()))
                        .append(" | ")
                        .append(Format.cpuByThreads(p.cpuByThreads()))
                        .append(" |\n");
            }
            md.append('\n');
            missing(a.missing());
        }
    }

    private void batching(List<BatchingDecision> decisions) {
        md.append("## Deciding on decrypt micro-batching\n\n");
        md.append(
                "| run | verdict | decrypts | decrypt time (critical path) | at most | estimate at the run's callers (99.9% CI) |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (BatchingDecision d : decisions) {
            md.append("| ")
                    .append(d.run())
                    .append(" | **")
                    .append(d.verdict())
                    .append("** | ")
                    .append(
                            d.decrypts() == null
                                    ? "—"
                                    : Format.number(d.decrypts().value()))
                    .append(" | ")
                    .append(
                            d.decryptSeconds() == null
                                    ? "—"
                                    : Format.seconds(d.decryptSeconds().value()))
                    .append(" | ")
                    .append(
                            d.upperBoundSeconds() == null
                                    ? "—"
                                    : Format.seconds(d.upperBoundSeconds()) + " ("
                                            + Format.percent(d.upperBoundPercent()) + ")")
                    .append(" | ")
                    .append(
                            d.savingSeconds() == null
                                    ? "—"
                                    : Format.interval(d.savingSeconds()) + " (" + Format.percent(d.savingPercent())
                                            + ")")
                    .append(" |\n");
        }
        md.append('\n');
        for (BatchingDecision d : decisions) {
            md.append("**").append(d.run()).append("**: ").append(d.summary()).append(".\n");
            d.evidence().forEach(e -> md.append("- ").append(e).append('\n'));
            d.missing().forEach(m -> md.append("- missing: ").append(m).append('\n'));
            md.append('\n');
        }
    }

    private void diagnosis(List<Finding> findings) {
        md.append("## Diagnosis\n\n");
        if (findings.isEmpty()) {
            md.append("No rule fired: no symptom in these runs.\n\n");
            return;
        }
        md.append("| run | symptom | evidence | likely cause | next action |\n|---|---|---|---|---|\n");
        for (Finding f : findings) {
            md.append("| ")
                    .append(cell(f.run()))
                    .append(" | ")
                    .append(cell(f.symptom()))
                    .append(" | ")
                    .append(cell(f.evidence()))
                    .append(" | ")
                    .append(cell(f.cause()))
                    .append(" | ")
                    .append(cell(f.action()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void scaling(List<ScalingGroup> groups) {
        md.append("## Scaling with the corpus\n\n");
        if (groups.isEmpty()) {
            md.append("Needs two or more runs of one scenario and set-up at different corpus sizes; none here.\n\n");
            return;
        }
        for (ScalingGroup g : groups) {
            md.append("**")
                    .append(g.key())
                    .append("**: ")
                    .append(String.join(", ", g.runs()))
                    .append("\n\n");
            md.append("| term | ")
                    .append(g.objects().stream()
                            .map(o -> Format.number(o) + " objects")
                            .collect(Collectors.joining(" | ")))
                    .append(" | fixed | per 1,000 objects | grows |\n|---|")
                    .append("---:|".repeat(g.objects().size()))
                    .append("---:|---:|---|\n");
            for (Fit f : g.fits()) {
                md.append("| ")
                        .append(f.term())
                        .append(" | ")
                        .append(f.values().stream()
                                .map(v -> Format.fitted(f, v))
                                .collect(Collectors.joining(" | ")))
                        .append(" | ")
                        .append(Format.fitted(f, f.intercept()))
                        .append(" | ")
                        .append(Format.fitted(f, f.slope() * 1000))
                        .append(" | ")
                        .append(f.growth())
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    private void latency(List<LatencyCurve> curves) {
        md.append("## Latency percentiles (from the .hlog files)\n\n");
        if (curves.isEmpty()) {
            md.append("No .hlog files in the runs.\n\n");
            return;
        }
        List<Point> first = curves.get(0).points();
        md.append("| run | operation | count | ")
                .append(first.stream().map(p -> "p" + Format.percentile(p.x())).collect(Collectors.joining(" | ")))
                .append(" |\n|---|---|---:|")
                .append("---:|".repeat(first.size()))
                .append('\n');
        for (LatencyCurve c : curves) {
            md.append("| ")
                    .append(c.run())
                    .append(" | ")
                    .append(c.operation())
                    .append(" | ")
                    .append(Format.number(c.count()))
                    .append(" | ")
                    .append(c.points().stream()
                            .map(p -> Format.seconds(p.y() / 1000))
                            .collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void fanout(List<FanoutCurve> curves) {
        md.append("## KMS decrypt throughput, direct against coalesced (micro)\n\n");
        if (curves.isEmpty()) {
            md.append("No DecryptFanoutBenchmark results in the micro inputs.\n\n");
            return;
        }
        md.append("| mode | Transit latency | window | ops/ms at callers |\n|---|---:|---:|---|\n");
        for (FanoutCurve c : curves) {
            md.append("| ")
                    .append(c.mode())
                    .append(" | ")
                    .append(c.transitLatencyMicros())
                    .append(" µs | ")
                    .append(c.mode().equals(KmsCurves.COALESCE) ? c.windowMicros() + " µs" : "—")
                    .append(" | ")
                    .append(c.points().stream()
                            .map(p -> Format.number(p.x()) + ": " + Format.number(p.y()))
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void charts(List<Report.Chart> charts) {
        if (charts.isEmpty()) {
            return;
        }
        md.append("## Charts\n\n");
        charts.forEach(c -> md.append("![")
                .append(c.title())
                .append("](")
                .append(c.png())
                .append(") (SVG: ")
                .append(c.svg())
                .append(")\n\n"));
    }

    private void missing(List<String> missing) {
        missing.forEach(m -> md.append("- missing: ").append(m).append('\n'));
        if (!missing.isEmpty()) {
            md.append('\n');
        }
    }

    private static String code(List<String> items) {
        return items.stream().map(i -> "`" + i + "`").collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
