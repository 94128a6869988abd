package dev.cpbench.macro.latency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency of each operation kind ("list", "list-page", ...) at each endpoint, in microseconds: one
 * HdrHistogram {@link Recorder} per (operation, endpoint), an interval histogram written every second to
 * {@code <operation>.hlog} (an {@link IntervalLog}: tagged by endpoint, and the whole untagged), and an accumulated
 * histogram for the summary.
 * Callers pass the intended start time, so a stalled request delays the ones queued behind it in the record
 * too (coordinated omission); percentiles are never averaged, histograms are added.
 */
public final class OperationLatencies implements AutoCloseable {
    static final long INTERVAL_MS = 1_000;

    private record Key(String operation, String endpoint) {}

    private final class Series {
        final Recorder recorder = new Recorder(IntervalLog.SIGNIFICANT_DIGITS);
        final Histogram total = new Histogram(IntervalLog.SIGNIFICANT_DIGITS);
        Histogram interval;
    }

    private final Path dir;
    private final long startMillis = System.currentTimeMillis();
    private final Map<Key, Series> series = new ConcurrentHashMap<>();
    private final Map<String, IntervalLog> logs = new TreeMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpbench-hlog");
        t.setDaemon(true);
        return t;
    });

    public OperationLatencies(Path runDir) {
        this.dir = runDir;
        ticker.scheduleAtFixedRate(this::flushInterval, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Records one operation that was meant to start at {@code intendedStartNanos} and ended at {@code endNanos}. */
    public void record(String operation, String endpoint, long intendedStartNanos, long endNanos) {
        long micros = Math.max(0, (endNanos - intendedStartNanos) / 1_000);
        series.computeIfAbsent(new Key(operation, endpoint), k -> new Series())
                .recorder
                .recordValue(micros);
    }

    /** Per operation: one row per endpoint, then the endpoints added together ("all"). */
    public synchronized List<LatencyRow> summary() {
        flushInterval();
        Map<String, Map<String, Histogram>> byOperation = new TreeMap<>();
        series.forEach((k, s) ->
                byOperation.computeIfAbsent(k.operation, o -> new TreeMap<>()).put(k.endpoint, s.total));
        List<LatencyRow> rows = new ArrayList<>();
        byOperation.forEach((operation, endpoints) -> {
            Histogram all = new Histogram(IntervalLog.SIGNIFICANT_DIGITS);
            endpoints.forEach((endpoint, h) -> {
                rows.add(IntervalLog.row(operation, endpoint, h));
                all.add(h);
            });
            if (endpoints.size() > 1) {
                rows.add(IntervalLog.row(operation, "all", all));
            }
        });
        return rows;
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        flushInterval();
        logs.values().forEach(IntervalLog::close);
    }

    private synchronized void flushInterval() {
        Map<String, List<Histogram>> parts = new TreeMap<>();
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Series s = e.getValue();
            s.interval = s.recorder.getIntervalHistogram(s.interval);
            if (s.interval.getTotalCount() == 0) {
                continue;
            }
            s.total.add(s.interval);
            IntervalLog.tag(s.interval, e.getKey().endpoint);
            parts.computeIfAbsent(e.getKey().operation, o -> new ArrayList<>()).add(s.interval);
        }
        parts.forEach((operation, intervals) -> log(operation).writeEndpoints(intervals));
    }

    private IntervalLog log(String operation) {
        return logs.computeIfAbsent(operation, o -> {
            try {
                return IntervalLog.create(
                        dir.resolve(o + ".hlog"), "cpbench " + o + " latency, from the intended start", startMillis);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(o + ".hlog"), e);
            }
        });
    }
}
