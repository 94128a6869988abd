package dev.cpbench.macro.tenants;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.scenario.RunRecord;
import dev.cpbench.macro.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * After the bootstrap: pre-warm objects in the hot tenants, then open-model CRUD on them ({@link MixedLoad}) for
 * {@code --load-duration}, and a post-load sample. Sizing reads its steady figures from the load window.
 */
abstract class MixedLoadCommand extends TenantScenarioCommand {
    static final String LOAD_START = "load-start";
    static final String POST_LOAD = "post-load";

    @Option(
            names = "--write-rps-per-tenant",
            defaultValue = "5",
            description = "Writes (GET + UPDATE) per second per hot tenant (default: ${DEFAULT-VALUE}).")
    double writeRps;

    @Option(
            names = "--read-rps-per-tenant",
            defaultValue = "20",
            description = "Reads (GET) per second per hot tenant (default: ${DEFAULT-VALUE}).")
    double readRps;

    @Option(
            names = "--load-duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the load runs (default: ${DEFAULT-VALUE}).")
    Duration loadDuration;

    @Option(
            names = "--object-bytes",
            defaultValue = "1024",
            description = "Payload of each object the load reads and writes (default: ${DEFAULT-VALUE}).")
    int objectBytes;

    @Option(
            names = "--prewarm-objects",
            defaultValue = "10",
            description =
                    "Objects created in each hot tenant before the load, which it reads and writes in turn (default: ${DEFAULT-VALUE}).")
    int prewarmObjects;

    @Option(
            names = "--max-in-flight",
            defaultValue = "4096",
            description =
                    "Operations awaiting an answer at most; beyond it sends wait, and send-lag shows it (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--load-start-offset",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "With --start-at: the load's schedule starts this long after it, the same for every shard "
                    + "(must leave time for the bootstrap, settle and pre-warm) (default: ${DEFAULT-VALUE}).")
    Duration loadStartOffset;

    private MixedLoad.Rates rates;

    /** Percent of the tenants that get load. */
    abstract double hotPercent();

    @Override
    protected void validate() {
        super.validate();
        if (!(writeRps >= 0) || !(readRps >= 0) || writeRps + readRps <= 0) {
            throw badOption("--write-rps-per-tenant and --read-rps-per-tenant must be 0 or more and not both 0, got "
                    + writeRps + " and " + readRps);
        }
        if (loadDuration.isZero() || loadDuration.isNegative()) {
            throw badOption("--load-duration must be positive, got " + DurationConverter.format(loadDuration));
        }
        if (objectBytes < 1 || prewarmObjects < 1 || maxInFlight < 1) {
            throw badOption("--object-bytes, --prewarm-objects and --max-in-flight must be at least 1, got "
                    + objectBytes + ", " + prewarmObjects + " and " + maxInFlight);
        }
        if (!(hotPercent() > 0 && hotPercent() <= 100)) {
            throw badOption("--hot-percent must be above 0 and at most 100, got " + hotPercent());
        }
    }

    @Override
    void afterBootstrap(Target target, RunRecord run) throws Exception {
        int hotCount = Math.max(1, (int) Math.ceil(tenants.size() * hotPercent() / 100.0));
        MixedLoad load = new MixedLoad(
                tenants.subList(0, hotCount),
                shard,
                writeRps,
                readRps,
                prewarmObjects,
                objectBytes,
                run.latencies,
                tally,
                targetOptions.requestTimeout);
        run.facts.put("hotTenants", hotCount);
        run.phase("prewarm", () -> {
            load.prewarm(tenantOptions.workers, console);
            return null;
        });
        run.sample(LOAD_START);
        console.printf(
                Locale.US,
                "load: %d hot tenant(s) × (%s writes/s + %s reads/s) for %s%n",
                hotCount,
                writeRps,
                readRps,
                DurationConverter.format(loadDuration));
        Instant scheduleStart = startAt == null ? null : startAt.plus(loadStartOffset);
        rates = run.phase("load", () -> load.run(loadDuration, scheduleStart, maxInFlight));
        profiledSample(target, run, POST_LOAD);
    }

    @Override
    String steadyFrom() {
        return LOAD_START;
    }

    @Override
    String steadyTo() {
        return POST_LOAD;
    }

    @Override
    MixedLoad.Rates rates() {
        return rates;
    }
}
