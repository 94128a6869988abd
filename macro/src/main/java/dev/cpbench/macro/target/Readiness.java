package dev.cpbench.macro.target;

import dev.cpbench.macro.ErrorTally;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Polls {@code /readyz} of API servers through their own clients (so credentials and TLS apply). */
final class Readiness {
    static final long POLL_MS = 100;

    private Readiness() {
    }

    static void await(List<Endpoint> endpoints, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Endpoint e : endpoints) {
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> r = get(e, "/readyz", Duration.ofSeconds(5));
                    if (r.code() == 200) {
                        break;
                    }
                    last = "HTTP " + r.code();
                } catch (TargetException ex) {
                    last = ex.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new TargetException(e.name() + " (" + e.url() + ") not ready after "
                            + timeout.toSeconds() + " s: /readyz gave " + last);
                }
                sleep();
            }
        }
    }

    /** GET {@code path} on the endpoint with its client's credentials. */
    static HttpResponse<String> get(Endpoint e, String path, Duration timeout) {
        URI uri = e.url().resolve(path);
        HttpRequest request = e.client().getHttpClient().newHttpRequestBuilder().uri(uri)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        try {
            return e.client().getHttpClient().sendAsync(request, String.class).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while asking " + uri);
        } catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new TargetException("cannot reach " + uri + ": " + ErrorTally.oneLine(ex), ex);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for /readyz");
        }
    }
}
