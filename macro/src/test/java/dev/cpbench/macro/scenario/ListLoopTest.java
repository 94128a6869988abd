package dev.cpbench.macro.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.macro.common.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sustained worker against a failing endpoint, on a fake clock that only its pauses move: a failed list is
 * retried after client-go's reflector backoff (0.8 s doubling to a 30 s cap, jittered to [step, 2·step)), not at
 * once, so a dead endpoint sees a bounded number of attempts; a completed list starts the backoff over; a list
 * counts once however many attempts it took (retries apart), broken when the deadline comes first.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListLoopTest {
    private long now;
    private final List<Long> pauses = new ArrayList<>();
    private final EndpointTally tally = new EndpointTally("dead");

    private ListLoop loop(double jitter) {
        Random random = new Random(42);
        return new ListLoop(
                () -> now,
                millis -> {
                    pauses.add(millis);
                    now += millis * 1_000_000;
                },
                new Backoff(jitter < 0 ? random::nextDouble : () -> jitter));
    }

    /** One attempt as CorpusLister counts it: an attempt, and a complete list when it worked. */
    private BooleanSupplier attempts(boolean... outcomes) {
        int[] next = {0};
        return () -> {
            tally.attempts.increment();
            boolean ok = next[0] < outcomes.length && outcomes[next[0]++];
            if (ok) {
                tally.completeLists.increment();
            }
            return ok;
        };
    }

    @Test
    void aDeadEndpointGetsFewAttemptsNotOneAfterAnother() {
        long window = TimeUnit.SECONDS.toNanos(41); // the window in which two workers made 84,817 attempts before
        loop(0).run(attempts(), tally, window);

        long attemptsAtShortestWaits = 1;
        for (long at = Backoff.INITIAL_MILLIS, step = Backoff.INITIAL_MILLIS; at * 1_000_000 < window; ) {
            attemptsAtShortestWaits++;
            step = Math.min(Backoff.CAP_MILLIS, (long) (step * Backoff.FACTOR));
            at += step;
        }
        assertThat(tally.attempts.sum()).isEqualTo(attemptsAtShortestWaits).isLessThan(10);
        assertThat(tally.retries.sum()).isEqualTo(tally.attempts.sum() - 1);
        assertThat(tally.brokenLists.sum())
                .as("one list, given up at the deadline")
                .isEqualTo(1);
        assertThat(tally.lists()).isEqualTo(1);
        assertThat(now).as("the last pause ends at the deadline, not past it").isEqualTo(window);
    }

    @Test
    void waitsDoubleWithJitterUpToTheCap() {
        loop(-1).run(attempts(), tally, TimeUnit.HOURS.toNanos(1));

        long step = Backoff.INITIAL_MILLIS;
        for (int i = 0; i < pauses.size() - 1; i++) { // the last is cut short by the deadline
            assertThat(pauses.get(i)).as("wait " + i).isBetween(step, (long) (step * (1 + Backoff.JITTER)));
            step = Math.min(Backoff.CAP_MILLIS, (long) (step * Backoff.FACTOR));
        }
        assertThat(step).as("an hour reaches the cap").isEqualTo(Backoff.CAP_MILLIS);
        assertThat(tally.attempts.sum())
                .as("an hour at [30, 60) s a wait, after the ramp")
                .isLessThan(3_600 / 30 + 10);
    }

    @Test
    void aCompletedListStartsTheBackoffOver() {
        loop(0).run(attempts(false, false, true, false, true), tally, TimeUnit.SECONDS.toNanos(5));

        assertThat(pauses.subList(0, 3))
                .containsExactly(
                        Backoff.INITIAL_MILLIS,
                        (long) (Backoff.INITIAL_MILLIS * Backoff.FACTOR),
                        Backoff.INITIAL_MILLIS);
        assertThat(tally.completeLists.sum()).isEqualTo(2);
        // fail, retry fail, retry ok | fail, retry ok | fail, retry fail until the deadline: 4 attempts followed a
        // failure
        assertThat(tally.retries.sum())
                .as("attempts after a failure of the same list")
                .isEqualTo(4);
        assertThat(tally.attempts.sum()).isEqualTo(7);
        assertThat(tally.lists())
                .as("two complete, then one given up at the deadline")
                .isEqualTo(3);
    }
}
