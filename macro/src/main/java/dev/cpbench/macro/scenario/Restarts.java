package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.Deadline;
import dev.cpbench.macro.metrics.PrometheusText;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.Scrape;
import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * How a shard that does not restart the API servers itself sees that they restarted: each one's
 * {@code process_start_time_seconds} is later than in the baseline sample, or, for a shard that took its
 * baseline late (a busy machine, shard 0 already restarting), not earlier than the common {@code --start-at}.
 */
final class Restarts {
    private static final long POLL_MS = 200;

    private Restarts() {}

    static void await(Target target, Sample baseline, Instant startAt, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.in(timeout);
        for (Scrape before : baseline.scrapes()) {
            ScrapeSource source = before.source();
            if (source.kind() != ScrapeSource.Kind.APISERVER || before.text() == null) {
                continue;
            }
            OptionalDouble started = before.startTime();
            if (started.isEmpty()) {
                throw new TargetException(source.name() + " serves no " + Scrape.START_TIME
                        + ": a shard other than 0 cannot tell when it restarted");
            }
            double since = startAt == null
                    ? started.getAsDouble()
                    : Math.min(started.getAsDouble(), startAt.toEpochMilli() / 1000.0 - 1e-3);
            while (!restartedSince(target, source, since)) {
                deadline.pauseOrGiveUp(
                        POLL_MS,
                        () -> new TargetException(source.name() + " did not restart within " + timeout.toSeconds()
                                + " s (waiting for shard 0's restart)"));
            }
        }
    }

    private static boolean restartedSince(Target target, ScrapeSource source, double startedBefore)
            throws InterruptedException {
        try {
            OptionalDouble now = PrometheusText.parse(
                            target.fetcher().fetch(source), source.url().toString())
                    .sum(Scrape.START_TIME);
            return now.isPresent() && now.getAsDouble() > startedBefore;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception unreachable) {
            return false; // down while it restarts
        }
    }
}
