package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Finding;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import dev.cpbench.macro.correlate.Report.Term;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code report.html}: the report as one self-contained HTML5 page (no external resources): tables for the time
 * attribution, the batching decisions, the diagnosis and the scaling fits, and the charts' SVG files inlined. Every
 * run's missing inputs are listed. Two small scripts let a headless browser check the page: a {@code window.onerror}
 * handler counting errors in {@code <html data-script-errors>}, and a {@code load} handler setting
 * {@code <body data-charts-expected>} to the number of charts and {@code data-charts-rendered} to those whose SVG
 * has a non-empty bounding box.
 */
final class HtmlReport {
    private static final String TITLE = "cpbench correlation";

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1em}
            th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            figure.chart{margin:1em 0}
            figure.chart svg{width:100%;max-width:1100px;height:auto}
            .missing{color:#a40}
            .banner{background:#fff3cd;border:1px solid #d9b44a;padding:.5em}
            """;

    private static final String ON_ERROR = """
            window.onerror = function () {
              var data = document.documentElement.dataset;
              data.scriptErrors = String(Number(data.scriptErrors) + 1);
            };
            """;

    private static final String COUNT_CHARTS = """
            window.addEventListener('load', function () {
              var figures = document.querySelectorAll('figure.chart');
              var rendered = 0;
              figures.forEach(function (figure) {
                var svg = figure.querySelector('svg');
                var box = svg ? svg.getBBox() : null;
                if (box && box.width > 0 && box.height > 0) {
                  rendered++;
                }
              });
              document.body.dataset.chartsRendered = rendered;
              document.body.dataset.chartsExpected = figures.length;
            });
            """;

    private HtmlReport() {}

    /**
     * Writes the page; the charts' SVG files are read from {@link Report.Chart#svg()} relative to {@code file}'s
     * directory.
     */
    static void write(Report report, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\" data-script-errors=\"0\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<script>\n")
                .append(ON_ERROR)
                .append("</script>\n")
                .append("<title>")
                .append(TITLE)
                .append("</title>\n")
                .append("<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>")
                .append(TITLE)
                .append("</h1>\n");
        header(html, report);
        attribution(html, report.runs());
        batching(html, report.batching());
        diagnosis(html, report.diagnosis());
        scaling(html, report.scaling());
        charts(html, report.charts(), dir);
        html.append("<script>\n").append(COUNT_CHARTS).append("</script>\n</body>\n</html>\n");
        Files.writeString(file, html);
    }

    /** The same banner and inputs as report.md's header: a reader of either sees where the figures come from. */
    private static void header(StringBuilder html, Report report) {
        if (report.runs().stream().anyMatch(RunAttribution::embedded)) {
            html.append("<p class=\"banner\"><strong>")
                    .append(escape(Format.EMBEDDED_BANNER))
                    .append("</strong> (runs marked embedded stand-in): ")
                    .append(escape(Format.EMBEDDED_DETAIL))
                    .append("</p>\n");
        }
        list(html, "Micro results", report.inputs().micro(), "inputs");
        list(html, "Macro runs", report.inputs().macro(), "inputs");
        html.append("<p>Decision threshold: ")
                .append(Format.percent(report.inputs().decisionThresholdPercent()))
                .append(" of the window.</p>\n");
    }

    private static void attribution(StringBuilder html, List<RunAttribution> runs) {
        open(html, "attribution", "Where the time went", runs);
        for (RunAttribution run : runs) {
            html.append("<h3>")
                    .append(escape(run.run()))
                    .append("</h3>\n<p>")
                    .append(escape(run.scenario() + ", " + run.target() + (run.embedded() ? " (embedded stand-in)" : "")
                            + ", " + Format.number(run.objects()) + " objects, window "
                            + Format.seconds(run.windowSeconds())))
                    .append("</p>\n");
            List<List<String>> rows = new ArrayList<>();
            run.terms().forEach(term -> rows.add(termRow(term)));
            rows.add(List.of(
                    "unexplained",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    Format.seconds(run.remainderSeconds()),
                    Format.share(run.remainderShare())));
            table(
                    html,
                    List.of(
                            "hot path",
                            "phase",
                            "count",
                            "cost per op",
                            "model [99.9% CI]",
                            "server-measured",
                            "model ÷ server",
                            "wall",
                            "share"),
                    rows);
            list(html, "Left out", run.missing(), "missing");
        }
        html.append("</section>\n");
    }

    private static List<String> termRow(Term term) {
        return List.of(
                term.hotPath(),
                term.phase(),
                Format.number(term.count().value()),
                Format.interval(term.costSeconds()),
                Format.interval(term.modelSeconds()),
                Format.server(term),
                Format.ratio(term.modelOverServer()),
                Format.seconds(term.wallSeconds().value()),
                Format.share(term.share()));
    }

    private static void batching(StringBuilder html, List<BatchingDecision> decisions) {
        open(html, "batching", "Deciding on decrypt micro-batching", decisions);
        for (BatchingDecision decision : decisions) {
            html.append("<h3>")
                    .append(escape(decision.run()))
                    .append("</h3>\n<p><strong>")
                    .append(escape(decision.verdict()))
                    .append("</strong>: ")
                    .append(escape(decision.summary()))
                    .append("</p>\n");
            table(
                    html,
                    List.of("saving [99.9% CI]", "saving %", "upper bound", "upper bound %"),
                    List.of(List.of(
                            decision.savingSeconds() == null ? "–" : Format.interval(decision.savingSeconds()),
                            decision.savingPercent() == null ? "–" : Format.percent(decision.savingPercent()),
                            decision.upperBoundSeconds() == null ? "–" : Format.seconds(decision.upperBoundSeconds()),
                            decision.upperBoundPercent() == null
                                    ? "–"
                                    : Format.percent(decision.upperBoundPercent()))));
            list(html, "Evidence", decision.evidence(), "evidence");
            list(html, "Missing", decision.missing(), "missing");
        }
        html.append("</section>\n");
    }

    private static void diagnosis(StringBuilder html, List<Finding> findings) {
        open(html, "diagnosis", "Diagnosis", findings);
        if (!findings.isEmpty()) {
            table(
                    html,
                    List.of("run", "symptom", "evidence", "cause", "action"),
                    findings.stream()
                            .map(f -> List.of(f.run(), f.symptom(), f.evidence(), f.cause(), f.action()))
                            .toList());
        }
        html.append("</section>\n");
    }

    private static void scaling(StringBuilder html, List<ScalingGroup> groups) {
        open(html, "scaling", "Scaling with the corpus", groups);
        for (ScalingGroup group : groups) {
            html.append("<h3>")
                    .append(escape(group.key()))
                    .append("</h3>\n<p>")
                    .append(escape(IntStream.range(0, group.runs().size())
                            .mapToObj(i ->
                                    group.runs().get(i) + " (" + group.objects().get(i) + " objects)")
                            .collect(Collectors.joining(", "))))
                    .append("</p>\n");
            table(
                    html,
                    List.of("term", "values", "fixed", "per 1,000 objects", "growth"),
                    group.fits().stream().map(HtmlReport::fitRow).toList());
        }
        html.append("</section>\n");
    }

    private static List<String> fitRow(Fit fit) {
        String values = fit.values().stream().map(v -> Format.fitted(fit, v)).collect(Collectors.joining(", "));
        return List.of(
                fit.term(),
                values,
                Format.fitted(fit, fit.intercept()),
                Format.fitted(fit, fit.slope() * 1000),
                fit.growth());
    }

    private static void charts(StringBuilder html, List<Report.Chart> charts, Path dir) throws IOException {
        open(html, "charts", "Charts", charts);
        for (Report.Chart chart : charts) {
            html.append("<figure class=\"chart\" data-chart=\"")
                    .append(escape(chart.name()))
                    .append("\">\n")
                    .append(inlineSvg(Files.readString(dir.resolve(chart.svg())), chart.name()))
                    .append("\n<figcaption>")
                    .append(escape(chart.title()))
                    .append("</figcaption>\n</figure>\n");
        }
        html.append("</section>\n");
    }

    /**
     * An SVG file's markup fit to sit in the page: without its XML prolog and DOCTYPE, and with its ids (and the
     * references to them) prefixed by the chart's name, as every chart's clip path may carry the same id.
     */
    private static String inlineSvg(String svg, String chartName) {
        String prefix = chartName.replaceAll("[^A-Za-z0-9_-]", "_") + "-";
        return svg.replaceAll("<\\?xml[^>]*\\?>", "")
                .replaceAll("<!DOCTYPE[^>]*>", "")
                .replaceAll("\\bid=\"", "id=\"" + prefix)
                .replaceAll("url\\(#", "url(#" + prefix)
                .replaceAll("href=\"#", "href=\"#" + prefix)
                .strip();
    }

    /** Opens a section; one with nothing to show says so. */
    private static void open(StringBuilder html, String id, String title, List<?> items) {
        html.append("<section id=\"")
                .append(id)
                .append("\">\n<h2>")
                .append(escape(title))
                .append("</h2>\n");
        if (items.isEmpty()) {
            html.append("<p>None.</p>\n");
        }
    }

    private static void table(StringBuilder html, List<String> headers, List<List<String>> rows) {
        html.append("<table>\n<tr>");
        headers.forEach(header -> html.append("<th>").append(escape(header)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void list(StringBuilder html, String heading, List<String> items, String cssClass) {
        if (items.isEmpty()) {
            return;
        }
        html.append("<p class=\"")
                .append(cssClass)
                .append("\">")
                .append(escape(heading))
                .append(":</p>\n<ul>\n");
        items.forEach(item -> html.append("<li>").append(escape(item)).append("</li>\n"));
        html.append("</ul>\n");
    }

    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
