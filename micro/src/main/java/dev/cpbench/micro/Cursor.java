package dev.cpbench.micro;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A thread's position in a power-of-two corpus: {@code items[cursor.next(MASK)]}, no randomness in timed code. */
@State(Scope.Thread)
public class Cursor {
    private int next;

    public int next(int mask) {
        return next++ & mask;
    }
}
