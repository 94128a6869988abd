package dev.cpbench.macro.metadata;

import org.HdrHistogram.Histogram;

/**
 * The measured phase of a run: what the connections tallied, the latency of every answer from its intended
 * send time and how long it took; and the figures ab derives from them.
 *
 * @param seconds from the phase's start to the end of its last request
 */
record LoadResult(LoadOptions options, Tally tally, Histogram latency, double seconds, boolean interrupted) {
    /** Requests that ended, answered or failed. */
    long complete() {
        return tally.answered + failures(Failure.CONNECT) + failures(Failure.TIMEOUT) + failures(Failure.EXCEPTION);
    }

    long failed() {
        return tally.failed();
    }

    long failures(Failure kind) {
        return tally.failures[kind.ordinal()];
    }

    double requestsPerSecond() {
        return seconds > 0 ? complete() / seconds : 0;
    }

    /** ab's "Time per request (mean)": how long one connection waited per request, in ms. */
    double msPerRequest() {
        return complete() > 0 ? options.connections() * seconds * 1_000 / complete() : 0;
    }

    /** ab's "Time per request (mean, across all concurrent requests)", in ms. */
    double msPerRequestAcrossConnections() {
        return complete() > 0 ? seconds * 1_000 / complete() : 0;
    }

    double kilobytesPerSecond() {
        return seconds > 0 ? tally.bytesRead / 1024.0 / seconds : 0;
    }
}
