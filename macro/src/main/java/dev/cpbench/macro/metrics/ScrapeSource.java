package dev.cpbench.macro.metrics;

import java.net.URI;

/** A Prometheus endpoint a run samples: an API server, a KMS provider (plugin) or the Transit backend. */
public record ScrapeSource(String name, Kind kind, URI url) {
    public enum Kind {
        APISERVER,
        PROVIDER,
        TRANSIT
    }
}
