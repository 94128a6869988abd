package dev.cpbench.macro.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpbench.macro.common.Backoff;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeding requests ride out an API server restart, on a fake clock that only the pauses move: 503, 429, 504 and
 * "no answer" are retried after client-go's backoff until {@link SeedRetry#LIMIT}; a refusal (404, 409, 422) is
 * thrown at once; what fabric8 throws for a connection refused counts as "no answer".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeedRetryTest {
    private long now;
    private final List<Long> pauses = new ArrayList<>();
    private final SeedRetry retry = new SeedRetry(
            () -> now,
            millis -> {
                pauses.add(millis);
                now += millis * 1_000_000;
            },
            () -> new Backoff(() -> 0.5));

    /** Fails with {@code codes} in turn, then answers "done". */
    private static Supplier<String> failing(int... codes) {
        int[] next = {0};
        return () -> {
            if (next[0] < codes.length) {
                throw new KubernetesClientException("status " + codes[next[0]], codes[next[0]++], null);
            }
            return "done";
        };
    }

    @Test
    void anApiServerRestartingIsWaitedFor() throws InterruptedException {
        assertThat(retry.call(failing(503, 0, 429, 504))).isEqualTo("done");
        long step = Backoff.INITIAL_MILLIS;
        for (long pause : pauses) {
            assertThat(pause).isEqualTo(step + step / 2);
            step = Math.min(Backoff.CAP_MILLIS, (long) (step * Backoff.FACTOR));
        }
        assertThat(pauses).hasSize(4);
    }

    @Test
    void aRefusalIsThrownAtOnce() {
        for (int code : new int[] {403, 404, 409, 422, 500}) {
            assertThatThrownBy(() -> retry.call(failing(code)))
                    .isInstanceOf(KubernetesClientException.class)
                    .extracting(e -> ((KubernetesClientException) e).getCode())
                    .isEqualTo(code);
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void anApiServerThatNeverComesBackIsGivenUpOnAtTheLimit() {
        int[] always503 = new int[1000];
        java.util.Arrays.fill(always503, 503);
        assertThatThrownBy(() -> retry.call(failing(always503))).isInstanceOf(KubernetesClientException.class);
        long waited = pauses.stream().mapToLong(Long::longValue).sum();
        assertThat(waited)
                .isLessThanOrEqualTo(SeedRetry.LIMIT.toMillis())
                .isGreaterThan(SeedRetry.LIMIT.toMillis() / 2);
        assertThat(pauses.size())
                .as("attempts spaced out, not one after another")
                .isLessThan(15);
    }

    @Test
    void fabric8sConnectionRefusedIsNoAnswer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
            KubernetesClientException refused = null;
            try {
                client.secrets().inNamespace("default").list();
            } catch (KubernetesClientException e) {
                refused = e;
            }
            assertThat(refused).isNotNull();
            assertThat(SeedRetry.retryable(refused))
                    .as("code %d: %s", refused.getCode(), refused)
                    .isTrue();
        }
    }
}
