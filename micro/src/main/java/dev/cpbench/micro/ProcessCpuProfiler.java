package dev.cpbench.micro;

import dev.cpbench.jmhresults.JmhResult;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * The benchmark JVM's CPU time per operation, {@code cpu.time.norm} in ns/op, as {@code -prof gc} gives
 * {@code gc.alloc.rate.norm}: the process's CPU time over an iteration (every thread: the benchmark's, and the
 * threads it hands work to, such as an embedded API server's and an HTTP client's event loops; GC and JIT too)
 * divided by the operations of the iteration. Where an operation's work runs on several threads at once, its time
 * per operation is less than this: {@code ./macro.sh correlate} needs the CPU, as a cold start's list phase has no
 * idle core to hide work on. Every {@code ./jmh.sh} preset adds it ({@code -prof dev.cpbench.micro.ProcessCpuProfiler}).
 *
 * <p>A fork's first iteration gives no figure when it is a measurement (no warm-up, {@code -wi 0}): JMH starts the
 * profilers before the workers, and a worker runs the trial's {@code @Setup} inside its first call, so that window
 * holds the setup, class loading and the first compilations too (with {@code -wi 0}, 2 to 400 times the wall time
 * per operation on 2 cores, where a figure after a warm-up iteration is at most 3.8 times it).
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;
    /** JMH makes a profiler per benchmark trial (its fork's {@code BenchmarkHandler}). */
    private boolean trialUnderWay;

    @Override
    public String getDescription() {
        return "the benchmark JVM's CPU time (all threads) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long endNanos = os.getProcessCpuTime();
        boolean holdsSetup = !trialUnderWay;
        trialUnderWay = true;
        if (holdsSetup && iterationParams.getType() == IterationType.MEASUREMENT) {
            return List.of();
        }
        long ops = result.getMetadata().getAllOps();
        if (ops == 0 || startNanos < 0 || endNanos < 0) { // -1: the JVM cannot tell its CPU time
            return List.of();
        }
        return List.of(new ScalarResult(
                JmhResult.CPU_NORM, (double) (endNanos - startNanos) / ops, "ns/op", AggregationPolicy.AVG));
    }
}
