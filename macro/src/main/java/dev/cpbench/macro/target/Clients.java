package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.time.Duration;

/** Builds one fabric8 client per API server from a base configuration. */
final class Clients {
    private Clients() {
    }

    static KubernetesClient forEndpoint(Config base, URI url, Duration requestTimeout) {
        Config config = new ConfigBuilder(base)
                .withMasterUrl(url.toString())
                .withRequestTimeout((int) requestTimeout.toMillis())
                // a failed request is an observation of the run, not something to hide behind retries
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
