package dev.cpbench.macro.metrics;

import dev.cpbench.macro.common.ErrorTally;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Takes {@link Sample}s: scrapes every source, keeps each raw text under
 * {@code scrapes/<nn>-<phase>/<source>.prom} in the run directory, and warns once per source it cannot scrape:
 * whatever the source (API server, provider, Transit) and however the fetch fails, the scrape is missing, its
 * figures are n/a in the report, and the run goes on.
 */
public final class Scraper {
    /** Fetches one source's Prometheus text; the target decides how (credentials, TLS). */
    @FunctionalInterface
    public interface Fetcher {
        String fetch(ScrapeSource source) throws Exception;
    }

    private final List<ScrapeSource> sources;
    private final Fetcher fetcher;
    private final Path dir;
    private final Set<String> warned = new LinkedHashSet<>();
    private int taken;

    public Scraper(List<ScrapeSource> sources, Fetcher fetcher, Path runDir) {
        this.sources = List.copyOf(sources);
        this.fetcher = fetcher;
        this.dir = runDir.resolve("scrapes");
    }

    public List<ScrapeSource> sources() {
        return sources;
    }

    public synchronized Sample sample(String phase) {
        Path sampleDir = dir.resolve(String.format(Locale.US, "%02d-%s", ++taken, phase));
        List<Scrape> scrapes = new ArrayList<>();
        for (ScrapeSource source : sources) {
            Instant at = Instant.now();
            String text = null;
            Scrape scrape;
            try {
                text = fetcher.fetch(source);
                scrape = new Scrape(
                        source, at, PrometheusText.parse(text, source.url().toString()), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                scrape = new Scrape(source, at, null, "interrupted");
            } catch (Exception e) {
                scrape = new Scrape(source, at, null, ErrorTally.oneLine(e));
            }
            if (text != null) {
                keep(sampleDir, source, text);
            }
            if (scrape.error() != null) {
                scrape.missing().stream()
                        .filter(warned::add)
                        .forEach(m -> System.err.println("cpbench: warning: " + m));
            }
            scrapes.add(scrape);
        }
        return new Sample(phase, Instant.now(), List.copyOf(scrapes));
    }

    /** The raw text as fetched; the run directory not being writable is not a scrape failure but the run's. */
    private static void keep(Path sampleDir, ScrapeSource source, String text) {
        try {
            Files.createDirectories(sampleDir);
            Files.writeString(sampleDir.resolve(source.name() + ".prom"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scrape of " + source.name() + " under " + sampleDir, e);
        }
    }

    /** Every source that could not be scraped so far, once each, for the report. */
    public synchronized List<String> warnings() {
        return List.copyOf(warned);
    }
}
