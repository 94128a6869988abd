package dev.cpbench.macro.target;

import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.List;

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
                    HttpResponse<String> r = e.get("/readyz", String.class, Duration.ofSeconds(5));
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

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for /readyz");
        }
    }
}
