package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
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
        @Override
        protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
            options.setDecompressionSupported(true);
        }
    }

    static KubernetesClient forEndpoint(Config base, URI url, Duration requestTimeout, boolean acceptGzip) {
        Config config = new ConfigBuilder(base)
                .withMasterUrl(url.toString())
                .withRequestTimeout((int) requestTimeout.toMillis())
                // a failed request is an observation of the run, not something to hide behind retries
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
        return (acceptGzip ? builder.withHttpClientFactory(new GzipClientFactory()) : builder).build();
    }
}
