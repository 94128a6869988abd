package dev.cpbench.macro.tenants;

/**
 * Whether an open-model load held its rate: of the operations its schedule holds for the window, at least
 * {@value #SHARE} were sent, and as many answered, within the window. One rule for a run and for merged shards.
 */
public final class RateBar {
    public static final double SHARE = 0.99;

    private RateBar() {}

    public static boolean held(long scheduled, long sentInWindow, long answeredInWindow) {
        return scheduled == 0 || (sentInWindow >= SHARE * scheduled && answeredInWindow >= SHARE * scheduled);
    }
}
