package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.RunDirectory;
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
 * Everything one run observed, in the order it happened: options, target, corpus, timed phases, samples,
 * per-endpoint tallies, latencies and notes. {@link ReportWriter} turns it into the run directory's files,
 * at the end or, on Ctrl-C, with what there is.
 */
final class RunRecord {
    /** How a run ended. */
    enum Status { RUNNING, OK, ERRORS, INCOMPLETE, INTERRUPTED, FAILED }

    record Phase(String name, Instant start, Instant end) {
        double seconds() {
            return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
        }
    }

    static final String BASELINE = "baseline";
    static final String POST = "post";

    final String scenario;
    final Path dir;
    final Instant started = Instant.now();
    final Map<String, Object> options;
    final SecretCorpus corpus;
    final Target target;
    final Scraper scraper;
    final OperationLatencies latencies;
    final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
    final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    final Map<String, EndpointTally> endpoints = new LinkedHashMap<>();
    final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    volatile Status status = Status.RUNNING;
    volatile long expectedObjectReads;

    RunRecord(String scenario, Path out, Map<String, Object> options, SecretCorpus corpus, Target target) {
        this.scenario = scenario;
        try {
            this.dir = RunDirectory.create(out, scenario + "-" + corpus.objects(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory in " + out, e);
        }
        this.options = options;
        this.corpus = corpus;
        this.target = target;
        this.scraper = new Scraper(target.scrapeSources(), target.fetcher(), dir);
        this.latencies = new OperationLatencies(dir);
        target.endpoints().forEach(e -> endpoints.put(e.name(), new EndpointTally(e.name())));
    }

    /** Runs {@code work} as a named, timed phase. */
    <T> T phase(String name, Callable<T> work) throws Exception {
        Instant start = Instant.now();
        try {
            return work.call();
        } finally {
            phases.add(new Phase(name, start, Instant.now()));
        }
    }

    /** Samples every source as phase {@code name}. */
    Sample sample(String name) throws Exception {
        return phase(name + "-sample", () -> {
            Sample s = scraper.sample(name);
            samples.add(s);
            return s;
        });
    }

    Optional<Sample> sampleNamed(String name) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.phase().equals(name)).findFirst();
        }
    }

    /** Growth of every figure from the baseline sample to the post sample; empty until both are taken. */
    Optional<Map<String, Double>> deltas() {
        Optional<Sample> before = sampleNamed(BASELINE);
        Optional<Sample> after = sampleNamed(POST);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Evidence.deltas(before.get(), after.get(), target.sharedProcess()));
    }

    long objectReads() {
        return endpoints.values().stream().mapToLong(t -> t.objectReads.sum()).sum();
    }

    long errors() {
        return endpoints.values().stream().mapToLong(t -> t.errors.total()).sum();
    }

    /** OK when every expected read happened without error; else what went wrong. */
    Status outcome() {
        if (errors() > 0) {
            return Status.ERRORS;
        }
        return objectReads() < expectedObjectReads ? Status.INCOMPLETE : Status.OK;
    }

    void note(String note) {
        notes.add(note);
    }
}
