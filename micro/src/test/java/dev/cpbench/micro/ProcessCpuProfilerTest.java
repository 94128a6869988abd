package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.jmhresults.JmhResult;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A fork's first iteration holds the trial's setup (JMH starts the profilers before the workers, which run
 * {@code @Setup(Level.Trial)} in their first call): the profiler gives it no figure when it is measured.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessCpuProfilerTest {
    private static final IterationParams WARMUP =
            new IterationParams(IterationType.WARMUP, 1, TimeValue.milliseconds(100), 1);
    private static final IterationParams MEASUREMENT =
            new IterationParams(IterationType.MEASUREMENT, 2, TimeValue.milliseconds(100), 1);

    @Test
    void aWarmUpIterationTakesTheSetupAndEveryMeasurementGivesAFigure() {
        ProcessCpuProfiler profiler = new ProcessCpuProfiler();

        assertThat(iteration(profiler, WARMUP)).singleElement().satisfies(ProcessCpuProfilerTest::isCpuPerOp);
        assertThat(iteration(profiler, MEASUREMENT)).singleElement().satisfies(ProcessCpuProfilerTest::isCpuPerOp);
        assertThat(iteration(profiler, MEASUREMENT)).singleElement().satisfies(ProcessCpuProfilerTest::isCpuPerOp);
    }

    @Test
    void withoutWarmUpTheFirstMeasurementGivesNoFigureAndTheNextDoes() {
        ProcessCpuProfiler profiler = new ProcessCpuProfiler();

        assertThat(iteration(profiler, MEASUREMENT)).isEmpty();
        assertThat(iteration(profiler, MEASUREMENT)).singleElement().satisfies(ProcessCpuProfilerTest::isCpuPerOp);
    }

    private static Collection<? extends Result<?>> iteration(ProcessCpuProfiler profiler, IterationParams params) {
        profiler.beforeIteration(null, params);
        burn();
        return profiler.afterIteration(
                null, params, new IterationResult(null, params, new IterationResultMetaData(1000, 1000)));
    }

    /** Some CPU in the window, so the figure is positive on any clock granularity. */
    private static void burn() {
        long x = 0;
        for (int i = 0; i < 50_000_000; i++) {
            x += i * 31L ^ x;
        }
        assertThat(x).isNotZero();
    }

    private static void isCpuPerOp(Result<?> r) {
        assertThat(r.getLabel()).isEqualTo(JmhResult.CPU_NORM);
        assertThat(r.getScoreUnit()).isEqualTo("ns/op");
        assertThat(r.getScore()).isPositive();
    }
}
