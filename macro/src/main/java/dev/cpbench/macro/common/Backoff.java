package dev.cpbench.macro.common;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The wait before retrying a failed request (a sustained run's list, a seeding write), as client-go's reflector
 * waits before it lists again:
 * {@code wait.NewExponentialBackoffManager(800*time.Millisecond, 30*time.Second, 2*time.Minute, 2.0, 1.0, clock)}
 * (k8s.io/client-go/tools/cache/reflector.go): 0.8 s doubling per failure up to 30 s, each wait jittered up to
 * twice its step ({@code wait.Jitter(d, 1.0)} = d + rand·d), so a dead endpoint sees a list every [30, 60) s at
 * worst. client-go starts over after 2 min without a backoff; here a request that completes starts it over.
 */
public final class Backoff {
    public static final long INITIAL_MILLIS = 800;
    public static final long CAP_MILLIS = 30_000;
    public static final double FACTOR = 2.0;
    public static final double JITTER = 1.0;

    /** Waits {@code millis}; the real one sleeps, a test's moves its clock. */
    @FunctionalInterface
    public interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    private final DoubleSupplier random;
    private long stepMillis = INITIAL_MILLIS;

    /** {@code random}: uniform in [0, 1); a test's may be fixed. */
    public Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /** The backoff of a run: jittered by {@link ThreadLocalRandom}. */
    public static Backoff jittered() {
        return new Backoff(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before the next retry, in ms; the step after it grows. */
    public long nextMillis() {
        long step = stepMillis;
        stepMillis = Math.min(CAP_MILLIS, (long) (stepMillis * FACTOR));
        return step + (long) (random.getAsDouble() * JITTER * step);
    }

    /** After a request that completed: the next failure waits the initial step again. */
    public void reset() {
        stepMillis = INITIAL_MILLIS;
    }
}
