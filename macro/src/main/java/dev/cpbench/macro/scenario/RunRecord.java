package dev.cpbench.macro.scenario;

import dev.cpbench.macro.common.RunDirectory;
import dev.cpbench.macro.latency.OperationLatencies;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.metrics.Scraper;
import dev.cpbench.macro.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Everything one run observed, in the order it happened: options, target, timed phases, samples, latencies,
 * facts and notes. What a scenario counts on top of that (objects read, tenants made) it keeps itself;
 * {@link ReportWriter} turns both into the run directory's files, at the end or, on Ctrl-C, with what there is.
 */
public final class RunRecord {
    /** How a run ended. */
    public enum Status {
        RUNNING,
        OK,
        ERRORS,
        INCOMPLETE,
        INTERRUPTED,
        FAILED
    }

    /**
     * One timed step of a run, with the harness process's CPU in it and how its threads shared it (the embedded API
     * servers run in the harness; NaN where the platform does not say).
     */
    public record Phase(String name, Instant start, Instant end, HarnessCpu cpu) {
        public double harnessCpuSeconds() {
            return cpu.processSeconds();
        }

        public double jitCpuSeconds() {
            return cpu.jitSeconds();
        }

        public double seconds() {
            return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
        }
    }

    public static final String BASELINE = "baseline";
    public static final String POST = "post";

    final String scenario;
    final Path dir;
    final Instant started = Instant.now();
    final Map<String, Object> options;
    final Target target;
    final Scraper scraper;
    /** Latency per operation and endpoint, from intended start times. */
    public final OperationLatencies latencies;

    final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
    final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    /** Named figures for run.json and the summary's Facts. */
    public final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());

    final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    volatile Status status = Status.RUNNING;

    /** A run of {@code scenario} in {@code out/<scenario>-<label>-<UTC>/}. */
    RunRecord(String scenario, String label, Path out, Map<String, Object> options, Target target) {
        this.scenario = scenario;
        try {
            this.dir = RunDirectory.create(out, scenario + "-" + label, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory in " + out, e);
        }
        this.options = options;
        this.target = target;
        this.scraper = new Scraper(target.scrapeSources(), target.fetcher(), dir);
        this.latencies = new OperationLatencies(dir);
    }

    public Path dir() {
        return dir;
    }

    public Target target() {
        return target;
    }

    public Status status() {
        return status;
    }

    /** The run's target, with a banner when figures come from the embedded stand-in. */
    public String targetBanner() {
        if (target.embedded()) {
            return "> **Figures from the embedded stand-in, not a real cluster.** " + target.description()
                    + ". Process figures (CPU, RSS, heap, threads) are the harness JVM's.\n\n";
        }
        return "Target: " + target.description() + ".\n\n";
    }

    /** Runs {@code work} as a named, timed phase. */
    public <T> T phase(String name, Callable<T> work) throws Exception {
        Instant start = Instant.now();
        HarnessCpu cpuAtStart = HarnessCpu.now();
        try {
            return work.call();
        } finally {
            HarnessCpu cpu = HarnessCpu.now().since(cpuAtStart);
            phases.add(new Phase(name, start, Instant.now(), cpu));
        }
    }

    /** The phases so far, in the order they ended. */
    public List<Phase> phases() {
        synchronized (phases) {
            return List.copyOf(phases);
        }
    }

    /** Samples every source as phase {@code name}. */
    public Sample sample(String name) throws Exception {
        return phase(name + "-sample", () -> {
            Sample s = scraper.sample(name);
            samples.add(s);
            return s;
        });
    }

    /** The samples so far, in the order they were taken. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public Optional<Sample> sampleNamed(String name) {
        return samples().stream().filter(s -> s.phase().equals(name)).findFirst();
    }

    /** Growth of every figure from the baseline sample to the post sample; empty until both are taken. */
    public Optional<Map<String, Double>> deltas() {
        Optional<Sample> before = sampleNamed(BASELINE);
        Optional<Sample> after = sampleNamed(POST);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Evidence.deltas(before.get(), after.get(), target.sharedProcess()));
    }

    /** What {@link #deltas()} rests on: restarts between the two samples, counters that fell with no start time to say why. */
    public List<String> deltaNotes() {
        Optional<Sample> before = sampleNamed(BASELINE);
        Optional<Sample> after = sampleNamed(POST);
        return before.isEmpty() || after.isEmpty()
                ? List.of()
                : Evidence.deltaNotes(before.get(), after.get(), target.sharedProcess());
    }

    public void note(String note) {
        notes.add(note);
    }
}
