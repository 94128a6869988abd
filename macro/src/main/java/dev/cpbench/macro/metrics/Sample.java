package dev.cpbench.macro.metrics;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** Every source scraped once, at one point of a run ("baseline", "post-list", ...). */
public record Sample(String phase, Instant at, List<Scrape> scrapes) {
    /**
     * Sum of {@code figure} over the sources of {@code kind}; empty when none serves it. With
     * {@code sharedProcess} (all sources are one process, as on the embedded target) process figures are
     * read from the first source only, not counted once per endpoint.
     */
    public OptionalDouble total(Figure figure, ScrapeSource.Kind kind, boolean sharedProcess) {
        double sum = 0;
        boolean found = false;
        for (Scrape s : scrapes) {
            if (s.source().kind() != kind) {
                continue;
            }
            OptionalDouble v = s.read(figure);
            if (v.isPresent()) {
                sum += v.getAsDouble();
                found = true;
                if (sharedProcess && Figure.PROCESS.contains(figure)) {
                    break;
                }
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /**
     * How much {@code figure} grew from {@code before} to {@code after}, summed over the sources of
     * {@code kind} scraped both times. A counter that fell was reset by a process restart, so its growth
     * is its new value (as Prometheus' {@code increase()} treats a reset); a counter series a source did not
     * serve yet (no labelled observation so far) counts from 0.
     */
    public static OptionalDouble delta(Sample before, Sample after, Figure figure, ScrapeSource.Kind kind) {
        double sum = 0;
        boolean found = false;
        for (Scrape a : after.scrapes) {
            if (a.source().kind() != kind) {
                continue;
            }
            OptionalDouble now = a.read(figure);
            OptionalDouble then = before.scrapes.stream().filter(b -> b.source().equals(a.source())).findFirst()
                    .map(b -> b.text() != null && figure.isCounter() && b.read(figure).isEmpty() ? OptionalDouble.of(0)
                            : b.read(figure)).orElse(OptionalDouble.empty());
            if (now.isPresent() && then.isPresent()) {
                double d = now.getAsDouble() - then.getAsDouble();
                sum += d < 0 && figure.isCounter() ? now.getAsDouble() : d;
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
