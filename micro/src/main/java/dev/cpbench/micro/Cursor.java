package dev.cpbench.micro;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A thread's position in a power-of-two corpus: {@code items[cursor.next(MASK)]}, no randomness in timed code. Each
 * step also pays {@link InjectedCost}, which is nothing unless a proof asks for a known cost.
 */
@State(Scope.Thread)
public class Cursor {
    private int next;

    public int next(int mask) {
        InjectedCost.pay();
        return next++ & mask;
    }
}
