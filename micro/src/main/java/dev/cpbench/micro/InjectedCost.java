package dev.cpbench.micro;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Known costs on demand, to prove {@code ./jmh.sh --compare} finds what it should ({@code scripts/prove-compare.sh}
 * gives them to the candidate's forks only), each testing one check on its own:
 * <ul>
 * <li>{@code -Dcpbench.injectSlowdownPercent=X}: a benchmark that asks adds CPU work worth X% of its operation's
 * time and allocates nothing: {@link Blackhole#consumeCPU}, JMH's busy loop of pure arithmetic, for a number of
 * tokens {@link #slowdownTokens} sizes at setup by timing the operation and the tokens side by side;</li>
 * <li>{@code -Dcpbench.injectAllocationBytes=N}: the benchmark also allocates a {@code byte[N]} per operation
 * (N + 16 B/op with the array header), so the allocation check is tested apart from the timing one.</li>
 * </ul>
 * Unset, both switches are static final constants the JIT folds away: the benchmark's normal path carries no check.
 */
public final class InjectedCost {
    public static final double SLOWDOWN_PERCENT = Double.parseDouble(System.getProperty("cpbench.injectSlowdownPercent", "0"));
    public static final boolean SLOWS = SLOWDOWN_PERCENT > 0;
    public static final int ALLOCATION_BYTES = Integer.getInteger("cpbench.injectAllocationBytes", 0);
    public static final boolean ALLOCATES = ALLOCATION_BYTES > 0;

    /**
     * Long enough for the operation and the busy loop to be compiled before they are timed: a fork's first ~3 s are
     * the JIT's warm-up on the project's machine (results/README.md, "Warm-up"). With 1 s, EnvelopeBenchmark.decrypt
     * was timed at 4.2-6.1 µs against its steady 0.65-1.1 µs, and "5%" injected slowed it by 30-47%.
     */
    private static final long WARMUP_NANOS = 5_000_000_000L;
    private static final long ROUND_NANOS = 50_000_000L;
    /** Odd: the median is one round's figure. */
    private static final int ROUNDS = 9;
    private static final int BATCH = 1_000;
    /** Keeps the timed operations' results alive. */
    private static volatile long sink;

    private InjectedCost() {
    }

    /**
     * The {@link Blackhole#consumeCPU} tokens that cost {@link #SLOWDOWN_PERCENT} of one {@code operation} (0 when
     * no slowdown is asked for): the operation's time per call over the time per call of {@code consumeCPU} at the
     * size first estimated (so its call overhead is counted), the median of {@value #ROUNDS} interleaved rounds.
     * Prints what it found, which lands in the fork's log.
     */
    public static long slowdownTokens(IntSupplier operation) {
        if (!SLOWS) {
            return 0;
        }
        long deadline = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < deadline) {
            runOperation(operation, BATCH);
            runTokens(BATCH, 1);
        }
        double[] opNanos = new double[ROUNDS];
        double[] tokenNanos = new double[ROUNDS];
        long tokens = 0;
        for (int refine = 0; refine < 2; refine++) {
            for (int r = 0; r < ROUNDS; r++) {
                opNanos[r] = nanosPerCall(() -> runOperation(operation, BATCH), BATCH);
                long size = Math.max(1, tokens);
                tokenNanos[r] = nanosPerCall(() -> runTokens(size, BATCH), BATCH) / size;
            }
            double ratio = median(opNanos) / median(tokenNanos);
            tokens = Math.max(1, Math.round(SLOWDOWN_PERCENT / 100 * ratio));
        }
        System.out.printf(Locale.US, "cpbench: injected slowdown %.1f%%: %d consumeCPU tokens per operation (operation %.0f ns,"
                + " token %.3f ns, medians of %d rounds)%n", SLOWDOWN_PERCENT, tokens, median(opNanos), median(tokenNanos), ROUNDS);
        return tokens;
    }

    /** Runs {@code batch} (of {@code calls} calls) for {@value #ROUND_NANOS} ns at least; the time per call. */
    private static double nanosPerCall(LongSupplier batch, int calls) {
        long start = System.nanoTime();
        long batches = 0;
        do {
            batch.getAsLong();
            batches++;
        } while (System.nanoTime() - start < ROUND_NANOS);
        return (System.nanoTime() - start) / (double) (batches * calls);
    }

    private static long runOperation(IntSupplier operation, int calls) {
        long acc = 0;
        for (int i = 0; i < calls; i++) {
            acc += operation.getAsInt();
        }
        sink = acc;
        return acc;
    }

    private static long runTokens(long tokens, int calls) {
        for (int i = 0; i < calls; i++) {
            Blackhole.consumeCPU(tokens);
        }
        return calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
