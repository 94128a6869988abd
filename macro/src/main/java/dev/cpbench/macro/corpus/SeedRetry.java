package dev.cpbench.macro.corpus;

import dev.cpbench.macro.common.Backoff;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Seeding is preparation, not measurement: a seeding request that meets an API server that is restarting or
 * overloaded (429, 503, 504, or no answer at all: connection refused or reset) is retried after client-go's
 * {@link Backoff}, for up to {@link #LIMIT} in all, as client-go's REST client retries a 429/503. A shard still
 * seeding when shard 0 restarts the API servers at {@code --start-at} (a busy machine) then seeds through the
 * restart instead of failing. Any other error, or one still failing at the limit, is thrown.
 */
final class SeedRetry {
    /** Longer than an API server's start-up budget for its KMS (60 s) plus its restart. */
    static final Duration LIMIT = Duration.ofMinutes(2);

    private final LongSupplier nanoTime;
    private final Backoff.Pause pause;
    private final Supplier<Backoff> backoffs;

    SeedRetry(LongSupplier nanoTime, Backoff.Pause pause, Supplier<Backoff> backoffs) {
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.backoffs = backoffs;
    }

    /** Sleeps between attempts, with client-go's jitter. */
    static SeedRetry real() {
        return new SeedRetry(System::nanoTime, Thread::sleep, Backoff::jittered);
    }

    /** {@code request}'s answer, after as many retries as a restarting API server needs within {@link #LIMIT}. */
    <T> T call(Supplier<T> request) throws InterruptedException {
        long giveUpAt = nanoTime.getAsLong() + LIMIT.toNanos();
        Backoff backoff = backoffs.get();
        while (true) {
            try {
                return request.get();
            } catch (KubernetesClientException e) {
                long waitMillis = backoff.nextMillis();
                if (!retryable(e) || nanoTime.getAsLong() + waitMillis * 1_000_000 > giveUpAt) {
                    throw e;
                }
                pause.pause(waitMillis);
            }
        }
    }

    /** An API server that is not there for now (restarting, starting, shedding load), rather than a refusal. */
    static boolean retryable(KubernetesClientException e) {
        int code = e.getCode();
        return code == 429
                || code == 503
                || code == 504
                || code < 100; // below 100: no HTTP answer (refused, reset, timed out)
    }
}
