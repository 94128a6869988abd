package dev.cpbench.macro.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/** Every source scraped once, at one point of a run ("baseline", "post-list", ...). */
public record Sample(String phase, Instant at, List<Scrape> scrapes) {
    /**
     * Sum of {@code figure} over the sources of {@code kind}; empty when none serves it. With
     * {@code sharedProcess} (all sources are one process, as on the embedded stand-in) process figures are
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

    /** The same-named source's scrape in this sample. */
    public Optional<Scrape> scrapeOf(ScrapeSource source) {
        return scrapes.stream().filter(s -> s.source().equals(source)).findFirst();
    }

    /** {@link #delta(Sample, Sample, Figure, ScrapeSource.Kind, Consumer)} without its notes. */
    public static OptionalDouble delta(Sample before, Sample after, Figure figure, ScrapeSource.Kind kind) {
        return delta(before, after, figure, kind, note -> {});
    }

    /**
     * How much {@code figure} grew from {@code before} to {@code after}, summed over the sources of {@code kind}
     * scraped both times. Values of two processes are never subtracted: a source whose {@code process_start_time_seconds}
     * moved is a new process whose counters count from zero, so its growth is its later value. Without a start time
     * to tell, a counter that fell is the only evidence of a restart: its growth is its later value too, and
     * {@code notes} hears that the delta may be low (what the old process counted after {@code before} is lost). A
     * counter series a source did not serve yet (no labelled observation so far) counts from 0.
     */
    public static OptionalDouble delta(
            Sample before, Sample after, Figure figure, ScrapeSource.Kind kind, Consumer<String> notes) {
        double sum = 0;
        boolean found = false;
        for (Scrape a : after.scrapes) {
            if (a.source().kind() != kind) {
                continue;
            }
            Optional<Scrape> b = before.scrapeOf(a.source());
            OptionalDouble now = a.read(figure);
            OptionalDouble then = b.map(x -> x.text() != null
                                    && figure.isCounter()
                                    && x.read(figure).isEmpty()
                            ? OptionalDouble.of(0)
                            : x.read(figure))
                    .orElse(OptionalDouble.empty());
            if (now.isEmpty() || then.isEmpty()) {
                continue;
            }
            found = true;
            double d = now.getAsDouble() - then.getAsDouble();
            if (!figure.isCounter() || !restarted(b.get(), a) && d >= 0) {
                sum += d;
                continue;
            }
            sum += now.getAsDouble();
            if (!restarted(b.get(), a)) {
                notes.accept(a.source().name() + " " + figure.column() + " fell from " + number(then.getAsDouble())
                        + " to "
                        + number(now.getAsDouble())
                        + (b.get().startTime().isEmpty() || a.startTime().isEmpty()
                                ? " and it serves no " + Scrape.START_TIME
                                : " though its start time did not move")
                        + ": counted from zero as after a restart; the delta may be low");
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** One line per source whose process restarted between the two samples (its start time moved). */
    public static List<String> restarts(Sample before, Sample after) {
        List<String> out = new ArrayList<>();
        for (Scrape a : after.scrapes) {
            before.scrapeOf(a.source())
                    .filter(b -> restarted(b, a))
                    .ifPresent(b -> out.add(a.source().name()
                            + " restarted between samples (start time "
                            + instant(b.startTime().getAsDouble()) + " → "
                            + instant(a.startTime().getAsDouble())
                            + "): its counters count from zero, so each of its deltas is its later value"));
        }
        return out;
    }

    /** Whether both scrapes give a start time and it moved: two processes. */
    private static boolean restarted(Scrape before, Scrape after) {
        OptionalDouble b = before.startTime();
        OptionalDouble a = after.startTime();
        return b.isPresent() && a.isPresent() && a.getAsDouble() != b.getAsDouble();
    }

    private static Instant instant(double unixSeconds) {
        return Instant.ofEpochMilli(Math.round(unixSeconds * 1000));
    }

    /** A figure as reports print it: whole numbers without decimals, others to 4 significant digits. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.US, "%d", (long) v)
                : String.format(Locale.US, "%.4g", v);
    }
}
