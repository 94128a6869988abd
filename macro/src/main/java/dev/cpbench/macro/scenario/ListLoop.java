package dev.cpbench.macro.scenario;

import dev.cpbench.macro.common.Backoff;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One sustained worker: lists through its endpoint until the deadline, each list starting when the last one
 * ends. A list that fails is retried after {@link Backoff}'s wait (client-go's), not at once; the retries
 * are the same list, so a list counts once however many attempts it took: complete when one attempt
 * completed, broken when the deadline came first.
 */
final class ListLoop {
    private final LongSupplier nanoTime;
    private final Backoff.Pause pause;
    private final Backoff backoff;

    ListLoop(LongSupplier nanoTime, Backoff.Pause pause, Backoff backoff) {
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.backoff = backoff;
    }

    /**
     * Runs {@code attempt} (one list; true when it completed) until {@code deadlineNanos} or an interrupt (Ctrl-C),
     * counting into {@code tally}.
     */
    void run(BooleanSupplier attempt, EndpointTally tally, long deadlineNanos) {
        boolean retrying = false;
        while (nanoTime.getAsLong() < deadlineNanos && !Thread.currentThread().isInterrupted()) {
            if (retrying) {
                tally.retries.increment();
            }
            if (attempt.getAsBoolean()) {
                retrying = false;
                backoff.reset();
                continue;
            }
            retrying = true;
            long leftMillis = (deadlineNanos - nanoTime.getAsLong()) / 1_000_000;
            if (leftMillis > 0) {
                try {
                    pause.pause(Math.min(backoff.nextMillis(), leftMillis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (retrying) {
            tally.brokenLists.increment();
        }
    }
}
