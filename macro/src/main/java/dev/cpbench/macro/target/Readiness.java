package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Polls {@code /readyz} of API servers through their own clients (so credentials and TLS apply), every 20 ms: a
 * cold start's ready phase ends at the poll that sees the last server ready, so it overstates the phase by half a
 * poll on average (10 ms; at 100 ms this was 6% of a 10,000-Secret ready phase), for a few requests a second.
 */
final class Readiness {
    private static final long POLL_MS = 20;

    private Readiness() {}

    static void await(List<Endpoint> endpoints, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Endpoint e : endpoints) {
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> r = e.get("/readyz", String.class, Duration.ofSeconds(5));
                    if (r.code() == 200) {
                        break;
                    }
                    last = "HTTP " + r.code();
                } catch (TargetException ex) {
                    last = ex.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new TargetException(e.name() + " (" + e.url() + ") not ready after " + timeout.toSeconds()
                            + " s: /readyz gave " + last);
                }
                sleep();
            }
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
