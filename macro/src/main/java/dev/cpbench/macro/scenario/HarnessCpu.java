package dev.cpbench.macro.scenario;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The harness process's CPU time, and the part of it its JIT compiler threads took: with the embedded target the API
 * servers run in this JVM, and the compiler competes with them for the cores (a Go kube-apiserver compiles nothing
 * at run time). Linux: the compiler threads' {@code /proc/self/task/<tid>/schedstat}; elsewhere NaN.
 *
 * @param processSeconds CPU seconds of the whole process so far
 * @param jitSeconds CPU seconds of its live compiler threads so far (a thread that ended takes its share with it,
 *     so a difference is a floor)
 */
record HarnessCpu(double processSeconds, double jitSeconds) {
    private static final Path TASKS = Path.of("/proc/self/task");

    static HarnessCpu now() {
        double process = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
        return new HarnessCpu(process, compilerThreadsSeconds());
    }

    /** CPU seconds from {@code earlier} to this; NaN where unknown. */
    HarnessCpu since(HarnessCpu earlier) {
        return new HarnessCpu(processSeconds - earlier.processSeconds, Math.max(0, jitSeconds - earlier.jitSeconds));
    }

    private static double compilerThreadsSeconds() {
        if (!Files.isDirectory(TASKS)) {
            return Double.NaN;
        }
        long nanos = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its time is gone either way
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return nanos / 1e9;
    }
}
