package dev.cpbench.macro.scenario;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.InstantConverter;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.common.ResultsArchive;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import dev.cpbench.macro.target.TargetOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every scenario does around its own work: open the target, keep a {@link RunRecord}, and write the
 * report at the end, after errors, and on Ctrl-C (with what there is). A scenario adds its workload, its
 * verdict and its part of the report. Exit codes: 0 the scenario's verdict is OK, 1 the run finished with
 * errors or short of its work, 2 the target or the options are unusable, 130 interrupted.
 */
public abstract class ScenarioCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected TargetOptions targetOptions;

    @Option(
            names = "--out",
            defaultValue = "runs",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--shard",
            defaultValue = "0/1",
            converter = Partition.Converter.class,
            paramLabel = "I/N",
            description =
                    "Do shard I of N of the work (I from 0), for N processes sharing one cluster target; merge their "
                            + "run directories with ./macro.sh merge (default: ${DEFAULT-VALUE}, all of it).")
    protected Partition shard;

    @Option(
            names = "--start-at",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = "Start the scenario's action at this UTC time (e.g. 2026-11-23T10:00:00Z), so that shards "
                    + "started apart act together (default: at once).")
    protected Instant startAt;

    @Option(
            names = "--log-results",
            description = "At the end, print the run directory to stdout as a checksummed archive between "
                    + "-----BEGIN/END CPBENCH RESULTS----- lines, for merge --from-job (default: off).")
    boolean logResults;

    protected final PrintStream console = System.err;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** Checks the scenario's options; throws {@link CommandLine.ParameterException} via {@link #badOption}. */
    protected abstract void validate();

    /** The run directory's name after the scenario's, e.g. the corpus size or the tenant count. */
    protected abstract String runLabel();

    /** Checks what can be checked before any work, e.g. a restart hook for a cold start on a cluster. */
    protected void preflight(Target target) {}

    /** The scenario's phases; the run's phases, samples and latencies go to {@code run}. */
    protected abstract void execute(Target target, RunRecord run) throws Exception;

    /** After {@link #execute} ended, however it ended (not when interrupted): e.g. deleting what the run made. */
    protected void finish(Target target, RunRecord run) {}

    /** OK, or what went wrong, from what the scenario counted. */
    protected abstract RunRecord.Status outcome(RunRecord run);

    /** The scenario's part of run.json (its workload and what it counted). */
    protected abstract Map<String, Object> resultsJson(RunRecord run);

    /** The top of summary.md: its title line and the scenario's tables. */
    protected abstract String summaryHead(RunRecord run);

    /** A usage error naming the option and what is wrong with it. */
    protected final CommandLine.ParameterException badOption(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        String targetProblem = targetOptions.problem(spec.commandLine().getParseResult());
        if (targetProblem != null) {
            throw badOption(targetProblem);
        }
        validate();
        try (Target target = targetOptions.open()) {
            console.println("target: " + target.description());
            if (target.embedded() && !shard.isWhole()) {
                throw new TargetException("--shard " + shard + " needs a target the shards share (--target cluster): "
                        + "an embedded stand-in lives inside one process");
            }
            preflight(target);
            String label = runLabel() + (shard.isWhole() ? "" : "-shard" + shard.index() + "of" + shard.count());
            RunRecord run = new RunRecord(spec.name(), label, out, options(), target);
            console.println("run directory: " + run.dir);
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> interrupted(run, main), "cpbench-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                execute(target, run);
                run.status = outcome(run);
            } catch (InterruptedException e) {
                run.status = RunRecord.Status.INTERRUPTED;
            } catch (TargetException e) {
                run.status = RunRecord.Status.FAILED;
                run.note("stopped: " + e.getMessage());
                console.println("cpbench: " + e.getMessage());
            } catch (Exception e) {
                run.status = RunRecord.Status.FAILED;
                run.note("stopped by an unexpected error: " + e);
                console.println("cpbench: stopped by an unexpected error; the report holds what was done:");
                e.printStackTrace(console);
            } finally {
                if (run.status != RunRecord.Status.INTERRUPTED) {
                    finish(target, run);
                }
                report(run);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and waits for this thread
                }
            }
            console.println(run.status + ": " + run.dir.resolve("summary.md"));
            if (logResults) {
                try {
                    ResultsArchive.print(run.dir, shard, System.out);
                } catch (IOException e) {
                    console.println("cpbench: cannot print the results archive of " + run.dir + ": " + e.getMessage());
                }
            }
            return switch (run.status) {
                case OK -> 0;
                case INTERRUPTED -> 130;
                case FAILED -> 2;
                default -> 1;
            };
        } catch (TargetException e) {
            console.println("cpbench: " + e.getMessage());
            return 2;
        }
    }

    /** Ctrl-C: stop the run's threads and let the main thread write what it has (or write it here). */
    private void interrupted(RunRecord run, Thread main) {
        run.status = RunRecord.Status.INTERRUPTED;
        run.note("interrupted (Ctrl-C or SIGTERM): the report holds what was done until then");
        main.interrupt();
        try {
            main.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report(run);
    }

    private void report(RunRecord run) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        run.latencies.close();
        try {
            ReportWriter writer = new ReportWriter(run, this);
            writer.warnings().stream()
                    .skip(run.scraper.warnings().size())
                    .forEach(w -> console.println("cpbench: warning: " + w));
            writer.write();
        } catch (IOException e) {
            console.println("cpbench: cannot write the report in " + run.dir + ": " + e.getMessage());
        }
    }

    /** Every option with the value it had (defaults included), for run.json. */
    private Map<String, Object> options() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            values.put(o.longestName().replaceFirst("^--", ""), plain(o.getValue()));
        }
        return values;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Duration d) {
            return DurationConverter.format(d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ScenarioCommand::plain).toList();
        }
        if (value instanceof Enum<?> e) {
            return e.toString().toLowerCase(Locale.US).replace('_', '-');
        }
        return value.toString();
    }

    /** Waits until {@code --start-at}, if given, as phase "wait-start"; a start already past is noted. */
    protected void awaitStartAt(RunRecord run) throws Exception {
        if (startAt == null) {
            return;
        }
        long wait = Duration.between(Instant.now(), startAt).toMillis();
        if (wait <= 0) {
            run.note("--start-at " + startAt + " had passed " + (-wait) + " ms before the action could start");
            return;
        }
        console.println("waiting for --start-at " + startAt + " (" + wait / 1000 + " s)");
        run.phase("wait-start", () -> {
            Thread.sleep(wait);
            return null;
        });
    }

    /** Sleeps through {@code pause} as phase {@code name}, if it is not zero. */
    protected static void pause(RunRecord run, String name, Duration pause) throws Exception {
        if (!pause.isZero()) {
            run.phase(name, () -> {
                Thread.sleep(pause.toMillis());
                return null;
            });
        }
    }
}
