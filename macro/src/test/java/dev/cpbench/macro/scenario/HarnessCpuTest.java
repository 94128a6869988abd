package dev.cpbench.macro.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A phase's CPU is split by the threads that spent it: a lister thread's 200 ms of CPU time lands in {@code listers}
 * (Linux's per-thread counters, so no wall clock is involved), and the process less the groups is {@code other}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HarnessCpuTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    @Test
    void aListersCpuIsCountedAsTheListersAndTheRestAsOther() throws InterruptedException {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task")))
                .as("Linux's per-thread counters")
                .isTrue();
        CountDownLatch spent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HarnessCpu before = HarnessCpu.now();
        Thread lister = new Thread(
                () -> {
                    long start = THREADS.getCurrentThreadCpuTime();
                    while (THREADS.getCurrentThreadCpuTime() - start < 200_000_000L) {
                        sink += System.identityHashCode(new Object());
                    }
                    spent.countDown();
                    awaitQuietly(release);
                },
                "cpbench-list");
        lister.start();
        spent.await();
        HarnessCpu during = HarnessCpu.now().since(before);
        release.countDown();
        lister.join();

        Map<String, Double> split = during.breakdown();
        assertThat(split).containsKeys("apiServers", "eventLoops", "listers", "kms", "jit", "gc", "other");
        assertThat(split.get("listers")).isGreaterThanOrEqualTo(0.19);
        assertThat(split.get("other")).isGreaterThanOrEqualTo(0);
        assertThat(during.processSeconds()).isGreaterThanOrEqualTo(split.get("listers"));
        assertThat(HarnessCpu.group("C2 CompilerThre")).isEqualTo("jit");
        assertThat(HarnessCpu.group("vert.x-eventloo")).isEqualTo("eventLoops");
        assertThat(HarnessCpu.group("main")).isNull();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
