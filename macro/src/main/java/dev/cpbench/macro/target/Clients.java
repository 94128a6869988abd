package dev.cpbench.macro.target;

import dev.cpbench.fixtures.client.GzipClientFactory;
import dev.cpbench.macro.common.ErrorTally;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds fabric8 clients of a target's API servers from a base configuration, on Vert.x instances it owns and closes last. */
final class Clients {
    private Clients() {}

    /**
     * Clients for the URLs of one target on one Vert.x instance this object owns: one per API server (its own event
     * loops) or one for many URLs (virtual control planes, one per tenant: a Vert.x instance per client would start
     * event loops and timers per tenant).
     *
     * <p>Closing order: fabric8 closes a client's HTTP client without waiting, and a client that built its own Vert.x
     * closes that right after, so the HTTP client's close listener is notified on an event loop already shut down
     * (Netty's "RejectedExecutionException: event executor terminated" trace after a successful run). Here fabric8
     * never owns the Vert.x instance: {@link #close()} closes the clients, then closes Vert.x and waits for it, and
     * Vert.x closes what is still closing before it stops its event loops, so no listener is left to notify.
     */
    static final class Shared implements AutoCloseable {
        private static final long CLOSE_TIMEOUT_SECONDS = 30;

        private final Config base;
        private final Duration requestTimeout;
        private final boolean acceptGzip;
        private final List<KubernetesClient> clients = new ArrayList<>();
        private Vertx vertx;

        Shared(Config base, Duration requestTimeout, boolean acceptGzip) {
            this.base = base;
            this.requestTimeout = requestTimeout;
            this.acceptGzip = acceptGzip;
        }

        synchronized KubernetesClient forUrl(URI url) {
            if (vertx == null) {
                vertx = Vertx.vertx();
            }
            KubernetesClient client = forEndpoint(base, url, requestTimeout, acceptGzip, vertx);
            clients.add(client);
            return client;
        }

        /** The Vert.x instance under the clients, null before the first or after {@link #close()}. */
        synchronized Vertx eventLoops() {
            return vertx;
        }

        @Override
        public synchronized void close() {
            clients.forEach(KubernetesClient::close);
            clients.clear();
            if (vertx == null) {
                return;
            }
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("cpbench: closing the HTTP clients' event loops: " + ErrorTally.oneLine(e));
            }
            vertx = null;
        }
    }

    private static KubernetesClient forEndpoint(
            Config base, URI url, Duration requestTimeout, boolean acceptGzip, Vertx vertx) {
        Config config = new ConfigBuilder(base)
                .withMasterUrl(url.toString())
                .withRequestTimeout((int) requestTimeout.toMillis())
                // a failed request is an observation of the run, not something to hide behind retries
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
        return builder.withHttpClientFactory(
                        acceptGzip ? new GzipClientFactory(vertx) : new Vertx5HttpClientFactory(vertx))
                .build();
    }
}
