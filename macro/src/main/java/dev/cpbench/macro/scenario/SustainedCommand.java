package dev.cpbench.macro.scenario;

import dev.cpbench.macro.common.Backoff;
import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the whole corpus again and again with W workers (worker i on endpoint i mod N) for a duration,
 * each worker starting its next list when the last one ends (a closed loop), a failed list retried after
 * client-go's backoff ({@link ListLoop}). Fewer workers than endpoints would leave an endpoint with no lister:
 * refused before the run. Sharded, shard i runs workers i, i + N, ....
 */
@Command(
        name = "sustained",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Lists the whole encrypted Secret corpus repeatedly with --workers for --duration.",
            "Seeds the corpus first if it is missing (reuses it when found by label).",
            "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, *.hlog and raw scrapes to --out."
        })
public final class SustainedCommand extends CorpusScenarioCommand {
    @Option(
            names = "--workers",
            defaultValue = "4",
            description =
                    "Concurrent listers, worker i on endpoint i mod N; at least one per endpoint (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
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

    /** Every endpoint gets a lister: worker i lists through endpoint i mod N. */
    @Override
    protected void preflight(Target target) {
        super.preflight(target);
        List<Endpoint> endpoints = target.endpoints();
        if (workers < endpoints.size()) {
            throw badOption("--workers " + workers + " leaves "
                    + endpoints.subList(workers, endpoints.size()).stream()
                            .map(Endpoint::name)
                            .collect(Collectors.joining(", "))
                    + " with no lister: give at least " + endpoints.size()
                    + " (one per endpoint), or fewer --api-endpoints");
        }
    }

    @Override
    void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception {
        List<Endpoint> endpoints = target.endpoints();
        run.sample(RunRecord.BASELINE);
        awaitStartAt(run);
        CorpusLister lister =
                new CorpusLister(corpus, corpusOptions.scope, pageSize, run.latencies, targetOptions.injection());
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
                    ListLoop loop = new ListLoop(System::nanoTime, Thread::sleep, Backoff.jittered());
                    futures.add(pool.submit(() ->
                            loop.run(() -> lister.listOnce(e, tally, System.nanoTime(), n -> {}), tally, deadline)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            return null;
        });
        long lists = reads.endpoints.values().stream()
                .mapToLong(EndpointTally::lists)
                .sum();
        reads.expectedObjectReads = lists * corpusObjects;
        run.facts.put("lists", lists);
        run.facts.put("workers", workers);
        settle(run);
        run.sample(RunRecord.POST);
    }
}
