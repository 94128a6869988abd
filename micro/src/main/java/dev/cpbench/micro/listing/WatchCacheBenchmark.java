package dev.cpbench.micro.listing;

import dev.cpbench.fixtures.cluster.ApiServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The watch-cache refill of one API server after a restart, the "ready" phase of a cold start: the store's
 * snapshot read, each Secret's envelope decrypt through the new transformer (its DEK cache empty: one KMS Decrypt
 * per DEK source, to the in-process KMS) and its decode into the cache's object, until the server is ready. One
 * operation refills {@code objects} Secrets ({@code ./macro.sh correlate} divides by it). No request is served
 * meanwhile; the fill runs on one thread, as {@code WatchCache.fill} does.
 *
 * <p>The trial starts a {@link SeededCluster}. Run: {@code ./jmh.sh WatchCacheBenchmark -p objects=10000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WatchCacheBenchmark {
    /** Far above a refill's time, so only a stuck fill ends the run. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    @Param({"1000", "10000"})
    int objects;

    @Param({"1024"})
    int payloadBytes;

    SeededCluster seeded;
    ApiServer server;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        seeded = SeededCluster.start(objects, payloadBytes);
        server = seeded.cluster.apiServers().get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (seeded != null) {
            seeded.close();
        }
    }

    /** Restarts the API server and waits until its watch cache holds the corpus again. */
    @Benchmark
    public void refill() {
        server.restart();
        server.awaitReady(READY_TIMEOUT);
    }
}
