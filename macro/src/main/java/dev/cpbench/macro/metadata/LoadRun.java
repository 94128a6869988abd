package dev.cpbench.macro.metadata;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.ErrorTally;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the load: a Vert.x instance with one event loop per shard, each shard running its share of the
 * connections; an optional warmup phase, then the measured one; and once a second, the latency log's
 * interval and a progress line on stderr. Each connection is a TCP connection of its own (Vert.x's
 * {@link NetClient}, no pool), so there are exactly {@code connections} of them, each bound to its event loop.
 */
final class LoadRun implements AutoCloseable {
    private static final long TICK_MS = 1_000;
    private static final long CLOSE_TIMEOUT_S = 10;

    private final LoadOptions options;
    private final PrintWriter progress;
    private final Vertx vertx;
    private final NetClient client;
    private final SocketAddress target;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpbench-load-tick");
        t.setDaemon(true);
        return t;
    });
    private volatile Phase current;
    private volatile boolean stopped;
    /** The ticker's own: the phase and figures of its last tick. */
    private Phase tickPhase;

    private long tickFinished;
    private long tickNanos;

    private LoadRun(LoadOptions options, PrintWriter progress) {
        this.options = options;
        this.progress = progress;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()));
        this.client =
                vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, options.timeout().toMillis())));
        String host = options.target().getHost();
        this.target = SocketAddress.inetSocketAddress(
                options.target().getPort(),
                host.startsWith("[")
                        ? host.substring(1, host.length() - 1)
                        : host); // an IPv6 literal is bracketed in a URI
    }

    /**
     * Starts the client and checks that the target accepts a connection.
     *
     * @throws UnreachableTargetException if it does not, within the request timeout
     */
    static LoadRun open(LoadOptions options, PrintWriter progress)
            throws UnreachableTargetException, InterruptedException {
        LoadRun run = new LoadRun(options, progress);
        try {
            run.probe();
            run.deployShards();
        } catch (UnreachableTargetException | InterruptedException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /**
     * Runs the warmup, if any, then the measured phase, writing the latency log to {@code latencyLog}; returns
     * the measured phase's figures, partial if {@link #stop} was called.
     */
    LoadResult execute(Path latencyLog) throws IOException, InterruptedException {
        ticker.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        if (options.warmup() > 0) {
            run(Phase.warmup(options, shards.size()));
        }
        try (LatencyLog latencies = LatencyLog.writingTo(latencyLog, shards.size())) {
            Phase measured = Phase.measured(options, shards.size(), latencies);
            long end = run(measured);
            current = null;
            return new LoadResult(
                    options, measured.total(), latencies.total(), (end - measured.startNanos) / 1e9, stopped);
        }
    }

    /** Ctrl-C: sends no new requests; {@link #execute} returns once those in flight have ended. */
    void stop() {
        stopped = true;
        Phase p = current;
        if (p != null) {
            p.stop();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            progress.println("metadata-load: warning: Vert.x did not close cleanly: " + ErrorTally.oneLine(e));
        }
    }

    /** Opens and closes one connection, so an unreachable target is one clear error rather than n failures. */
    private void probe() throws UnreachableTargetException, InterruptedException {
        try {
            NetSocket socket = client.connect(target)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            socket.close();
        } catch (ExecutionException | TimeoutException e) {
            throw new UnreachableTargetException(
                    "cannot connect to " + options.target() + ": " + ErrorTally.oneLine(e));
        }
    }

    private void deployShards() throws InterruptedException {
        int count = Math.min(options.eventLoops(), options.connections());
        AtomicInteger next = new AtomicInteger();
        try {
            vertx.deployVerticle(
                            () -> {
                                Shard shard = new Shard(next.getAndIncrement(), count, options, client, target);
                                shards.add(shard);
                                return shard;
                            },
                            new DeploymentOptions().setInstances(count))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start the load generator's event loops", e.getCause());
        }
    }

    /** Runs {@code phase} on every shard and returns its end time. */
    private long run(Phase phase) throws InterruptedException {
        current = phase;
        if (stopped) {
            phase.stop();
        }
        shards.forEach(s -> s.begin(phase));
        try {
            return phase.ended().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Once a second: closes the latency log's interval, prints the progress line. */
    private void tick() {
        Phase p = current;
        if (p == null) {
            return;
        }
        if (p != tickPhase) {
            tickPhase = p;
            tickFinished = 0;
            tickNanos = p.startNanos;
        }
        p.latencies.tick();
        long now = System.nanoTime();
        long finished = p.finished.sum();
        double perSecond = (finished - tickFinished) / Math.max(1e-9, (now - tickNanos) / 1e9);
        tickFinished = finished;
        tickNanos = now;
        String done = p.requests != Long.MAX_VALUE
                ? String.format(Locale.US, "%,d of %,d requests", finished, p.requests)
                : String.format(
                        Locale.US,
                        "%,d requests in %.0f s of %s",
                        finished,
                        (now - p.startNanos) / 1e9,
                        DurationConverter.format(options.duration()));
        progress.printf(
                Locale.US, "metadata-load: %s %s, %,.0f req/s, %,d failed%n", p.name, done, perSecond, p.failed.sum());
    }
}
