package dev.cpbench.macro.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compiler is idle once one window's growth of its CPU is under 5% of a core; a compiler that keeps working is
 * waited for only until the maximum; an unknown CPU does not wait. A fake clock: no test sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompilerSettleTest {
    /** A compiler busy (one core) for {@code busyMillis} of a fake clock, then idle. */
    private static final class FakeCompiler {
        final long busyMillis;
        long clock;

        FakeCompiler(long busyMillis) {
            this.busyMillis = busyMillis;
        }

        double jitSeconds() {
            return Math.min(clock, busyMillis) / 1000.0;
        }

        void sleep(long millis) {
            clock += millis;
        }
    }

    @Test
    void returnsOneWindowAfterTheCompilerWentIdle() throws InterruptedException {
        FakeCompiler jit = new FakeCompiler(1_500);
        assertThat(CompilerSettle.await(jit::jitSeconds, jit::sleep, Duration.ofSeconds(30))).isTrue();
        assertThat(jit.clock).isBetween(1_500 + CompilerSettle.WINDOW.toMillis() - 100, 1_500 + CompilerSettle.WINDOW.toMillis() + 100);
    }

    @Test
    void aCompilerUsingLessThanTheIdleShareCountsAsIdle() throws InterruptedException {
        long[] clock = {0};
        double trickle = CompilerSettle.IDLE_SHARE / 2; // cores
        assertThat(CompilerSettle.await(() -> clock[0] / 1000.0 * trickle, m -> clock[0] += m, Duration.ofSeconds(30))).isTrue();
        assertThat(clock[0]).isEqualTo(CompilerSettle.WINDOW.toMillis());
    }

    @Test
    void aBusyCompilerIsWaitedForOnlyUntilTheMaximum() throws InterruptedException {
        FakeCompiler jit = new FakeCompiler(Long.MAX_VALUE);
        assertThat(CompilerSettle.await(jit::jitSeconds, jit::sleep, Duration.ofSeconds(3))).isFalse();
        assertThat(jit.clock).isBetween(3_000L, 3_200L);
    }

    @Test
    void anUnknownCompilerCpuDoesNotWait() throws InterruptedException {
        FakeCompiler jit = new FakeCompiler(0);
        assertThat(CompilerSettle.await(() -> Double.NaN, jit::sleep, Duration.ofSeconds(30))).isFalse();
        assertThat(jit.clock).isZero();
    }
}
