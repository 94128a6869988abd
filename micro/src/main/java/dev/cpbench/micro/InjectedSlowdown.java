package dev.cpbench.micro;

/**
 * A known slowdown on demand, to prove {@code ./jmh.sh --compare} finds what it should
 * ({@code scripts/prove-compare.sh}): with {@code -Dcpbench.injectSlowdownPercent=N} a benchmark that asks
 * {@link #due} does its operation once more in N of every 100 invocations, so each costs N% more on average, with
 * the same code path and data. Unset (0, the default) the check is a constant the JIT folds away.
 */
public final class InjectedSlowdown {
    private static final int PERCENT = Integer.getInteger("cpbench.injectSlowdownPercent", 0);

    private InjectedSlowdown() {
    }

    /** True for N of every 100 consecutive positions of the cursor. */
    public static boolean due(Cursor cursor) {
        return PERCENT > 0 && cursor.position() % 100 < PERCENT;
    }
}
