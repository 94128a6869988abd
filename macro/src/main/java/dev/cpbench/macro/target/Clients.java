package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

/** Builds one fabric8 client per API server from a base configuration. */
final class Clients {
    private Clients() {
    }

    /**
     * fabric8's Vert.x client asking for gzip ({@code Accept-Encoding: deflate, gzip}) and inflating the answers,
     * as client-go and kubectl do by default; fabric8 on its own never asks, so a server's gzip path would go
     * unmeasured.
     */
    static final class GzipClientFactory extends Vertx5HttpClientFactory {
        GzipClientFactory(Vertx vertx) {
            super(vertx);
        }

        @Override
        protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
            options.setDecompressionSupported(true);
        }
    }

    /** A client of its own (its own Vert.x instance) for one API server. */
    static KubernetesClient forEndpoint(Config base, URI url, Duration requestTimeout, boolean acceptGzip) {
        return forEndpoint(base, url, requestTimeout, acceptGzip, null);
    }

    /**
     * Clients for many URLs of one target (virtual control planes, one per tenant) sharing one Vert.x instance,
     * closed with it: a Vert.x instance per client would start event loops and timers per tenant.
     */
    static final class Shared implements AutoCloseable {
        private final Config base;
        private final Duration requestTimeout;
        private final boolean acceptGzip;
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
            return forEndpoint(base, url, requestTimeout, acceptGzip, vertx);
        }

        @Override
        public synchronized void close() {
            if (vertx != null) {
                vertx.close();
                vertx = null;
            }
        }
    }

    private static KubernetesClient forEndpoint(Config base, URI url, Duration requestTimeout, boolean acceptGzip, Vertx vertx) {
        Config config = new ConfigBuilder(base)
                .withMasterUrl(url.toString())
                .withRequestTimeout((int) requestTimeout.toMillis())
                // a failed request is an observation of the run, not something to hide behind retries
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
        return builder.withHttpClientFactory(acceptGzip ? new GzipClientFactory(vertx) : new Vertx5HttpClientFactory(vertx)).build();
    }
}
