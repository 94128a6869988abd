package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.TempDirectory;
import dev.cpbench.macro.corpus.Progress;
import dev.cpbench.macro.latency.OperationLatencies;
import dev.cpbench.macro.metrics.Figure;
import dev.cpbench.macro.metrics.Sample;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays an API server cold start: with the encrypted Secret corpus in place, sample, restart every API
 * server (keeping etcd), wait for {@code /readyz}, list the whole corpus once through every endpoint at once,
 * sample again. Sharded, shard i lists through endpoints i, i + N, ...; shard 0 restarts the API servers and
 * the others wait until every one of them has restarted. The deltas between the samples say how many decrypts the provider and Transit saw; the list
 * latencies say what listing cost.
 */
@Command(
        name = "cold-start",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Restarts every API server and lists the whole encrypted Secret corpus once per endpoint.",
            "Seeds the corpus first if it is missing (reuses it when found by label).",
            "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, *.hlog and raw scrapes to --out."
        })
public final class ColdStartCommand extends CorpusScenarioCommand {
    @Option(
            names = "--warm-up",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Restart and list everything N times before the measured cold start, unmeasured, so that less of its window "
                            + "is the JIT compiling Java code (the stand-in's, the client's): a real kube-apiserver is compiled Go. Measured on "
                            + "the stand-in at 10,000 Secrets: the compiler took ~1.1 of ~3.7 CPU seconds of the list phase unwarmed, ~0.6 "
                            + "after 3 cycles (default: ${DEFAULT-VALUE}).")
    int warmUps;

    @Override
    protected void validate() {
        super.validate();
        if (warmUps < 0) {
            throw badOption("--warm-up must be 0 or more, got " + warmUps);
        }
        if (warmUps > 0 && !shard.isWhole()) {
            throw badOption(
                    "--warm-up restarts the API servers, which a shard cannot do alone; give --warm-up 0 with --shard");
        }
    }

    @Override
    protected void preflight(Target target) {
        if (!target.embedded() && targetOptions.restartCommand == null) {
            throw new TargetException(
                    "cold-start on a cluster needs --restart-cmd 'command that restarts the API servers'");
        }
        super.preflight(target);
    }

    @Override
    void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception {
        List<Endpoint> endpoints = ownEndpoints(target);
        reads.expectedObjectReads = (long) corpusObjects * endpoints.size();
        warmUp(target, run, endpoints, warmUps);
        Sample baseline = run.sample(RunRecord.BASELINE);
        awaitStartAt(run);
        if (shard.index() == 0) {
            run.phase("restart", () -> {
                target.restart();
                return null;
            });
        } else {
            run.phase("await-restart", () -> {
                Restarts.await(target, baseline, startAt, targetOptions.readyTimeout);
                return null;
            });
        }
        run.phase("ready", () -> {
            target.awaitReady(targetOptions.readyTimeout);
            return null;
        });
        CorpusLister lister =
                new CorpusLister(corpus, corpusOptions.scope, pageSize, run.latencies, targetOptions.injection());
        Progress progress = new Progress("listing", reads.expectedObjectReads, console);
        if (endpoints.isEmpty()) {
            run.note("shard " + shard + " owns no endpoint ("
                    + target.endpoints().size() + " for " + shard.count() + " shards): it lists nothing");
        }
        run.phase("list", () -> {
            try {
                listEverywhere(endpoints, lister, e -> reads.endpoints.get(e.name()), progress);
            } finally {
                progress.finish();
            }
            return null;
        });
        settle(run);
        run.sample(RunRecord.POST);
        recordDecryptExpectation(target, run, target.endpoints().size());
    }

    /**
     * Restarts and lists {@code cycles} times as phases warm-up-1.., outside the window: their latencies, reads and
     * errors are not the run's (an error that stops a warm-up fails the run, as the measured cycle would fail too).
     */
    private void warmUp(Target target, RunRecord run, List<Endpoint> endpoints, int cycles) throws Exception {
        for (int i = 1; i <= cycles; i++) {
            Progress progress =
                    new Progress("warm-up " + i + " of " + cycles + ": listing", reads.expectedObjectReads, console);
            run.phase("warm-up-" + i, () -> {
                target.restart();
                target.awaitReady(targetOptions.readyTimeout);
                try (TempDirectory scratch = TempDirectory.create("cpbench-warm-up");
                        OperationLatencies discarded = new OperationLatencies(scratch.path())) {
                    CorpusLister lister = new CorpusLister(
                            corpus, corpusOptions.scope, pageSize, discarded, targetOptions.injection());
                    List<EndpointTally> tallies = new ArrayList<>();
                    listEverywhere(
                            endpoints,
                            lister,
                            e -> {
                                EndpointTally t = new EndpointTally(e.name());
                                synchronized (tallies) {
                                    tallies.add(t);
                                }
                                return t;
                            },
                            progress);
                    for (EndpointTally t : tallies) {
                        if (t.errors.total() > 0) {
                            throw new TargetException("warm-up list through " + t.endpoint + " failed: "
                                    + String.join("; ", t.errors.firstMessages().values()));
                        }
                    }
                } finally {
                    progress.finish();
                }
                return null;
            });
        }
    }

    /** One whole list through each endpoint, all at once. */
    private static void listEverywhere(
            List<Endpoint> endpoints, CorpusLister lister, Function<Endpoint, EndpointTally> tallies, Progress progress)
            throws Exception {
        if (endpoints.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(endpoints.size(), r -> new Thread(r, "cpbench-list"));
        try {
            long start = System.nanoTime();
            List<Future<?>> lists = new ArrayList<>();
            for (Endpoint e : endpoints) {
                EndpointTally tally = tallies.apply(e);
                lists.add(pool.submit(() -> {
                    if (!lister.listOnce(e, tally, start, progress::advance)) {
                        tally.brokenLists
                                .increment(); // a cold start lists once: a failure is the evidence, not retried
                    }
                }));
            }
            for (Future<?> f : lists) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** On the embedded stand-in: a cold API server makes one KMS Decrypt per distinct DEK source. */
    private static void recordDecryptExpectation(Target target, RunRecord run, int apiServers) {
        OptionalLong sources = target.distinctDekSources();
        if (sources.isEmpty()) {
            return;
        }
        run.facts.put("distinctDekSources", sources.getAsLong());
        long expected = sources.getAsLong() * apiServers;
        run.facts.put("expectedColdStartDecrypts", expected);
        run.deltas().map(d -> d.get(Figure.PROVIDER_DECRYPTS.column())).ifPresent(seen -> {
            if (seen != expected) {
                run.note("provider saw " + ReportWriter.number(seen) + " decrypts; a cold start of " + apiServers
                        + " API server(s) over " + sources.getAsLong() + " DEK source(s) should make " + expected);
            }
        });
    }
}
