package dev.cpbench.macro.metadata;

import dev.cpbench.macro.latency.IntervalLog;
import java.io.IOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Each answered request's latency in microseconds, from its intended send time to the last byte of the
 * answer: recorded by each event loop into an HdrHistogram {@link SingleWriterRecorder} of its own (so the
 * event loops share no counter), and once per {@link #tick} added up into one interval histogram, written
 * to an {@code .hlog} file (when there is one; an {@link IntervalLog} of untagged lines, there being one endpoint)
 * and to the total for the report.
 */
final class LatencyLog implements AutoCloseable {
    private final SingleWriterRecorder[] recorders;
    private final Histogram[] shardIntervals;
    private final Histogram interval = Tally.histogram();
    private final Histogram total = Tally.histogram();
    private final IntervalLog log;

    /** The recorders start after {@code log} (if any) was opened: no interval precedes its start time. */
    private LatencyLog(int shards, IntervalLog log) {
        this.log = log;
        this.recorders = new SingleWriterRecorder[shards];
        for (int i = 0; i < shards; i++) {
            recorders[i] = new SingleWriterRecorder(IntervalLog.SIGNIFICANT_DIGITS);
        }
        this.shardIntervals = new Histogram[shards];
    }

    /** A log for {@code shards} event loops that keeps only the total, for the warmup. */
    static LatencyLog unwritten(int shards) {
        return new LatencyLog(shards, null);
    }

    /** A log for {@code shards} event loops written to {@code file}, its intervals timed from now. */
    static LatencyLog writingTo(Path file, int shards) throws IOException {
        return new LatencyLog(
                shards,
                IntervalLog.create(
                        file,
                        "cpbench metadata-load latency, from the intended send time",
                        System.currentTimeMillis()));
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
        if (log != null && interval.getTotalCount() > 0) {
            log.write(interval);
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
        if (log != null) {
            log.close();
        }
    }
}
