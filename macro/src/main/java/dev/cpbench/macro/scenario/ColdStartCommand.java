package dev.cpbench.macro.scenario;

import dev.cpbench.macro.corpus.Progress;
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
import picocli.CommandLine.Command;

/**
 * Replays an API server cold start: with the encrypted Secret corpus in place, sample, restart every API
 * server (keeping etcd), wait for {@code /readyz}, list the whole corpus once through every endpoint at once,
 * sample again. Sharded, shard i lists through endpoints i, i + N, ...; shard 0 restarts the API servers and
 * the others wait until every one of them has restarted. The deltas between the samples say how many decrypts the provider and Transit saw; the list
 * latencies say what listing cost.
 */
@Command(name = "cold-start", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restarts every API server and lists the whole encrypted Secret corpus once per endpoint.",
                "Seeds the corpus first if it is missing (reuses it when found by label).",
                "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, *.hlog and raw scrapes to --out."})
public final class ColdStartCommand extends CorpusScenarioCommand {
    @Override
    protected void preflight(Target target) {
        if (!target.embedded() && targetOptions.restartCommand == null) {
            throw new TargetException("cold-start on a cluster needs --restart-cmd 'command that restarts the API servers'");
        }
        super.preflight(target);
    }

    @Override
    void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception {
        List<Endpoint> endpoints = ownEndpoints(target);
        reads.expectedObjectReads = (long) corpusObjects * endpoints.size();
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
        CorpusLister lister = new CorpusLister(corpus, corpusOptions.scope, pageSize, run.latencies);
        Progress progress = new Progress("listing", reads.expectedObjectReads, console);
        if (endpoints.isEmpty()) {
            run.note("shard " + shard + " owns no endpoint (" + target.endpoints().size() + " for " + shard.count() + " shards): it lists nothing");
        }
        run.phase("list", () -> {
            if (endpoints.isEmpty()) {
                return null;
            }
            ExecutorService pool = Executors.newFixedThreadPool(endpoints.size(), r -> new Thread(r, "cpbench-list"));
            try {
                long start = System.nanoTime();
                List<Future<?>> lists = new ArrayList<>();
                for (Endpoint e : endpoints) {
                    EndpointTally tally = reads.endpoints.get(e.name());
                    lists.add(pool.submit(() -> {
                        if (!lister.listOnce(e, tally, start, progress::advance)) {
                            tally.brokenLists.increment(); // a cold start lists once: a failure is the evidence, not retried
                        }
                    }));
                }
                for (Future<?> f : lists) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
            return null;
        });
        settle(run);
        run.sample(RunRecord.POST);
        recordDecryptExpectation(target, run, target.endpoints().size());
    }

    /** On the embedded target: a cold API server makes one KMS Decrypt per distinct DEK source. */
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
