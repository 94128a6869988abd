package dev.cpbench.macro.tenants;

import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.PrometheusText;
import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.metrics.Scraper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Process figures of every API server scraped every interval while it runs, between the run's samples: the
 * samples say where a phase ended, the timeline finds what happened within it (the peak RSS, and the
 * CPU burst: the most CPU cores used over one interval). Written to {@code timeline.csv}.
 */
final class ProcessTimeline implements AutoCloseable {
    /** One scrape of one process. NaN where the process does not serve the figure. */
    record Point(long nanos, String source, double cpuSeconds, double rssBytes, double heapBytes, double threads) {}

    /** The peaks of one process over a window. */
    record Peaks(String source, double rssBytes, double cpuBurstCores) {}

    private final List<ScrapeSource> sources;
    private final Scraper.Fetcher fetcher;
    private final List<Point> points = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpbench-timeline");
        t.setDaemon(true);
        return t;
    });

    /** Starts scraping {@code sources} (API servers; one of them when they are one process) every {@code interval}. */
    ProcessTimeline(List<ScrapeSource> sources, Scraper.Fetcher fetcher, Duration interval) {
        this.sources = List.copyOf(sources);
        this.fetcher = fetcher;
        ticker.scheduleWithFixedDelay(this::scrape, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scrape() {
        for (ScrapeSource s : sources) {
            try {
                PrometheusText text =
                        PrometheusText.parse(fetcher.fetch(s), s.url().toString());
                points.add(new Point(
                        System.nanoTime(),
                        s.name(),
                        value(text, Figure.CPU_SECONDS),
                        value(text, Figure.RSS_BYTES),
                        value(text, Figure.HEAP_BYTES),
                        value(text, Figure.THREADS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a missed point: the run's samples report unreachable sources
            }
        }
    }

    private static double value(PrometheusText text, Figure f) {
        OptionalDouble v = f.read(text);
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    /**
     * Peaks per process from {@code fromNanos} to {@code toNanos}: the highest RSS scraped within it, and
     * the most cores used over one interval between the points that bracket it (the last before it, every one
     * within, the first after), so a window shorter than an interval still has a burst.
     */
    List<Peaks> peaks(long fromNanos, long toNanos) {
        List<Point> all;
        synchronized (points) {
            all = List.copyOf(points);
        }
        List<Peaks> out = new ArrayList<>();
        for (ScrapeSource s : sources) {
            List<Point> mine =
                    all.stream().filter(p -> p.source.equals(s.name())).toList();
            List<Point> within = mine.stream()
                    .filter(p -> p.nanos >= fromNanos && p.nanos <= toNanos)
                    .toList();
            int first = 0;
            while (first + 1 < mine.size() && mine.get(first + 1).nanos <= fromNanos) {
                first++;
            }
            double burst = Double.NaN;
            for (int i = first + 1; i < mine.size() && mine.get(i - 1).nanos < toNanos; i++) {
                Point a = mine.get(i - 1);
                Point b = mine.get(i);
                double cores = (b.cpuSeconds - a.cpuSeconds) / ((b.nanos - a.nanos) / 1e9);
                if (!Double.isNaN(cores) && (Double.isNaN(burst) || cores > burst)) {
                    burst = cores;
                }
            }
            out.add(new Peaks(s.name(), max(within, Point::rssBytes), burst));
        }
        return out;
    }

    private static double max(List<Point> points, java.util.function.ToDoubleFunction<Point> f) {
        return points.stream()
                .mapToDouble(f)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(Double.NaN);
    }

    /** Stops scraping and writes {@code timeline.csv}: seconds from {@code startNanos}, source and figures. */
    void write(Path file, long startNanos) throws IOException {
        close();
        StringBuilder csv =
                new StringBuilder("seconds,source,cpu_seconds,rss_bytes,heap_bytes,goroutines_or_threads\n");
        synchronized (points) {
            for (Point p : points) {
                csv.append(String.format(
                        Locale.US,
                        "%.3f,%s,%s,%s,%s,%s%n",
                        (p.nanos - startNanos) / 1e9,
                        p.source,
                        cell(p.cpuSeconds),
                        cell(p.rssBytes),
                        cell(p.heapBytes),
                        cell(p.threads)));
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.US, "%.6g", v);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
