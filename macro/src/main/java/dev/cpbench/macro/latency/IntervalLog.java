package dev.cpbench.macro.latency;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * An HdrHistogram interval log as every cpbench {@code .hlog} is written: integer µs; per interval an untagged
 * line for the whole (every endpoint added), which HdrHistogram's {@code HistogramLogProcessor} reads without
 * {@code -tag}, beside one line per endpoint tagged {@code endpoint=<name>}; no interval starts before the
 * header's StartTime (the processor's default {@code -start 0} would drop it); {@code Interval_Max} in µs too.
 */
public final class IntervalLog implements AutoCloseable {
    /** Every cpbench latency histogram: 3 significant digits, so that logs of runs and shards can be added. */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** Interval_Max = max / ratio: 1 keeps it in µs, the unit the header states (HdrHistogram's default assumes ns → ms). */
    static final double MAX_VALUE_UNIT_RATIO = 1.0;

    private static final String ENDPOINT_TAG = "endpoint=";

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final long startMillis;

    private IntervalLog(PrintStream out, String comment, long startMillis) {
        this.out = out;
        this.startMillis = startMillis;
        this.writer = new HistogramLogWriter(out);
        writer.outputComment(comment + "; values and Interval_Max in microseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
    }

    /** A new log at {@code file}: the header ({@code comment}, format version, start time, legend), intervals timed from {@code startMillis}. */
    public static IntervalLog create(Path file, String comment, long startMillis) throws IOException {
        return new IntervalLog(
                new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8), comment, startMillis);
    }

    /**
     * Writes one interval line as it is (tagged or not); an interval that starts before the log's start time is an
     * {@link IllegalArgumentException}: HdrHistogram's tools would drop it.
     */
    public void write(Histogram interval) {
        if (interval.getStartTimeStamp() < startMillis) {
            throw new IllegalArgumentException("an interval starting at " + interval.getStartTimeStamp()
                    + " ms precedes the log's start time " + startMillis + " ms");
        }
        writer.outputIntervalHistogram(
                (interval.getStartTimeStamp() - startMillis) / 1000.0,
                (interval.getEndTimeStamp() - startMillis) / 1000.0,
                interval,
                MAX_VALUE_UNIT_RATIO);
    }

    /** Writes the parts of one interval tagged by endpoint, then their sum untagged (the whole); nothing if all are empty. */
    public void writeEndpoints(Collection<Histogram> parts) {
        Histogram whole = new Histogram(SIGNIFICANT_DIGITS);
        whole.setStartTimeStamp(Long.MAX_VALUE);
        for (Histogram part : parts) {
            write(part);
            whole.add(part);
            whole.setStartTimeStamp(Math.min(whole.getStartTimeStamp(), part.getStartTimeStamp()));
            whole.setEndTimeStamp(Math.max(whole.getEndTimeStamp(), part.getEndTimeStamp()));
        }
        if (!parts.isEmpty()) {
            write(whole);
        }
    }

    /** {@code h} tagged as the part of {@code endpoint}. */
    public static void tag(Histogram h, String endpoint) {
        h.setTag(ENDPOINT_TAG + endpoint);
    }

    /** The endpoint a tagged line belongs to; null for the whole. */
    public static String endpoint(Histogram h) {
        return h.getTag() == null ? null : h.getTag().replaceFirst("^" + ENDPOINT_TAG, "");
    }

    @Override
    public void close() {
        out.close();
    }

    /** Every interval line in {@code log}, in file order; anything but integer histograms is an {@link IOException}. */
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

    /** The whole of {@code log}: its untagged lines added up (what HdrHistogram's tools read without {@code -tag}). */
    public static Histogram whole(Path log) throws IOException {
        Histogram all = new Histogram(SIGNIFICANT_DIGITS);
        read(log).stream().filter(h -> h.getTag() == null).forEach(all::add);
        return all;
    }

    /** Percentiles of one operation at one endpoint (or "all") from its histogram of µs. */
    public static LatencyRow row(String operation, String endpoint, Histogram h) {
        return new LatencyRow(
                operation,
                endpoint,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
