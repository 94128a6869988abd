package dev.cpbench.macro.metadata;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap figures {@code metadata-proxy} prints as it stops, and how {@code metadata-load} reads them back
 * from its child JVM. Peak heap used is the sum of each heap pool's peak, an upper bound of the heap's peak
 * (the pools need not peak at the same time), cheap enough to keep for the whole life of the JVM.
 *
 * @param peakUsedMib the heap pools' peaks, added up
 * @param capMib      the most the heap may grow to ({@code -Xmx})
 * @param gcs         collections so far
 * @param gcMillis    time the collectors report for them
 */
record HeapFigures(double peakUsedMib, double capMib, long gcs, long gcMillis) {
    private static final Pattern LINE = Pattern.compile(
            "peak heap used ([0-9.]+) MiB of ([0-9.]+) MiB \\(sum of the heap pools' peaks\\); (\\d+) GCs took (\\d+) ms");
    private static final double MIB = 1024.0 * 1024.0;

    /** This JVM's figures now. */
    static HeapFigures ofThisJvm() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new HeapFigures(peak / MIB, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MIB, gcs, gcMillis);
    }

    /** The figures in a line {@link #line} made, if {@code text} holds one. */
    static Optional<HeapFigures> parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new HeapFigures(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }

    /** e.g. {@code peak heap used 41.3 MiB of 64.0 MiB (sum of the heap pools' peaks); 12 GCs took 34 ms}. */
    String line() {
        return String.format(Locale.ROOT, "peak heap used %.1f MiB of %.1f MiB (sum of the heap pools' peaks); %d GCs took %d ms",
                peakUsedMib, capMib, gcs, gcMillis);
    }
}
