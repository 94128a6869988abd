package dev.cpbench.micro.kms;

import dev.cpbench.fixtures.envelope.KeyService;
import dev.cpbench.fixtures.kms.GrpcKeyService;
import dev.cpbench.fixtures.kms.KmsEndpoint;
import dev.cpbench.fixtures.kms.KmsPluginServer;
import dev.cpbench.fixtures.kms.PluginMetrics;
import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.transit.TransitClient;
import dev.cpbench.fixtures.transit.TransitOptions;
import dev.cpbench.fixtures.transit.TransitServer;
import dev.cpbench.micro.Cursor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * KMS v2 Decrypt as kube-apiserver calls it after a restart (gRPC over a Unix socket, 3 s deadline) into a
 * Transit-backed KMS plugin that sends each Decrypt to Transit on its own ({@code mode=DIRECT}) or coalesces
 * concurrent ones into one {@code batch_input} request ({@code mode=COALESCE}, window {@code windowMicros},
 * at most {@code maxBatch} items). {@code callers1/8/64} are 1, 8 and 64 concurrent callers; Transit answers
 * after {@code transitLatencyMicros}. Throughput and latency percentiles (SampleTime) per mode; the
 * {@code transitRequests}/{@code rpcs} counters give Transit requests per RPC. Setup, not timed, waits up to
 * {@link #SETUP_BUDGET} for the plugin to answer and then fails with one line naming the socket.
 *
 * <p>Targets: embedded mocks by default; {@code -p kmsSocket=unix:///path} for a real plugin (mode, window
 * and latency are then the plugin's own), or {@code -p transitUrl=http://host:8200} for a real OpenBao
 * (token from {@code CPBENCH_TRANSIT_TOKEN}, key {@code -p transitKey=...}).
 *
 * <p>Run: {@code ./jmh.sh DecryptFanoutBenchmark -p transitLatencyMicros=1000}
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecryptFanoutBenchmark {
    /** DEKs decrypted in turn; a power of two. */
    private static final int CORPUS = 64;

    private static final int MASK = CORPUS - 1;
    /**
     * How long setup waits for the KMS plugin (and, through its Status probe, Transit) to answer and to wrap the
     * corpus: a cold JVM on a busy machine missed the 3 s call timeout here.
     */
    static final Duration SETUP_BUDGET = Duration.ofSeconds(60);

    @Param({"DIRECT", "COALESCE"})
    TransitKeyService.Mode mode;

    @Param({"0", "1000", "5000"})
    int transitLatencyMicros;

    @Param({"500"})
    int windowMicros;

    @Param({"128"})
    int maxBatch;

    @Param({""})
    String kmsSocket;

    @Param({""})
    String transitUrl;

    @Param({"kek"})
    String transitKey;

    TransitServer transit;
    PluginMetrics pluginMetrics;
    TransitKeyService plugin;
    KmsPluginServer pluginServer;
    Path socketDir;
    GrpcKeyService client;
    KeyService.DecryptRequest[] requests;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        pluginMetrics = new PluginMetrics();
        if (kmsSocket.isEmpty()) {
            URI transitBase = transitUrl.isEmpty() ? startTransit() : URI.create(transitUrl);
            TransitClient transitClient = new TransitClient(
                    transitBase,
                    transitKey,
                    System.getenv("CPBENCH_TRANSIT_TOKEN"),
                    TransitKeyService.DEFAULT_TRANSIT_TIMEOUT);
            plugin = new TransitKeyService(
                    transitClient, transitKey, mode, Duration.ofNanos(windowMicros * 1000L), maxBatch, pluginMetrics);
            socketDir = Files.createTempDirectory("cpbench-kms");
            pluginServer = KmsPluginServer.start(KmsEndpoint.ofPath(socketDir.resolve("kms.sock")), plugin);
        }
        KmsEndpoint endpoint = pluginServer != null ? pluginServer.endpoint() : KmsEndpoint.parse(kmsSocket);
        // Setup is not timed: its calls get SETUP_BUDGET, not the 3 s kube-apiserver gives a call.
        try (GrpcKeyService setup = GrpcKeyService.connect(endpoint, SETUP_BUDGET)) {
            setup.awaitReady(SETUP_BUDGET);
            Random random = new Random(42);
            requests = new KeyService.DecryptRequest[CORPUS];
            for (int i = 0; i < CORPUS; i++) {
                byte[] dek = new byte[32];
                random.nextBytes(dek);
                KeyService.EncryptResponse wrapped = setup.encrypt("bench-" + i, dek);
                requests[i] =
                        new KeyService.DecryptRequest(wrapped.ciphertext(), wrapped.keyId(), wrapped.annotations());
            }
        }
        client = GrpcKeyService.connect(endpoint);
        client.awaitReady(SETUP_BUDGET); // connected before the first timed call
    }

    private URI startTransit() {
        transit = TransitServer.start(TransitOptions.builder()
                .latency(Duration.ofNanos(transitLatencyMicros * 1000L))
                .build());
        return transit.url();
    }

    @TearDown
    public void tearDown() throws IOException {
        client.close();
        if (pluginServer != null) {
            pluginServer.close();
            plugin.close();
            Files.deleteIfExists(socketDir);
        }
        if (transit != null) {
            transit.close();
        }
    }

    @Benchmark
    @Threads(1)
    public byte[] callers1(Cursor cursor, TransitCalls calls) {
        return decrypt(cursor, calls);
    }

    @Benchmark
    @Threads(8)
    public byte[] callers8(Cursor cursor, TransitCalls calls) {
        return decrypt(cursor, calls);
    }

    @Benchmark
    @Threads(64)
    public byte[] callers64(Cursor cursor, TransitCalls calls) {
        return decrypt(cursor, calls);
    }

    private byte[] decrypt(Cursor cursor, TransitCalls calls) {
        calls.rpcs++;
        return client.decrypt("bench", requests[cursor.next(MASK)]);
    }

    /**
     * RPCs made and Transit decrypt requests sent per iteration (embedded plugin only; 0 against a real
     * plugin socket). Each thread reports its share of the plugin's count, so the sums are the totals.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class TransitCalls {
        public long rpcs;
        public double transitRequests;
        private long startCount;

        @Setup(Level.Iteration)
        public void start(DecryptFanoutBenchmark bench) {
            rpcs = 0;
            transitRequests = 0;
            startCount = bench.pluginMetrics.transitDecryptRequests();
        }

        @TearDown(Level.Iteration)
        public void stop(DecryptFanoutBenchmark bench, ThreadParams threads) {
            transitRequests =
                    (double) (bench.pluginMetrics.transitDecryptRequests() - startCount) / threads.getThreadCount();
        }
    }
}
