package dev.cpbench.macro.metrics;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** One source's scrape at one instant: its parsed text, or why there is none. */
public record Scrape(ScrapeSource source, Instant at, PrometheusText text, String error) {
    /** {@code process_start_time_seconds}: the process serves it as upstream's process collector does. */
    public static final String START_TIME = "process_start_time_seconds";

    public OptionalDouble read(Figure figure) {
        return text == null ? OptionalDouble.empty() : figure.read(text);
    }

    /** When the scraped process started (Unix seconds); empty when it does not say. */
    public OptionalDouble startTime() {
        return text == null ? OptionalDouble.empty() : text.sum(START_TIME);
    }

    /**
     * The figures a source of this kind is expected to serve and this scrape lacks, as one-line notes. A counter
     * whose metric is served with other labels only (no Decrypt yet, say) is not missing: its series appears with
     * its first observation.
     */
    public List<String> missing() {
        if (text == null) {
            return List.of(source.name() + " (" + source.url() + "): not scraped: " + error);
        }
        return expected(source.kind()).stream()
                .filter(f -> f.read(text).isEmpty() && !(f.isCounter() && f.familyServed(text)))
                .map(f -> source.name() + " (" + source.url() + ") serves no " + f.seriesNames())
                .toList();
    }

    static List<Figure> expected(ScrapeSource.Kind kind) {
        return switch (kind) {
            case APISERVER ->
                List.of(
                        Figure.CPU_SECONDS,
                        Figure.RSS_BYTES,
                        Figure.HEAP_BYTES,
                        Figure.THREADS,
                        Figure.OPEN_FDS,
                        Figure.APISERVER_KMS_DECRYPTS);
            case PROVIDER -> List.of(Figure.PROVIDER_DECRYPTS);
            case TRANSIT -> List.of(Figure.TRANSIT_DECRYPT_REQUESTS);
        };
    }
}
