package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.LatencyCurve;
import dev.cpbench.macro.correlate.Report.Point;
import dev.cpbench.macro.correlate.Report.Source;
import dev.cpbench.macro.latency.IntervalLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Percentile curves from a run's {@code <operation>.hlog} files (µs), every endpoint and interval together. */
final class LatencyCurves {
    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

    private LatencyCurves() {}

    static List<LatencyCurve> of(MacroRun run) {
        List<LatencyCurve> curves = new ArrayList<>();
        for (Path log : run.latencyLogs()) {
            Histogram all = read(log);
            if (all.getTotalCount() == 0) {
                continue;
            }
            List<Point> points = new ArrayList<>();
            for (double p : PERCENTILES) {
                points.add(new Point(p, all.getValueAtPercentile(p) / 1000.0));
            }
            String file = log.getFileName().toString();
            curves.add(new LatencyCurve(
                    run.name,
                    file.substring(0, file.length() - ".hlog".length()),
                    all.getTotalCount(),
                    points,
                    new Source(run.name + "/" + file, "all intervals, all endpoints")));
        }
        return curves;
    }

    private static Histogram read(Path log) {
        try {
            return IntervalLog.whole(log);
        } catch (IOException e) {
            throw new CorrelationInputException(log, "not a readable HdrHistogram log: " + e.getMessage(), e);
        }
    }
}
