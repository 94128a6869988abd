package dev.cpbench.macro.metadata;

import dev.cpbench.macro.latency.IntervalLog;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What the connections of one event loop saw during one phase: counts, sizes and the per-request times of
 * ab's "Connection Times" table, in microseconds. Written only from its event loop, so nothing is shared
 * or locked while requests run; read once the phase has ended, or merged with {@link #add}.
 */
final class Tally {
    final Histogram connect = histogram();
    final Histogram processing = histogram();
    final Histogram waiting = histogram();
    /** Rate mode: how late the timer of each scheduled send fired, the generator's own lateness. */
    final Histogram timerLag = histogram();

    final long[] failures = new long[Failure.values().length];
    final String[] firstErrors = new String[Failure.values().length];
    long answered;
    /** Rate mode: sends that left after their time because the connection still awaited the last answer. */
    long lateSends;
    /** Bytes of the answers as received: status lines, headers and bodies. */
    long bytesRead;

    long bodyBytes;
    long minDocument = Long.MAX_VALUE;
    long maxDocument = -1;
    String serverSoftware;

    /**
     * An answered request, whatever its status (a non-2xx one is also {@link #failed}): its times in nanoseconds
     * (opening its connection, 0 if reused; from sending it to the answer's last byte, and to its first byte)
     * and the answer's length in bytes, whole and body.
     */
    void answered(long connectNanos, long processingNanos, long waitingNanos, long answerLength, long bodyLength) {
        answered++;
        bytesRead += answerLength;
        connect.recordValue(micros(connectNanos));
        processing.recordValue(micros(processingNanos));
        waiting.recordValue(micros(waitingNanos));
        bodyBytes += bodyLength;
        minDocument = Math.min(minDocument, bodyLength);
        maxDocument = Math.max(maxDocument, bodyLength);
    }

    void failed(Failure kind, String message) {
        failures[kind.ordinal()]++;
        if (firstErrors[kind.ordinal()] == null) {
            firstErrors[kind.ordinal()] = message;
        }
    }

    long failed() {
        long sum = 0;
        for (long f : failures) {
            sum += f;
        }
        return sum;
    }

    /** Adds {@code other} into this one. */
    void add(Tally other) {
        connect.add(other.connect);
        processing.add(other.processing);
        waiting.add(other.waiting);
        timerLag.add(other.timerLag);
        for (int i = 0; i < failures.length; i++) {
            failures[i] += other.failures[i];
            if (firstErrors[i] == null) {
                firstErrors[i] = other.firstErrors[i];
            }
        }
        answered += other.answered;
        lateSends += other.lateSends;
        bytesRead += other.bytesRead;
        bodyBytes += other.bodyBytes;
        minDocument = Math.min(minDocument, other.minDocument);
        maxDocument = Math.max(maxDocument, other.maxDocument);
        if (serverSoftware == null) {
            serverSoftware = other.serverSoftware;
        }
    }

    static Histogram histogram() {
        return new Histogram(IntervalLog.SIGNIFICANT_DIGITS);
    }

    static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }
}
