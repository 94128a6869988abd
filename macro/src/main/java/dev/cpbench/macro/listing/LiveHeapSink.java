package dev.cpbench.macro.listing;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Discards what it is given, like a socket, and measures the live heap while it is written to: at the first
 * write and then every {@code sampleEveryBytes}, a full GC and a heap reading. What an encoder keeps alive
 * while it writes (a whole-list buffer, or one item and a chunk) is the highest reading minus the heap
 * before encoding began.
 */
final class LiveHeapSink extends OutputStream {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long sampleEveryBytes;
    private long written;
    private long nextSampleAt;
    private long peakUsed;
    private int samples;

    LiveHeapSink(long sampleEveryBytes) {
        this.sampleEveryBytes = sampleEveryBytes;
    }

    /** Heap in use after a full collection: the live data. */
    static long liveHeap() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (written >= nextSampleAt) {
            peakUsed = Math.max(peakUsed, liveHeap());
            samples++;
            nextSampleAt = written + sampleEveryBytes;
            Reference.reachabilityFence(
                    b); // the bytes being written are live until written; without this the JIT may let the GC take them
        }
        written += len;
    }

    long written() {
        return written;
    }

    long peakUsed() {
        return peakUsed;
    }

    int samples() {
        return samples;
    }
}
