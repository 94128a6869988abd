package dev.cpbench.micro;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Known costs on demand, to prove {@code ./jmh.sh --compare} finds what it should ({@code scripts/prove-compare.sh}
 * gives them to the candidate's forks only), each testing one check on its own. They are paid where every operation
 * of a corpus benchmark steps its {@link Cursor}, outside the benchmark methods' own code:
 * <ul>
 * <li>{@code -Dcpbench.injectSlowdownTokens=T}: {@link Blackhole#consumeCPU}{@code (T)} per operation, JMH's busy
 * loop of pure arithmetic, which allocates nothing. The same T in every fork: the candidate's forks differ from the baseline's by that call alone (no calibration in the fork, so no fork-to-fork
 * difference in the injected cost and no extra warm-up). What T tokens cost the operation is measured where it is
 * spent, in the benchmark itself: {@code prove-compare.sh} sizes T for X% from JMH runs of the benchmark with and
 * without tokens;</li>
 * <li>{@code -Dcpbench.injectAllocationBytes=N}: the benchmark also allocates a {@code byte[N]} per operation
 * (N + 16 B/op with the array header), so the allocation check is tested apart from the timing one.</li>
 * </ul>
 * Unset, both switches are static final constants the JIT folds away: the benchmark's normal path carries no check.
 */
public final class InjectedCost {
    private static final long SLOWDOWN_TOKENS = Long.getLong("cpbench.injectSlowdownTokens", 0);
    private static final boolean SLOWS = SLOWDOWN_TOKENS > 0;
    private static final int ALLOCATION_BYTES = Integer.getInteger("cpbench.injectAllocationBytes", 0);
    private static final boolean ALLOCATES = ALLOCATION_BYTES > 0;

    /** Where an injected allocation goes: a static field, so escape analysis cannot remove it. */
    private static byte[] allocated;

    private InjectedCost() {}

    /** The injected costs, once per operation ({@link Cursor#next}); folded away when none is asked for. */
    static void pay() {
        if (SLOWS) {
            Blackhole.consumeCPU(SLOWDOWN_TOKENS);
        }
        if (ALLOCATES) {
            allocated = new byte[ALLOCATION_BYTES];
        }
    }
}
