package dev.cpbench.macro.metadata;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap figures {@code metadata-proxy} prints as it stops, and how {@code metadata-load} reads them back
 * from its child JVM. Heap use only grows between collections, so its peak is the largest heap use just before
 * a collection (from the collectors' notifications), or the heap use at the end if that is larger.
 *
 * @param peakUsedMib the heap's peak use
 * @param capMib      the most the heap may grow to ({@code -Xmx})
 * @param gcs         collections so far
 * @param gcMillis    time the collectors report for them
 */
record HeapFigures(double peakUsedMib, double capMib, long gcs, long gcMillis) {
    private static final Pattern LINE = Pattern.compile(
            "peak heap used ([0-9.]+) MiB of ([0-9.]+) MiB \\(largest before a GC\\); (\\d+) GCs took (\\d+) ms");
    private static final double MIB = 1024.0 * 1024.0;

    /** Follows this JVM's collections from now on; {@link #figures()} gives the figures at any time. */
    static final class Watch {
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
        private final AtomicLong peakBytes = new AtomicLong();

        private Watch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, handback) -> collected(n), null, null);
                }
            }
        }

        private void collected(Notification n) {
            if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                Map<String, MemoryUsage> before = GarbageCollectionNotificationInfo.from(
                                (CompositeData) n.getUserData())
                        .getGcInfo()
                        .getMemoryUsageBeforeGc();
                long used = before.entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed())
                        .sum();
                peakBytes.accumulateAndGet(used, Math::max);
            }
        }

        HeapFigures figures() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long gcs = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcs += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            return new HeapFigures(Math.max(peakBytes.get(), heap.getUsed()) / MIB, heap.getMax() / MIB, gcs, gcMillis);
        }
    }

    /** Starts following this JVM's collections. */
    static Watch watchThisJvm() {
        return new Watch();
    }

    /** The figures in a line {@link #line} made, if {@code text} holds one. */
    static Optional<HeapFigures> parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new HeapFigures(
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4))));
    }

    /** e.g. {@code peak heap used 41.3 MiB of 64.0 MiB (largest before a GC); 12 GCs took 34 ms}. */
    String line() {
        return String.format(
                Locale.US,
                "peak heap used %.1f MiB of %.1f MiB (largest before a GC); %d GCs took %d ms",
                peakUsedMib,
                capMib,
                gcs,
                gcMillis);
    }
}
