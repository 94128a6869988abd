package dev.cpbench.macro.target;

import java.time.Duration;
import java.util.function.Supplier;

/** How long to keep polling the target for something: pause between tries, and give up once past the deadline. */
public final class Deadline {
    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** A deadline {@code timeout} after {@code startNanos} ({@link System#nanoTime()}). */
    public static Deadline after(long startNanos, Duration timeout) {
        return new Deadline(startNanos + timeout.toNanos());
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return after(System.nanoTime(), timeout);
    }

    /** Sleeps {@code pollMillis} before the next try, or, once past the deadline, throws a {@link TargetException} saying what did not happen. */
    public void pauseOrGiveUp(long pollMillis, Supplier<String> whatDidNotHappen) throws InterruptedException {
        if (System.nanoTime() > nanos) {
            throw new TargetException(whatDidNotHappen.get());
        }
        Thread.sleep(pollMillis);
    }
}
