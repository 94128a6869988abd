package dev.cpbench.macro.metadata;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the connections: connections {@code index}, {@code index + shards}, ... of
 * all of them. A verticle, deployed once per event loop, so that each shard has an event loop of its own
 * and every callback of its connections runs on it. Sweeps its connections for timeouts a few times per
 * timeout, cheaper than a timer per request.
 */
final class Shard extends VerticleBase {
    private static final long MIN_SWEEP_MS = 10;
    private static final long MAX_SWEEP_MS = 100;

    private final int index;
    private final int shards;
    private final LoadOptions options;
    private final NetClient client;
    private final SocketAddress target;
    private final List<ConnectionWorker> workers = new ArrayList<>();

    Shard(int index, int shards, LoadOptions options, NetClient client, SocketAddress target) {
        this.index = index;
        this.shards = shards;
        this.options = options;
        this.client = client;
        this.target = target;
    }

    @Override
    public Future<?> start() {
        Buffer request = Buffer.buffer(options.requestHead());
        for (int i = index; i < options.connections(); i += shards) {
            workers.add(new ConnectionWorker(
                    context, client, target, request, options.keepAlive(), index, i, options.connections()));
        }
        long timeoutNanos = options.timeout().toNanos();
        long sweepMs = Math.max(MIN_SWEEP_MS, Math.min(MAX_SWEEP_MS, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10));
        vertx.setPeriodic(sweepMs, id -> {
            long now = System.nanoTime();
            workers.forEach(w -> w.checkTimeout(now, timeoutNanos));
        });
        return Future.succeededFuture();
    }

    /** Starts {@code phase} on each connection of this shard. */
    void begin(Phase phase) {
        context.runOnContext(v -> workers.forEach(w -> w.begin(phase)));
    }
}
