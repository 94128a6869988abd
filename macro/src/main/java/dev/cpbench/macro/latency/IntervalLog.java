package dev.cpbench.macro.latency;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/** The interval histograms of one HdrHistogram log as {@link OperationLatencies} writes them: integer µs, tagged by endpoint. */
public final class IntervalLog {
    private IntervalLog() {
    }

    /** Every interval in {@code log}, in file order; anything but integer histograms is an {@link IOException}. */
    public static List<Histogram> read(Path log) throws IOException {
        List<Histogram> out = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            for (EncodableHistogram interval; (interval = reader.nextIntervalHistogram()) != null; ) {
                if (!(interval instanceof Histogram h)) {
                    throw new IOException(log + " holds a double histogram; cpbench writes integer µs histograms");
                }
                out.add(h);
            }
        } catch (RuntimeException e) {
            throw new IOException(log + " is not a readable HdrHistogram log: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * A writer of intervals to {@code out}, after the header every cpbench log has: {@code comment}, the format
     * version, the start time and the legend; interval times are written relative to {@code startMillis}.
     */
    public static HistogramLogWriter writer(PrintStream out, String comment, long startMillis) {
        HistogramLogWriter writer = new HistogramLogWriter(out);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
        return writer;
    }

    /** Percentiles of one operation at one endpoint (or "all") from its histogram of µs. */
    public static LatencyRow row(String operation, String endpoint, Histogram h) {
        return new LatencyRow(operation, endpoint, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
