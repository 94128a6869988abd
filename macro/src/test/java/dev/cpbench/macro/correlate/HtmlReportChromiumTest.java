package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.FanoutCurve;
import dev.cpbench.macro.correlate.Report.Finding;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.Inputs;
import dev.cpbench.macro.correlate.Report.LatencyCurve;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.Point;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import dev.cpbench.macro.correlate.Report.Source;
import dev.cpbench.macro.correlate.Report.Term;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report, charts inlined, opened in headless Chromium: every chart draws and no script fails. The same
 * check run on a page with a chart blanked out, and on one with a failing script, shows it would notice either.
 * Without Chromium the test is skipped, except on CI ({@code CI=true}), where it fails.
 */
class HtmlReportChromiumTest {
    private static final String NO_CHROMIUM = "chromium is required: apt-get install chromium";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void everyChartIsWrittenAsPngAndSvg() throws Exception {
        List<Report.Chart> charts = Charts.write(sample(), dir);

        assertThat(charts)
                .extracting(Report.Chart::name)
                .containsExactly("attribution", "latency", "decrypts-vs-corpus", "fanout");
        for (Report.Chart chart : charts) {
            assertThat(Files.readAllBytes(dir.resolve(chart.png()))).startsWith(PNG_SIGNATURE);
            String svg = Files.readString(dir.resolve(chart.svg()));
            assertThat(svg).contains("<svg");
            assertThat(parseXml(dir.resolve(chart.svg()))).isEqualTo("svg");
        }
    }

    @Test
    void everyChartRendersInChromiumWithoutScriptErrors() throws Exception {
        Path html = writeReport();

        assertThat(dumpDom(html))
                .contains("data-script-errors=\"0\"", "data-charts-expected=\"4\"", "data-charts-rendered=\"4\"");
    }

    @Test
    void aChartThatDrawsNothingIsNotCountedAsRendered() throws Exception {
        Path html = writeReport();
        String page = Files.readString(html);
        int start = page.indexOf("<svg", page.indexOf("data-chart=\"latency\""));
        int end = page.indexOf("</svg>", start) + "</svg>".length();
        Files.writeString(html, page.substring(0, start) + "<svg></svg>" + page.substring(end));

        assertThat(dumpDom(html)).contains("data-charts-expected=\"4\"", "data-charts-rendered=\"3\"");
    }

    @Test
    void aFailingScriptIsCounted() throws Exception {
        Path html = writeReport();
        Files.writeString(html, Files.readString(html).replace("</h1>", "</h1><script>notDefined();</script>"));

        assertThat(dumpDom(html)).contains("data-script-errors=\"1\"");
    }

    @Test
    void textFromTheModelIsEscaped() throws Exception {
        String page = Files.readString(writeReport());

        assertThat(page).contains("p99 &lt;list&gt; &amp; &quot;watch&quot;").doesNotContain("<list>");
    }

    /** report.html says what report.md says first: the figures are the stand-in's, and which files they came from. */
    @Test
    void thePageCarriesTheStandInBannerAndTheInputs() throws Exception {
        String page = Files.readString(writeReport());

        assertThat(page)
                .contains(
                        "<p class=\"banner\"><strong>" + Format.EMBEDDED_BANNER + "</strong>",
                        "<li>micro.json</li>",
                        "<li>cold-start-1k</li>",
                        "<li>cold-start-10k</li>",
                        "Decision threshold: 5.0%");
    }

    private Path writeReport() throws Exception {
        Report report = sample();
        List<Report.Chart> charts = Charts.write(report, dir);
        Report withCharts = new Report(
                report.schemaVersion(),
                report.inputs(),
                report.runs(),
                report.batching(),
                report.diagnosis(),
                report.scaling(),
                report.latencyCurves(),
                report.fanoutCurves(),
                charts);
        Path html = dir.resolve("report.html");
        HtmlReport.write(withCharts, html);
        return html;
    }

    private String dumpDom(Path html) throws Exception {
        Path dom = dir.resolve("dom.html");
        Path stderr = dir.resolve("chromium.stderr");
        Process chromium = new ProcessBuilder(
                        chromium().toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        html.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            fail("chromium did not finish within 60 s; stderr: " + Files.readString(stderr));
        }
        assertThat(chromium.exitValue())
                .as("chromium exit code; stderr: %s", Files.readString(stderr))
                .isZero();
        return Files.readString(dom);
    }

    private static Path chromium() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "chromium"));
        Optional<Path> found = Stream.concat(Stream.of(Path.of("/usr/bin/chromium")), onPath)
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(NO_CHROMIUM);
            }
            Assumptions.abort(NO_CHROMIUM);
        }
        return found.get();
    }

    /** The root element's name; no DTD is fetched. */
    private static String parseXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory.newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement()
                .getLocalName();
    }

    /** Two cold starts with two or three hot paths each and every other part of the report filled in. */
    static Report sample() {
        RunAttribution small = run(
                "cold-start-1k",
                1_000,
                12.0,
                List.of(
                        term("etcd-range", "list", 20, 0.05, 1.0, 0.08),
                        term("kms-decrypt", "list", 1_000, 0.004, 4.0, 0.33),
                        term("proto-decode", "list", 1_000, 0.001, 1.0, 0.08)),
                6.0);
        RunAttribution large = run(
                "cold-start-10k",
                10_000,
                60.0,
                List.of(
                        term("etcd-range", "list", 200, 0.05, 10.0, 0.17),
                        term("kms-decrypt", "list", 10_000, 0.004, 40.0, 0.67)),
                10.0);
        return new Report(
                Report.SCHEMA_VERSION,
                new Inputs(List.of("micro.json"), List.of("cold-start-1k", "cold-start-10k"), 5.0),
                List.of(small, large),
                List.of(decision(small, "not-needed", 1_000, 0.5), decision(large, "worth-trying", 10_000, 8.0)),
                List.of(new Finding(
                        "cold-start-10k",
                        "p99 <list> & \"watch\" slow",
                        "kms-decrypt 67% of the window",
                        "one Transit round trip per Secret",
                        "try decrypt micro-batching",
                        List.of(source("cold-start-10k/deltas.json", "deltas.figures.apiserver_kms_decrypts")))),
                List.of(new ScalingGroup(
                        "cold-start, embedded, 3 API servers",
                        List.of(small.run(), large.run()),
                        List.of(small.objects(), large.objects()),
                        List.of(new Fit("kms-decrypt", "seconds", List.of(4.0, 40.0), 0.0, 0.004, "linear", 1.0)))),
                List.of(latency(small.run(), 1.0), latency(large.run(), 4.0)),
                List.of(fanout("direct", 1.0), fanout("coalesced", 3.0)),
                List.of());
    }

    private static RunAttribution run(String name, long objects, double window, List<Term> terms, double remainder) {
        double explained =
                terms.stream().mapToDouble(term -> term.wallSeconds().value()).sum();
        PhaseTime list = new PhaseTime(
                "list", window, explained, remainder, source(name + "/phases.csv", "list.seconds"), Map.of());
        return new RunAttribution(
                name,
                "cold-start",
                true,
                "embedded",
                objects,
                1024,
                3,
                8,
                window,
                List.of(list),
                terms,
                explained,
                remainder,
                remainder / window,
                List.of("watch-cache: no micro benchmark"));
    }

    private static Term term(
            String hotPath, String phase, double count, double costSeconds, double wallSeconds, double share) {
        Source source = source("micro.json", hotPath + " primaryMetric.score");
        return new Term(
                hotPath,
                hotPath + " of one object",
                phase,
                Quantity.exact(count, "count", source),
                new Quantity(costSeconds, costSeconds * 0.9, costSeconds * 1.1, "s", source),
                null,
                count * costSeconds,
                1,
                new Quantity(wallSeconds, wallSeconds * 0.9, wallSeconds * 1.1, "s", source),
                null,
                false,
                new Quantity(wallSeconds, wallSeconds * 0.9, wallSeconds * 1.1, "s", source),
                share);
    }

    private static BatchingDecision decision(RunAttribution run, String verdict, double decrypts, double saving) {
        Source source = source(run.run() + "/deltas.json", "deltas.figures.apiserver_kms_decrypts");
        return new BatchingDecision(
                run.run(),
                verdict,
                verdict + " for " + run.run(),
                Quantity.exact(decrypts, "count", source),
                Quantity.exact(saving * 2, "s", source),
                3,
                500,
                200,
                1.5,
                4.0,
                new Quantity(saving, saving * 0.8, saving * 1.2, "s", source),
                100 * saving / run.windowSeconds(),
                saving * 2,
                200 * saving / run.windowSeconds(),
                List.of("coalesced is 2.7× direct at 3 callers"),
                List.of("transit latency histogram"));
    }

    private static LatencyCurve latency(String run, double scale) {
        List<Point> points = Stream.of(
                        new double[] {0, 1},
                        new double[] {50, 2},
                        new double[] {90, 5},
                        new double[] {99, 9},
                        new double[] {99.9, 20},
                        new double[] {100, 30})
                .map(p -> new Point(p[0], p[1] * scale))
                .toList();
        return new LatencyCurve(run, "list", 1_000, points, source(run + "/latency.hlog", "list"));
    }

    private static FanoutCurve fanout(String mode, double gain) {
        List<Point> points = Stream.of(1, 2, 4, 8, 16, 32, 64)
                .map(callers -> new Point(callers, 2 * Math.sqrt(callers) * (callers > 1 ? gain : 1)))
                .toList();
        return new FanoutCurve(mode, 500, 200, points, source("micro.json", "fanout " + mode));
    }

    private static Source source(String file, String field) {
        return new Source(file, field);
    }
}
