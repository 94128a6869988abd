package dev.cpbench.macro.scenario;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits until the harness JVM's JIT compiler is idle: its threads used less than {@link #IDLE_SHARE} of a core over the
 * last {@link #WINDOW}, or {@code max} passed. Between a cold start's ready and list phases on the embedded stand-in,
 * this keeps the compiler's backlog from one phase out of the next: a longer ready phase otherwise lets the compiler
 * finish code the list then runs faster (measured by validate-attribution: 0.45-0.62 s shorter list phases after
 * each injection into "ready").
 */
final class CompilerSettle {
    static final Duration WINDOW = Duration.ofMillis(500);
    static final double IDLE_SHARE = 0.05;
    private static final int POLLS_PER_WINDOW = 5;

    /** Sleeps for the given milliseconds; a test passes one that only advances its clock. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private CompilerSettle() {
    }

    /**
     * Polls {@code jitSeconds} (the compiler threads' CPU so far; NaN where unknown, which returns at once) until one
     * window's growth is below the idle share, or {@code max} is spent. Returns whether the compiler went idle.
     */
    static boolean await(DoubleSupplier jitSeconds, Sleeper sleeper, Duration max) throws InterruptedException {
        long poll = WINDOW.toMillis() / POLLS_PER_WINDOW;
        double[] recent = new double[POLLS_PER_WINDOW + 1];
        for (long waited = 0, polls = 0; waited <= max.toMillis(); waited += poll, polls++) {
            double now = jitSeconds.getAsDouble();
            if (Double.isNaN(now)) {
                return false;
            }
            int slot = (int) (polls % recent.length);
            recent[slot] = now;
            if (polls >= POLLS_PER_WINDOW) {
                double windowStart = recent[(int) ((polls - POLLS_PER_WINDOW) % recent.length)];
                if (now - windowStart < IDLE_SHARE * WINDOW.toMillis() / 1000.0) {
                    return true;
                }
            }
            sleeper.sleep(poll);
        }
        return false;
    }
}
