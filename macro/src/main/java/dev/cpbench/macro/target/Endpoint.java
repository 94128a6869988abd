package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/** One API server a scenario talks to, with a client bound to it alone. */
public record Endpoint(String name, URI url, KubernetesClient client) {
}
