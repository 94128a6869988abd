package dev.cpbench.micro.compare;

import static dev.cpbench.micro.compare.ChangePoints.MAX_P;
import static dev.cpbench.micro.compare.ChangePoints.MIN_RELATIVE_CHANGE;
import static dev.cpbench.micro.compare.ChangePoints.MIN_SEGMENT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.micro.compare.History.Entry;
import dev.cpbench.micro.compare.History.Run;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Diamond;
import org.knowm.xchart.style.markers.Marker;

/**
 * {@code ./jmh.sh --trend [REGEX]}: each benchmark's score over the runs of the {@link History}, with the runs where
 * it changed level ({@link ChangePoints}, default thresholds) called a regression or an improvement by the unit's
 * direction: {@code ops/…} higher is better, {@code …/op} lower is better; or "machine changed" where the run before
 * it was recorded on another CPU or JDK, which says nothing of the code.
 *
 * <p>{@link TrendCommand} ({@code --history FILE --out DIR [REGEX]}) follows every result key (benchmark, mode, threads, parameters)
 * whose full benchmark name matches REGEX ({@code find}, default all) through the runs, in file order, and writes
 * to DIR one chart per benchmark method ({@code <Class.method>.png} and {@code .svg}, at most
 * {@value #MAX_CHARTED} series each), {@code trend.md} with a table per method and {@code trend.json} with the
 * same content. It prints the path of trend.md and a line per change point. Exit code 0; 1 if the output cannot
 * be written; 2 for bad usage or a history that cannot be read.
 */
final class Trend {
    static final int MAX_CHARTED = 12;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Color CHANGE_COLOR = new Color(0xd6, 0x27, 0x28);
    private static final BasicStroke DASHED =
            new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
    /** A diamond twice the size of the other series' markers. */
    private static final Marker CHANGE_MARKER = new Diamond() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            super.paint(g, x, y, 2 * size);
        }
    };

    private Trend() {}

    /** The whole trend, as trend.json holds it. */
    record Report(String history, String regex, int runs, List<Method> benchmarks) {}

    /** One benchmark method: its chart, its series in order of first appearance, those left off the chart. */
    record Method(
            String benchmark, String name, String png, String svg, List<Series> series, List<String> notCharted) {}

    /** One result key through the runs that have it. */
    record Series(
            String label,
            Map<String, String> params,
            String mode,
            int threads,
            String unit,
            String better,
            double first,
            double last,
            double changePercent,
            List<Point> points,
            List<Change> changePoints) {}

    /** A run's score and where it ran; {@code run} counts the history's lines from 1. */
    record Point(int run, String date, String commit, String cpu, String jdk, double score) {}

    /**
     * Where a series changed level: the first run of the new level and the means of the levels either side;
     * {@code machineChange} says what differs from the run before ("cpu A → B", "jdk A → B"), null if nothing.
     */
    record Change(
            int run,
            String date,
            String commit,
            double before,
            double after,
            double changePercent,
            String verdict,
            String machineChange) {}

    /**
     * Writes the trend of {@code runs} (read from {@code history}) for the benchmarks {@code pattern} finds (all when
     * null) to {@code dir}; the path of trend.md.
     */
    static Path write(Path history, Pattern pattern, List<Run> runs, Path dir, PrintWriter out) throws IOException {
        Report report = new Report(
                history.toString(),
                pattern == null ? null : pattern.pattern(),
                runs.size(),
                methods(runs, pattern == null ? Pattern.compile("") : pattern));
        Path markdown = write(report, dir);
        out.println(markdown);
        changeLines(report).forEach(out::println);
        return markdown;
    }

    /** The matching results grouped by benchmark method (sorted by full name), then by result key. */
    private static List<Method> methods(List<Run> runs, Pattern pattern) {
        Map<String, Map<ResultKey, List<Point>>> byMethod = new TreeMap<>();
        Map<ResultKey, String> units = new HashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            for (Entry entry : run.results()) {
                if (pattern.matcher(entry.benchmark()).find()) {
                    ResultKey key = new ResultKey(entry.benchmark(), entry.mode(), entry.threads(), entry.params());
                    byMethod.computeIfAbsent(entry.benchmark(), b -> new LinkedHashMap<>())
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Point(r + 1, run.date(), shortCommit(run), run.cpu(), run.jdk(), entry.score()));
                    units.put(key, entry.unit());
                }
            }
        }
        List<Method> methods = new ArrayList<>();
        byMethod.forEach((benchmark, keys) -> {
            boolean qualify = keys.keySet().stream()
                            .map(key -> key.mode() + " t" + key.threads())
                            .distinct()
                            .count()
                    > 1;
            List<Series> series = new ArrayList<>();
            keys.forEach((key, points) -> series.add(series(key, label(key, qualify), units.get(key), points)));
            String name = keys.keySet().iterator().next().shortName();
            methods.add(new Method(
                    benchmark,
                    name,
                    name + ".png",
                    name + ".svg",
                    series,
                    series.stream().skip(MAX_CHARTED).map(Series::label).toList()));
        });
        return methods;
    }

    /** The parameters, {@code k=v k=v}, after mode and threads if the method was run in more than one. */
    private static String label(ResultKey key, boolean qualify) {
        String label = ((qualify ? key.mode() + " t" + key.threads() + " " : "") + key.paramsText()).strip();
        return label.isEmpty() ? "(no params)" : label;
    }

    private static Series series(ResultKey key, String label, String unit, List<Point> points) {
        double[] scores = points.stream().mapToDouble(Point::score).toArray();
        List<Integer> starts = ChangePoints.detect(scores, MIN_SEGMENT, MAX_P, MIN_RELATIVE_CHANGE);
        List<Change> changes = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = k == 0 ? 0 : starts.get(k - 1);
            int to = k == starts.size() - 1 ? scores.length : starts.get(k + 1);
            double before = Stats.mean(Arrays.copyOfRange(scores, from, starts.get(k)));
            double after = Stats.mean(Arrays.copyOfRange(scores, starts.get(k), to));
            Point first = points.get(starts.get(k));
            String machineChange = machineChange(points.get(starts.get(k) - 1), first);
            changes.add(new Change(
                    first.run(),
                    first.date(),
                    first.commit(),
                    before,
                    after,
                    percent(before, after),
                    machineChange == null ? verdict(unit, before, after) : "machine changed",
                    machineChange));
        }
        double first = scores[0];
        double last = scores[scores.length - 1];
        return new Series(
                label,
                key.params(),
                key.mode(),
                key.threads(),
                unit,
                better(unit),
                first,
                last,
                percent(first, last),
                points,
                changes);
    }

    /** "higher" for throughput units ({@code ops/…}), "lower" for time or bytes per operation. */
    private static String better(String unit) {
        return unit.startsWith("ops/") ? "higher" : unit.endsWith("/op") ? "lower" : "unknown";
    }

    private static String verdict(String unit, double before, double after) {
        return switch (better(unit)) {
            case "higher" -> after > before ? "improvement" : "regression";
            case "lower" -> after < before ? "improvement" : "regression";
            default -> "change";
        };
    }

    /** "cpu A → B; jdk A → B" for what differs between the two runs, null if neither. */
    private static String machineChange(Point before, Point after) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.cpu(), after.cpu())) {
            changed.add("cpu " + before.cpu() + " → " + after.cpu());
        }
        if (!Objects.equals(before.jdk(), after.jdk())) {
            changed.add("jdk " + before.jdk() + " → " + after.jdk());
        }
        return changed.isEmpty() ? null : String.join("; ", changed);
    }

    private static double percent(double from, double to) {
        return (to - from) / from * 100;
    }

    /** The first 7 characters of the commit, "-dirty" if the tree had uncommitted changes. */
    private static String shortCommit(Run run) {
        return run.commit().substring(0, Math.min(7, run.commit().length())) + (run.dirty() ? "-dirty" : "");
    }

    /** Writes the charts, trend.md and trend.json; returns the path of trend.md. */
    private static Path write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Method method : report.benchmarks()) {
            chart(method, dir);
        }
        JSON.writeValue(dir.resolve("trend.json").toFile(), report);
        return Files.writeString(dir.resolve("trend.md"), markdown(report));
    }

    /**
     * One line per charted series, the change points as large red diamonds on them and dashed red lines across.
     * The y axis is logarithmic if the scores span more than a factor of ten, so that a step of 10% looks the
     * same on every series.
     */
    private static void chart(Method method, Path dir) throws IOException {
        List<Series> charted =
                method.series().subList(0, Math.min(MAX_CHARTED, method.series().size()));
        XYChart chart = new XYChartBuilder()
                .width(1100)
                .height(500)
                .title(method.name())
                .xAxisTitle("run")
                .yAxisTitle(charted.stream().map(Series::unit).distinct().collect(Collectors.joining(", ")))
                .build();
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setLegendPosition(LegendPosition.OutsideE)
                .setLegendLayout(LegendLayout.Vertical)
                .setLegendBorderColor(Color.WHITE)
                .setMarkerSize(6)
                .setAnnotationLineColor(CHANGE_COLOR)
                .setAnnotationLineStroke(DASHED);
        DoubleSummaryStatistics range = charted.stream()
                .flatMap(series -> series.points().stream())
                .mapToDouble(Point::score)
                .summaryStatistics();
        chart.getStyler()
                .setYAxisLogarithmic(range.getMin() > 0 && range.getMax() > 10 * range.getMin())
                .setYAxisLogarithmicDecadeOnly(false)
                .setxAxisTickLabelsFormattingFunction(Trend::runLabel);
        List<Point> marks = new ArrayList<>();
        for (Series series : charted) {
            chart.addSeries(
                    series.label(),
                    series.points().stream().map(Point::run).toList(),
                    series.points().stream().map(Point::score).toList());
            series.changePoints()
                    .forEach(change -> marks.add(series.points().stream()
                            .filter(point -> point.run() == change.run())
                            .findFirst()
                            .orElseThrow()));
        }
        if (!marks.isEmpty()) {
            chart.addSeries(
                            "change points",
                            marks.stream().map(Point::run).toList(),
                            marks.stream().map(Point::score).toList())
                    .setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
                    .setMarker(CHANGE_MARKER)
                    .setMarkerColor(CHANGE_COLOR);
            marks.stream()
                    .map(Point::run)
                    .distinct()
                    .forEach(run -> chart.addAnnotation(new AnnotationLine(run, true, false)));
        }
        try (OutputStream png = Files.newOutputStream(dir.resolve(method.png()))) {
            BitmapEncoder.saveBitmap(chart, png, BitmapFormat.PNG);
        }
        try (OutputStream svg = Files.newOutputStream(dir.resolve(method.svg()))) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsFormat.SVG);
        }
    }

    /** Whole run numbers only: XChart may put ticks between runs. */
    private static String runLabel(double run) {
        return run == Math.rint(run) ? Long.toString((long) run) : "";
    }

    private static String markdown(Report report) {
        StringBuilder md = new StringBuilder("# Benchmark trend\n\n");
        md.append(String.format(
                Locale.US,
                "History `%s`: %d runs%s. Series: benchmark, mode, threads and "
                        + "parameters%s. A change point is where a series moves to a new level for at least %d runs, by "
                        + "Welch's t-test at p < %s and by at least %.0f%%.\n\n",
                report.history(),
                report.runs(),
                report.runs() == 0 ? "" : ", run 1 is the oldest",
                report.regex() == null ? "" : ", benchmarks matching `" + report.regex() + "`",
                MIN_SEGMENT,
                MAX_P,
                MIN_RELATIVE_CHANGE * 100));
        List<String> lines = changeLines(report);
        md.append("## Change points\n\n").append(lines.isEmpty() ? "None.\n" : "");
        lines.forEach(line -> md.append("- ").append(line).append('\n'));
        report.benchmarks().forEach(method -> md.append(section(method)));
        return md.toString();
    }

    /** A benchmark method's part of trend.md: its units, a link to its chart and a table row per series. */
    private static String section(Method method) {
        StringBuilder md = new StringBuilder("\n## ")
                .append(method.name())
                .append("\n\n`")
                .append(method.benchmark())
                .append("`: ")
                .append(method.series().stream()
                        .map(s -> s.unit() + ", " + s.better() + " is better")
                        .distinct()
                        .collect(Collectors.joining("; ")))
                .append(". Chart: [PNG](")
                .append(method.png())
                .append("), [SVG](")
                .append(method.svg())
                .append(")\n\n| Params | Unit | Runs | First | Last | Change | Change points |\n")
                .append("|---|---|---:|---:|---:|---:|---|\n");
        for (Series s : method.series()) {
            String changes = s.changePoints().stream().map(Trend::changeText).collect(Collectors.joining("<br>"));
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %d | %s | %s | %+.1f%% | %s |\n",
                    s.label(),
                    s.unit(),
                    s.points().size(),
                    number(s.first()),
                    number(s.last()),
                    s.changePercent(),
                    changes.isEmpty() ? "none" : changes));
        }
        if (!method.notCharted().isEmpty()) {
            md.append("\nNot charted (over ")
                    .append(MAX_CHARTED)
                    .append(" series): ")
                    .append(String.join("; ", method.notCharted()))
                    .append(".\n");
        }
        return md.toString();
    }

    /** One line per change point, for stdout and the head of trend.md. */
    private static List<String> changeLines(Report report) {
        List<String> lines = new ArrayList<>();
        for (Method method : report.benchmarks()) {
            for (Series series : method.series()) {
                for (Change change : series.changePoints()) {
                    lines.add(String.format(
                            Locale.US,
                            "%s: %s %s at run %d (%s), %s → %s %s (%+.1f%%)%s",
                            change.verdict(),
                            method.name(),
                            series.label(),
                            change.run(),
                            change.commit(),
                            number(change.before()),
                            number(change.after()),
                            series.unit(),
                            change.changePercent(),
                            machineText(change)));
                }
            }
        }
        return lines;
    }

    /** A change point in a table cell, a regression in bold. */
    private static String changeText(Change change) {
        String verdict = change.verdict().equals("regression") ? "**regression**" : change.verdict();
        return String.format(
                Locale.US,
                "%s at run %d (%s): %s → %s (%+.1f%%)%s",
                verdict,
                change.run(),
                change.commit(),
                number(change.before()),
                number(change.after()),
                change.changePercent(),
                machineText(change));
    }

    private static String machineText(Change change) {
        return change.machineChange() == null ? "" : ", " + change.machineChange();
    }

    /** Three significant digits at least, as people read figures. */
    private static String number(double v) {
        double abs = Math.abs(v);
        return String.format(Locale.US, abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3g", v);
    }
}
