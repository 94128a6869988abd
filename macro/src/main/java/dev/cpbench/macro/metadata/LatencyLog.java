package dev.cpbench.macro.metadata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Each answered request's latency in microseconds, from its intended send time to the last byte of the
 * answer: recorded by each event loop into an HdrHistogram {@link SingleWriterRecorder} of its own (so the
 * event loops share no counter), and once per {@link #tick} added up into one interval histogram, written
 * to an {@code .hlog} file (when there is one) and to the total for the report.
 */
final class LatencyLog implements AutoCloseable {
    private final SingleWriterRecorder[] recorders;
    private final Histogram[] shardIntervals;
    private final Histogram interval = Tally.histogram();
    private final Histogram total = Tally.histogram();
    private final PrintStream out;
    private final HistogramLogWriter writer;

    private LatencyLog(int shards, PrintStream out) {
        this.recorders = new SingleWriterRecorder[shards];
        for (int i = 0; i < shards; i++) {
            recorders[i] = new SingleWriterRecorder(Tally.SIGNIFICANT_DIGITS);
        }
        this.shardIntervals = new Histogram[shards];
        this.out = out;
        this.writer = out == null ? null : new HistogramLogWriter(out);
    }

    /** A log for {@code shards} event loops that keeps only the total, for the warmup. */
    static LatencyLog unwritten(int shards) {
        return new LatencyLog(shards, null);
    }

    /** A log for {@code shards} event loops written to {@code file}, its intervals timed from now. */
    static LatencyLog writingTo(Path file, int shards) throws IOException {
        OutputStream stream = Files.newOutputStream(file);
        LatencyLog log = new LatencyLog(shards, new PrintStream(stream, true, StandardCharsets.UTF_8));
        long now = System.currentTimeMillis();
        log.writer.outputComment("cpbench metadata-load latency, microseconds, from the intended send time");
        log.writer.outputLogFormatVersion();
        log.writer.outputStartTime(now);
        log.writer.setBaseTime(now);
        log.writer.outputLegend();
        return log;
    }

    /** Records one answer; only from the event loop of {@code shard}. */
    void record(int shard, long intendedNanos, long endNanos) {
        recorders[shard].recordValue(Tally.micros(endNanos - intendedNanos));
    }

    /** Closes the current interval: writes it and adds it to the total. */
    synchronized void tick() {
        interval.reset();
        long start = Long.MAX_VALUE;
        long end = 0;
        for (int i = 0; i < recorders.length; i++) {
            shardIntervals[i] = recorders[i].getIntervalHistogram(shardIntervals[i]);
            interval.add(shardIntervals[i]);
            start = Math.min(start, shardIntervals[i].getStartTimeStamp());
            end = Math.max(end, shardIntervals[i].getEndTimeStamp());
        }
        interval.setStartTimeStamp(start);
        interval.setEndTimeStamp(end);
        total.add(interval);
        if (writer != null && interval.getTotalCount() > 0) {
            writer.outputIntervalHistogram(interval);
        }
    }

    /** Every latency recorded so far (closes the current interval first). */
    synchronized Histogram total() {
        tick();
        return total.copy();
    }

    @Override
    public synchronized void close() {
        tick();
        if (out != null) {
            out.close();
        }
    }
}
