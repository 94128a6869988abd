package dev.cpbench.macro.scenario;

import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.ScrapeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The figures of one sample, and their growth between two samples, each read from the sources it
 * belongs to: process and API-server figures from the API servers, provider decrypts from the KMS
 * plugins, Transit figures from Transit.
 */
final class Evidence {
    private Evidence() {}

    static ScrapeSource.Kind home(Figure f) {
        return switch (f) {
            case PROVIDER_DECRYPTS -> ScrapeSource.Kind.PROVIDER;
            case TRANSIT_DECRYPT_REQUESTS, TRANSIT_DECRYPT_ITEMS -> ScrapeSource.Kind.TRANSIT;
            default -> ScrapeSource.Kind.APISERVER;
        };
    }

    static Map<String, Double> totals(Sample s, boolean sharedProcess) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Figure f : Figure.values()) {
            s.total(f, home(f), sharedProcess).ifPresent(v -> out.put(f.column(), v));
        }
        return out;
    }

    /**
     * On a shared process (the embedded stand-in) its process figures are the one JVM's, which an API server's restart
     * does not restart; every other figure follows {@link Sample#delta}'s rules for restarts.
     */
    static OptionalDouble delta(Sample before, Sample after, Figure f, boolean sharedProcess, Consumer<String> notes) {
        if (sharedProcess && Figure.PROCESS.contains(f)) {
            OptionalDouble a = after.total(f, home(f), true);
            OptionalDouble b = before.total(f, home(f), true);
            return a.isPresent() && b.isPresent()
                    ? OptionalDouble.of(a.getAsDouble() - b.getAsDouble())
                    : OptionalDouble.empty();
        }
        return Sample.delta(before, after, f, home(f), notes);
    }

    static Map<String, Double> deltas(Sample before, Sample after, boolean sharedProcess) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Figure f : Figure.values()) {
            delta(before, after, f, sharedProcess, note -> {}).ifPresent(v -> out.put(f.column(), v));
        }
        return out;
    }

    /** What the deltas rest on: the processes that restarted between the samples, and counters that fell without a start time to explain it. */
    static List<String> deltaNotes(Sample before, Sample after, boolean sharedProcess) {
        List<String> out = new ArrayList<>(Sample.restarts(before, after));
        for (Figure f : Figure.values()) {
            delta(before, after, f, sharedProcess, out::add);
        }
        return out;
    }
}
