package dev.cpbench.macro.target;

import dev.cpbench.macro.common.ErrorTally;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** One API server (or virtual control plane) a scenario talks to, with a client bound to it alone. */
public record Endpoint(String name, URI url, KubernetesClient client) {
    /**
     * GET {@code path} (with its query), appended to this endpoint's URL, with its client's credentials and TLS;
     * any answer is returned, a failure to get one is a {@link TargetException} naming the URL.
     */
    public <T> HttpResponse<T> get(String path, Class<T> type, Duration timeout) {
        URI uri = URI.create(url.toString().replaceFirst("/+$", "") + path);
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(uri)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        try {
            return client.getHttpClient()
                    .sendAsync(request, type)
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while asking " + uri);
        } catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new TargetException("cannot reach " + uri + ": " + ErrorTally.oneLine(ex), ex);
        }
    }
}
