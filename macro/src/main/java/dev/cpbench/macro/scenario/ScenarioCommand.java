package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.DurationConverter;
import dev.cpbench.macro.corpus.CorpusSeeder;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import dev.cpbench.macro.target.TargetOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
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
 * What every scenario does around its own work: open the target, make the corpus exist, keep a
 * {@link RunRecord}, and write the report at the end, after errors, and on Ctrl-C (with what there is).
 * Exit codes: 0 every expected read succeeded, 1 the run finished with errors or missing reads, 2 the
 * target or the options are unusable, 130 interrupted.
 */
public abstract class ScenarioCommand implements Callable<Integer> {
    static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targetOptions;

    @Mixin
    CorpusOptions corpusOptions;

    @Option(names = "--out", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--page-size", defaultValue = "500",
            description = "LIST page size (limit/continue; kubectl and client-go use 500); 0 = one unpaged request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--settle", defaultValue = "2s", converter = DurationConverter.class,
            description = "Pause after the action, before the post sample (default: ${DEFAULT-VALUE}).")
    Duration settle;

    final PrintStream console = System.err;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** The scenario's own phases, after the corpus is ready; sets the run's expected object reads. */
    abstract void execute(Target target, RunRecord run, int corpusObjects) throws Exception;

    /** Checks what can be checked before any work, e.g. a restart hook for a cold start on a cluster. */
    void preflight(Target target) {
    }

    @Override
    public Integer call() {
        if (pageSize < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--page-size must be 0 (unpaged) or more, got " + pageSize);
        }
        SecretCorpus corpus;
        try {
            corpus = corpusOptions.corpus();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Target target = targetOptions.open()) {
            console.println("target: " + target.description());
            preflight(target);
            RunRecord run = new RunRecord(spec.name(), out, options(), corpus, target);
            console.println("run directory: " + run.dir);
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> interrupted(run, main), "cpbench-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int present = prepareCorpus(target, run, corpus);
                execute(target, run, present);
                run.status = run.outcome();
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
                if (corpusOptions.cleanup && run.status != RunRecord.Status.INTERRUPTED) {
                    cleanup(target, run, corpus);
                }
                report(run);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and waits for this thread
                }
            }
            console.println(run.status + ": " + run.dir.resolve("summary.md"));
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

    private int prepareCorpus(Target target, RunRecord run, SecretCorpus corpus) throws Exception {
        CorpusSeeder seeder = new CorpusSeeder(corpus, target.endpoints(), console);
        CorpusSeeder.Outcome seeded = run.phase("seed", () -> seeder.prepare(corpusOptions.seedWorkers));
        run.facts.put("corpusFound", seeded.found());
        run.facts.put("corpusCreated", seeded.created());
        if (seeded.created() > 0) {
            run.facts.put("seedingPerSecond", Math.round(seeded.createsPerSecond()));
        }
        if (seeded.errors() > 0) {
            run.facts.put("seedingErrors", seeded.errorTally().byKind());
            run.note("seeding met " + seeded.errors() + " error(s): " + seeded.errorTally().firstMessages());
        }
        int present = seeded.errors() == 0 ? corpus.objects() : seeder.count();
        run.facts.put("corpusObjects", present);
        return present;
    }

    private void cleanup(Target target, RunRecord run, SecretCorpus corpus) {
        try {
            int left = run.phase("cleanup", () -> new CorpusSeeder(corpus, target.endpoints(), console).cleanup(CLEANUP_TIMEOUT));
            run.facts.put("cleanupLeft", left);
        } catch (Exception e) {
            run.note("cleanup failed: " + e.getMessage());
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
            ReportWriter writer = new ReportWriter(run);
            writer.warnings().stream().skip(run.scraper.warnings().size())
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
            return e.toString().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return value.toString();
    }

    /** Sleeps through the settle pause, if any. */
    void settle(RunRecord run) throws Exception {
        if (!settle.isZero()) {
            run.phase("settle", () -> {
                Thread.sleep(settle.toMillis());
                return null;
            });
        }
    }
}
