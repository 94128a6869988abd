package dev.cpbench.macro.scenario;

import dev.cpbench.macro.DurationConverter;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the whole corpus again and again with W workers (worker i on endpoint i mod N) for a duration,
 * each worker starting its next list when the last one ends (a closed loop). Sharded, shard i runs workers
 * i, i + N, ....
 */
@Command(name = "sustained", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the whole encrypted Secret corpus repeatedly with --workers for --duration.",
                "Seeds the corpus first if it is missing (reuses it when found by label).",
                "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, *.hlog and raw scrapes to --out."})
public final class SustainedCommand extends CorpusScenarioCommand {
    @Option(names = "--workers", defaultValue = "4", description = "Concurrent listers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to keep listing (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    protected void validate() {
        super.validate();
        if (workers < 1) {
            throw badOption("--workers must be at least 1, got " + workers);
        }
        if (duration.isZero()) {
            throw badOption("--duration must be more than 0, got " + DurationConverter.format(duration));
        }
    }

    @Override
    void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception {
        List<Endpoint> endpoints = target.endpoints();
        run.sample(RunRecord.BASELINE);
        awaitStartAt(run);
        CorpusLister lister = new CorpusLister(corpus, corpusOptions.scope, pageSize, run.latencies);
        run.phase("load", () -> {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "cpbench-list"));
            long deadline = System.nanoTime() + duration.toNanos();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    if (!shard.owns(w)) {
                        continue;
                    }
                    Endpoint e = endpoints.get(w % endpoints.size());
                    EndpointTally tally = reads.endpoints.get(e.name());
                    futures.add(pool.submit(() -> {
                        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                            lister.listOnce(e, tally, System.nanoTime(), n -> { });
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            return null;
        });
        long lists = reads.endpoints.values().stream().mapToLong(t -> t.completeLists.sum() + t.brokenLists.sum()).sum();
        reads.expectedObjectReads = lists * corpusObjects;
        run.facts.put("lists", lists);
        run.facts.put("workers", workers);
        settle(run);
        run.sample(RunRecord.POST);
    }
}
