package dev.cpbench.macro.target;

import dev.cpbench.fixtures.cluster.EtcdConnection;
import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.metrics.Scraper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The API servers under test, where their metrics are, and how to restart them. */
public interface Target extends AutoCloseable {
    /** Whether figures come from the embedded stand-in rather than a real cluster; every report says so. */
    boolean embedded();

    /** One line for the console and the report; never contains credentials. */
    String description();

    /** Facts about the target for run.json. */
    Map<String, Object> facts();

    List<Endpoint> endpoints();

    List<ScrapeSource> scrapeSources();

    /** Fetches scrapes: API servers through their own clients, the rest with a plain GET. */
    default Scraper.Fetcher fetcher() {
        return new MetricsFetcher(endpoints());
    }

    /**
     * A client with this target's credentials and TLS settings for another URL it serves, e.g. a virtual
     * control plane; closing the target closes what these clients share, so close them first.
     */
    KubernetesClient clientFor(URI url);

    /** Whether every source is one process (process figures are then counted once). */
    boolean sharedProcess();

    /** Restarts every API server, keeping the stored data; returns when they are asked to, not when ready. */
    void restart();

    /** Waits until every endpoint answers {@code /readyz} with 200. */
    default void awaitReady(Duration timeout) {
        Readiness.await(endpoints(), timeout);
    }

    /** The etcd that holds this target's objects, where the target knows it (the stand-in over a real etcd). */
    default Optional<EtcdConnection> etcd() {
        return Optional.empty();
    }

    /** The KMS v2 provider name its values carry, where the target knows it (the stand-in does). */
    default Optional<String> kmsProviderName() {
        return Optional.empty();
    }

    /** Distinct DEK sources among the stored Secrets, where the target can tell (the embedded one can). */
    OptionalLong distinctDekSources();

    @Override
    void close();
}
