package dev.cpbench.macro.scenario;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The harness process's CPU time, and how its threads shared it: with the embedded stand-in the API servers run in this
 * JVM, beside the client, the KMS plugin and the JVM's own JIT compiler and GC, which a Go kube-apiserver's machine
 * does not share (and a Go process compiles nothing at run time). Linux: each live thread's
 * {@code /proc/self/task/<tid>/schedstat}, grouped by the thread's name; elsewhere NaN.
 *
 * @param processSeconds CPU seconds of the whole process so far
 * @param threadSeconds CPU seconds so far of the live threads of each {@link #GROUPS group} (a thread that ended takes
 *     its share with it, so a difference is a floor; the process less the groups is {@code other})
 */
public record HarnessCpu(double processSeconds, Map<String, Double> threadSeconds) {
    /** Thread groups by the start of the thread's name as Linux keeps it (15 characters), in report order. */
    static final Map<String, List<String>> GROUPS = groups();

    static final String JIT = "jit";
    private static final Path TASKS = Path.of("/proc/self/task");

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("apiServers", List.of("cpbench-apiserv"));
        g.put("eventLoops", List.of("vert.x-eventloo"));
        g.put("listers", List.of("cpbench-list"));
        g.put("kms", List.of("kms-", "cpbench-transit"));
        g.put(JIT, List.of("C1 CompilerThre", "C2 CompilerThre"));
        g.put("gc", List.of("GC Thread", "G1 "));
        return g;
    }

    public static HarnessCpu now() {
        double process = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9
                : Double.NaN;
        return new HarnessCpu(process, threadGroupSeconds());
    }

    /** CPU seconds of the JIT compiler's threads; NaN where unknown. */
    public double jitSeconds() {
        return threadSeconds.getOrDefault(JIT, Double.NaN);
    }

    /** CPU seconds from {@code earlier} to this; each group's at least 0; NaN where unknown. */
    HarnessCpu since(HarnessCpu earlier) {
        Map<String, Double> threads = new LinkedHashMap<>();
        threadSeconds.forEach((group, s) ->
                threads.put(group, Math.max(0, s - earlier.threadSeconds.getOrDefault(group, Double.NaN))));
        return new HarnessCpu(processSeconds - earlier.processSeconds, threads);
    }

    /**
     * The groups' CPU seconds and {@code other}, the process's less theirs (threads of no group, and those that
     * ended); empty where the threads' CPU is unknown.
     */
    public Map<String, Double> breakdown() {
        if (threadSeconds.isEmpty() || Double.isNaN(processSeconds)) {
            return Map.of();
        }
        Map<String, Double> all = new LinkedHashMap<>(threadSeconds);
        all.put(
                "other",
                Math.max(
                        0,
                        processSeconds
                                - threadSeconds.values().stream()
                                        .mapToDouble(Double::doubleValue)
                                        .sum()));
        return all;
    }

    private static Map<String, Double> threadGroupSeconds() {
        if (!Files.isDirectory(TASKS)) {
            return Map.of();
        }
        Map<String, Long> nanos = new LinkedHashMap<>();
        GROUPS.keySet().forEach(g -> nanos.put(g, 0L));
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String group = group(Files.readString(task.resolve("comm")).strip());
                    if (group != null) {
                        nanos.merge(
                                group,
                                Long.parseLong(Files.readString(task.resolve("schedstat"))
                                        .split(" ")[0]),
                                Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its time is gone either way
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanos.forEach((g, n) -> seconds.put(g, n / 1e9));
        return seconds;
    }

    static String group(String threadName) {
        for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
            if (g.getValue().stream().anyMatch(threadName::startsWith)) {
                return g.getKey();
            }
        }
        return null;
    }
}
