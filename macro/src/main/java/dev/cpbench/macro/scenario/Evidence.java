package dev.cpbench.macro.scenario;

import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.ScrapeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one sample, and their growth between two samples, each read from the sources it
 * belongs to: process and API-server figures from the API servers, provider decrypts from the KMS
 * plugins, Transit figures from Transit.
 */
final class Evidence {
    private Evidence() {
    }

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

    static OptionalDouble delta(Sample before, Sample after, Figure f, boolean sharedProcess) {
        if (sharedProcess && Figure.PROCESS.contains(f)) {
            OptionalDouble a = after.total(f, home(f), true);
            OptionalDouble b = before.total(f, home(f), true);
            return a.isPresent() && b.isPresent() ? OptionalDouble.of(a.getAsDouble() - b.getAsDouble()) : OptionalDouble.empty();
        }
        return Sample.delta(before, after, f, home(f));
    }

    static Map<String, Double> deltas(Sample before, Sample after, boolean sharedProcess) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Figure f : Figure.values()) {
            delta(before, after, f, sharedProcess).ifPresent(v -> out.put(f.column(), v));
        }
        return out;
    }
}
