package dev.cpbench.macro.metadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One stretch of load that every connection takes part in: a number of requests, shared out between the
 * event loops (shards) and, within one, taken by whichever connection is free; or a deadline. Either in a
 * closed loop or, with a rate, each connection on its own schedule. Ends when every connection has finished
 * its last request.
 */
final class Phase {
    final String name;
    final long startNanos;
    /** Time between two sends of one connection; 0 for a closed loop. */
    final long intervalNanos;
    /** Requests to send, or {@code Long.MAX_VALUE} to run until the deadline. */
    final long requests;

    final LatencyLog latencies;
    /** Requests ended so far, and those of them that failed: for the progress line. */
    final LongAdder finished = new LongAdder();

    final LongAdder failed = new LongAdder();
    private final Tally[] tallies;
    /** Requests each shard may still send: its share of {@link #requests}, touched only by its event loop. */
    private final long[] permits;

    private final long deadlineNanos;
    private final AtomicInteger running;
    private final CompletableFuture<Long> ended = new CompletableFuture<>();
    private volatile boolean stopped;

    private Phase(
            String name,
            long requests,
            long deadlineNanos,
            long intervalNanos,
            int connections,
            int shards,
            LatencyLog latencies) {
        this.name = name;
        this.startNanos = System.nanoTime();
        this.requests = requests;
        this.permits = new long[shards];
        for (int i = 0; i < shards; i++) {
            permits[i] =
                    requests == Long.MAX_VALUE ? Long.MAX_VALUE : requests / shards + (i < requests % shards ? 1 : 0);
        }
        this.deadlineNanos = deadlineNanos;
        this.intervalNanos = intervalNanos;
        this.running = new AtomicInteger(connections);
        this.latencies = latencies;
        this.tallies = new Tally[shards];
        for (int i = 0; i < shards; i++) {
            tallies[i] = new Tally();
        }
    }

    /** The warmup: {@code options.warmup()} requests in a closed loop, their latencies kept nowhere. */
    static Phase warmup(LoadOptions options, int shards) {
        return new Phase(
                "warmup",
                options.warmup(),
                Long.MAX_VALUE,
                0,
                options.connections(),
                shards,
                LatencyLog.unwritten(shards));
    }

    /** The measured phase: {@code -n} requests or {@code --duration} from now, at the rate if any, into {@code latencies}. */
    static Phase measured(LoadOptions options, int shards, LatencyLog latencies) {
        long requests = options.duration() == null ? options.requests() : Long.MAX_VALUE;
        long deadline = options.duration() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + options.duration().toNanos();
        return new Phase(
                "measured", requests, deadline, options.intervalNanos(), options.connections(), shards, latencies);
    }

    Tally tally(int shard) {
        return tallies[shard];
    }

    /**
     * Takes one of {@code shard}'s requests, to send at {@code atNanos}, or returns false when it has none left;
     * only from that shard's event loop.
     */
    boolean claim(int shard, long atNanos) {
        if (stopped || atNanos >= deadlineNanos || permits[shard] == 0) {
            return false;
        }
        permits[shard]--;
        return true;
    }

    /** Ctrl-C: no new requests; those in flight still finish. */
    void stop() {
        stopped = true;
    }

    /** A connection finished its last request of the phase. */
    void connectionDone() {
        if (running.decrementAndGet() == 0) {
            ended.complete(System.nanoTime());
        }
    }

    /** Completes with the end time ({@link System#nanoTime}) once every connection is done. */
    CompletableFuture<Long> ended() {
        return ended;
    }

    /** The event loops' tallies added up; call once the phase has ended. */
    Tally total() {
        Tally sum = new Tally();
        for (Tally t : tallies) {
            sum.add(t);
        }
        return sum;
    }
}
