package dev.cpbench.macro.metadata;

import dev.cpbench.macro.common.ErrorTally;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection running one request at a time: in a closed loop (the next request leaves when
 * the last answer has ended) or, with a rate, on its own schedule, one send every interval however late
 * the last answer was, its latency counted from the intended send time (coordinated omission corrected).
 * The connection is opened on first use and again after it closed, failed or timed out, or for every
 * request without keep-alive.
 * <p>Sends the same request bytes, encoded once, and reads the answer with a {@link ResponseParser}, as wrk
 * does, over a plain Vert.x {@link NetSocket}. Vert.x's HTTP client spends several times more CPU per
 * request, which on a machine shared with the target is CPU the target lacks: on 2 cores it reached two
 * thirds of wrk's throughput against the same target, this 90 to 100%. Lives on one event loop: every
 * method runs there, and every callback is a handler made once, so a request allocates next to nothing of
 * its own.
 */
final class ConnectionWorker {
    private final Context context;
    private final NetClient client;
    private final SocketAddress target;
    private final Buffer request;
    private final boolean keepAlive;
    private final int shard;
    private final int index;
    private final int connections;
    private final ResponseParser parser = new ResponseParser();

    private Phase phase;
    private Tally tally;
    private NetSocket socket;
    private Throwable socketError;
    private long nextIntended;
    /** Whether the next send is this connection's first of the phase, which no earlier answer can delay. */
    private boolean firstOfPhase;
    /** The current request: in flight, still connecting, timed out. */
    private boolean inFlight;

    private boolean connecting;
    private boolean timedOut;
    private long intended;
    private long started;
    private long connectNanos;
    private long requestStarted;
    private long firstByteAt;

    /* Every callback, made once. */
    private final Handler<AsyncResult<NetSocket>> onConnect = this::connected;
    private final Handler<Buffer> onData = this::received;
    private final Handler<Throwable> onSocketError = e -> socketError = e;
    private final Handler<Void> onNext = v -> next();
    private final Handler<AsyncResult<Void>> onSchedule = ar -> scheduled();

    /**
     * The {@code index}-th of {@code connections}, on the event loop of {@code context}, sending {@code request}
     * to {@code target} and recording into tally {@code shard}.
     */
    ConnectionWorker(
            Context context,
            NetClient client,
            SocketAddress target,
            Buffer request,
            boolean keepAlive,
            int shard,
            int index,
            int connections) {
        this.context = context;
        this.client = client;
        this.target = target;
        this.request = request;
        this.keepAlive = keepAlive;
        this.shard = shard;
        this.index = index;
        this.connections = connections;
    }

    /** Takes part in {@code p} until it has no requests left; on the event loop. */
    void begin(Phase p) {
        phase = p;
        tally = p.tally(shard);
        nextIntended = p.startNanos + p.intervalNanos * index / connections; // spread the connections over one interval
        firstOfPhase = true;
        next();
    }

    /**
     * Fails the current request as timed out if it started more than {@code timeoutNanos} before {@code now}.
     * One still connecting fails when the connect ends, which the connect timeout bounds.
     */
    void checkTimeout(long now, long timeoutNanos) {
        if (inFlight && !timedOut && now - started > timeoutNanos) {
            timedOut = true;
            if (!connecting) {
                fail(Failure.TIMEOUT, null);
            }
        }
    }

    private void next() {
        if (phase.intervalNanos == 0) {
            long now = System.nanoTime();
            if (phase.claim(shard, now)) {
                start(now, now);
            } else {
                endPhase();
            }
            return;
        }
        if (!phase.claim(shard, nextIntended)) {
            endPhase();
            return;
        }
        intended = nextIntended;
        nextIntended += phase.intervalNanos;
        boolean afterAnAnswer = !firstOfPhase;
        firstOfPhase = false;
        long now = System.nanoTime();
        if (intended > now) {
            context.owner().timer(intended - now, TimeUnit.NANOSECONDS).onComplete(onSchedule);
        } else {
            if (afterAnAnswer) {
                tally.lateSends++; // the last answer came after this send was due
            }
            start(intended, now);
        }
    }

    /** The timer of a scheduled send fired: sends, noting how late the timer was. */
    private void scheduled() {
        long now = System.nanoTime();
        tally.timerLag.recordValue(Tally.micros(now - intended));
        start(intended, now);
    }

    private void start(long intendedNanos, long now) {
        intended = intendedNanos;
        started = now;
        inFlight = true;
        timedOut = false;
        connectNanos = 0;
        if (socket == null) {
            connecting = true;
            client.connect(target).onComplete(onConnect);
        } else {
            send();
        }
    }

    private void connected(AsyncResult<NetSocket> ar) {
        connecting = false;
        if (ar.failed()) {
            fail(Failure.CONNECT, ar.cause());
            return;
        }
        NetSocket s = ar.result();
        socket = s;
        socketError = null;
        s.handler(onData).exceptionHandler(onSocketError).closeHandler(v -> closed(s));
        connectNanos = System.nanoTime() - started;
        if (timedOut) {
            fail(Failure.TIMEOUT, null);
        } else {
            send();
        }
    }

    private void send() {
        parser.reset(tally.serverSoftware == null);
        firstByteAt = 0;
        requestStarted = System.nanoTime();
        socket.write(request);
    }

    private void received(Buffer chunk) {
        if (!inFlight) {
            closeConnection(); // bytes nobody asked for: the connection is out of step
            return;
        }
        if (firstByteAt == 0) {
            firstByteAt = System.nanoTime();
        }
        try {
            if (parser.feed(chunk, 0) < chunk.length()) {
                throw new ResponseParser.MalformedResponseException("bytes after the end of the answer");
            }
        } catch (ResponseParser.MalformedResponseException e) {
            fail(Failure.EXCEPTION, e);
            return;
        }
        if (parser.complete()) {
            answered();
        }
    }

    /** The connection {@code s} closed: if it carried the current request, that answer ends here, whole or not. */
    private void closed(NetSocket s) {
        if (s != socket) {
            return; // one this worker closed itself
        }
        socket = null;
        if (!inFlight) {
            return;
        }
        if (parser.closed()) {
            answered();
        } else {
            fail(
                    Failure.EXCEPTION,
                    socketError != null
                            ? socketError
                            : new ResponseParser.MalformedResponseException(
                                    "the connection closed before the whole answer came"));
        }
    }

    private void answered() {
        inFlight = false;
        long end = System.nanoTime();
        tally.answered(
                connectNanos, end - requestStarted, firstByteAt - requestStarted, parser.bytes(), parser.bodyBytes());
        phase.latencies.record(shard, intended, end);
        if (tally.serverSoftware == null) {
            tally.serverSoftware = parser.server() == null ? "" : parser.server();
        }
        int status = parser.status();
        if (status < 200 || status > 299) {
            tally.failed(Failure.STATUS, "HTTP " + status);
            phase.failed.increment();
        }
        if (!keepAlive || !parser.keepAlive()) {
            closeConnection();
        }
        phase.finished.increment();
        next();
    }

    /**
     * Ends the current request as failed (as a timeout if it timed out) and drops its connection; the next
     * request starts from a fresh call stack, as a failure may come back synchronously.
     */
    private void fail(Failure kind, Throwable cause) {
        inFlight = false;
        if (timedOut) {
            tally.failed(Failure.TIMEOUT, "no complete answer within the timeout");
        } else {
            tally.failed(kind, ErrorTally.oneLine(cause));
        }
        closeConnection();
        phase.failed.increment();
        phase.finished.increment();
        context.runOnContext(onNext);
    }

    private void closeConnection() {
        NetSocket s = socket;
        socket = null;
        if (s != null) {
            s.close();
        }
    }

    private void endPhase() {
        Phase p = phase;
        phase = null;
        tally = null;
        p.connectionDone();
    }
}
