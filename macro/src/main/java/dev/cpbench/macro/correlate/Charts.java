package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.FanoutCurve;
import dev.cpbench.macro.correlate.Report.LatencyCurve;
import dev.cpbench.macro.correlate.Report.Point;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The report's charts, each written as {@code charts/<name>.png} and {@code charts/<name>.svg}: where each run's
 * time went ({@code attribution}), latency percentiles ({@code latency}), KMS decrypts against corpus size
 * ({@code decrypts-vs-corpus}) and direct against coalesced decrypt throughput ({@code fanout}). A chart without data
 * is not written. The same report gives the same bytes.
 */
final class Charts {
    private static final String DIR = "charts";
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 480;
    /** Highest percentile drawn: 100 would map to infinity on the latency chart's x axis. */
    private static final double MAX_PERCENTILE = 99.999;

    private Charts() {}

    /** A chart to write and the file name it goes under. */
    private record Named(String name, Chart<?, ?> chart) {}

    /**
     * Writes every chart that has data under {@code outDir/charts/}.
     *
     * @param report the report to chart; its {@link Report#charts()} are ignored
     * @return the charts written, in a fixed order
     */
    static List<Report.Chart> write(Report report, Path outDir) throws IOException {
        Path dir = Files.createDirectories(outDir.resolve(DIR));
        List<Optional<Named>> candidates = List.of(
                attribution(report.runs()),
                latency(report.latencyCurves()),
                decryptsVsCorpus(report.runs(), report.batching()),
                fanout(report.fanoutCurves()));
        List<Report.Chart> written = new ArrayList<>();
        for (Optional<Named> candidate : candidates) {
            if (candidate.isPresent()) {
                written.add(save(candidate.get(), dir));
            }
        }
        return written;
    }

    private static Report.Chart save(Named named, Path dir) throws IOException {
        String png = named.name() + ".png";
        String svg = named.name() + ".svg";
        try (OutputStream out = Files.newOutputStream(dir.resolve(png))) {
            BitmapEncoder.saveBitmap(named.chart(), out, BitmapFormat.PNG);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(svg))) {
            VectorGraphicsEncoder.saveVectorGraphic(named.chart(), out, VectorGraphicsFormat.SVG);
        }
        return new Report.Chart(named.name(), named.chart().getTitle(), DIR + "/" + png, DIR + "/" + svg);
    }

    /** Stacked seconds per run: one series per hot path, plus what the hot paths leave unexplained. */
    private static Optional<Named> attribution(List<RunAttribution> runs) {
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Where the time went")
                .yAxisTitle("seconds")
                .build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(12);
        List<String> categories = runs.stream().map(RunAttribution::run).toList();
        for (String hotPath : hotPaths(runs)) {
            chart.addSeries(
                    hotPath,
                    categories,
                    runs.stream().map(run -> wallSeconds(run, hotPath)).toList());
        }
        chart.addSeries(
                unique(chart, "unexplained"),
                categories,
                runs.stream().map(run -> Math.max(0, run.remainderSeconds())).toList());
        return Optional.of(new Named("attribution", chart));
    }

    private static Set<String> hotPaths(List<RunAttribution> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> run.terms().forEach(term -> names.add(term.hotPath())));
        return names;
    }

    private static double wallSeconds(RunAttribution run, String hotPath) {
        return run.terms().stream()
                .filter(term -> term.hotPath().equals(hotPath))
                .mapToDouble(term -> term.wallSeconds().value())
                .sum();
    }

    /** Latency against percentile, the x axis stretched towards the tail: 90%, 99%, 99.9% equally apart. */
    private static Optional<Named> latency(List<LatencyCurve> curves) {
        List<LatencyCurve> drawn =
                curves.stream().filter(curve -> !curve.points().isEmpty()).toList();
        if (drawn.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = xyChart("Latency percentiles", "percentile", "ms");
        double maxTailDistance = 0;
        for (LatencyCurve curve : drawn) {
            List<Double> xs = curve.points().stream()
                    .map(point -> tailDistance(point.x()))
                    .toList();
            List<Double> ys = curve.points().stream().map(Point::y).toList();
            chart.addSeries(unique(chart, curve.run() + " " + curve.operation()), xs, ys);
            maxTailDistance = Math.max(
                    maxTailDistance,
                    xs.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
        chart.getStyler()
                .setXAxisMin(0.0)
                .setXAxisMax(Math.max(1, Math.ceil(maxTailDistance)))
                .setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        chart.getStyler().setYAxisLogarithmic(true); // whole lists take seconds, their pages milliseconds
        return Optional.of(new Named("latency", chart));
    }

    /** −log10(1 − p/100): 0 at 0%, 1 at 90%, 2 at 99%, 3 at 99.9%. */
    private static double tailDistance(double percentile) {
        return -Math.log10(1 - Math.min(percentile, MAX_PERCENTILE) / 100);
    }

    /**
     * Labels the whole-number ticks of the latency chart with the percentile they stand for ("0%", "90%", "99%",
     * "99.9%"), leaving the ticks between them blank.
     */
    private static String percentileLabel(double tailDistance) {
        long nines = Math.round(tailDistance);
        if (Math.abs(tailDistance - nines) > 1e-9) {
            return "";
        }
        double percentile = 100 * (1 - Math.pow(10, -nines));
        return String.format(Locale.US, "%." + Math.max(0, nines - 2) + "f%%", percentile);
    }

    /** KMS decrypts each run made against its corpus size, one line per number of API servers. */
    private static Optional<Named> decryptsVsCorpus(List<RunAttribution> runs, List<BatchingDecision> batching) {
        Map<String, BatchingDecision> decisions = new LinkedHashMap<>();
        batching.forEach(decision -> decisions.putIfAbsent(decision.run(), decision));
        Map<Integer, List<Point>> byEndpoints = new TreeMap<>();
        for (RunAttribution run : runs) {
            BatchingDecision decision = decisions.get(run.run());
            if (decision != null && decision.decrypts() != null) {
                byEndpoints
                        .computeIfAbsent(run.endpoints(), endpoints -> new ArrayList<>())
                        .add(new Point(run.objects(), decision.decrypts().value()));
            }
        }
        if (byEndpoints.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = xyChart("KMS decrypts vs corpus size", "objects", "KMS decrypts");
        byEndpoints.forEach((endpoints, points) ->
                addSorted(chart, endpoints + (endpoints == 1 ? " API server" : " API servers"), points));
        return Optional.of(new Named("decrypts-vs-corpus", chart));
    }

    /** Decrypt throughput against concurrent callers, logarithmic in callers, per mode and Transit latency. */
    private static Optional<Named> fanout(List<FanoutCurve> curves) {
        List<FanoutCurve> drawn = curves.stream()
                .filter(curve -> curve.points().stream().anyMatch(p -> p.x() > 0))
                .toList();
        if (drawn.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = xyChart("KMS decrypt throughput, direct vs coalesced", "concurrent callers", "ops/ms");
        chart.getStyler().setXAxisLogarithmic(true);
        for (FanoutCurve curve : drawn) {
            String name = curve.mode() + " Transit " + curve.transitLatencyMicros() + " µs";
            addSorted(
                    chart,
                    name,
                    curve.points().stream().filter(point -> point.x() > 0).toList());
        }
        return Optional.of(new Named("fanout", chart));
    }

    private static void addSorted(XYChart chart, String name, List<Point> points) {
        List<Point> sorted =
                points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
        chart.addSeries(
                unique(chart, name),
                sorted.stream().map(Point::x).toList(),
                sorted.stream().map(Point::y).toList());
    }

    /** XChart refuses a series name twice: the second of a name gets " (2)", and so on. */
    private static String unique(Chart<?, ?> chart, String name) {
        String candidate = name;
        for (int n = 2; chart.getSeriesMap().containsKey(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    private static XYChart xyChart(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xAxis)
                .yAxisTitle(yAxis)
                .build();
        style(chart.getStyler());
        return chart;
    }

    /** What every chart shares: white background, legend right of the plot, one series per line. */
    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleBoxVisible(false);
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setLegendLayout(LegendLayout.Vertical);
        styler.setLegendBorderColor(Color.WHITE);
    }
}
