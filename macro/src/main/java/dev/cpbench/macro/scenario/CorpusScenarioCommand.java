package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.Deadline;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.DurationConverter;
import dev.cpbench.macro.corpus.CorpusSeeder;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A scenario that lists the encrypted Secret corpus: it makes the corpus exist (seeding what is missing,
 * reusing it when found by label), counts object reads per endpoint in {@link CorpusReads}, and deletes the
 * corpus at the end with {@code --cleanup}.
 */
abstract class CorpusScenarioCommand extends ScenarioCommand {
    static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(10);
    private static final long AWAIT_CORPUS_POLL_MS = 500;

    @Mixin
    CorpusOptions corpusOptions;

    @Option(names = "--page-size", defaultValue = "500",
            description = "LIST page size (limit/continue; kubectl and client-go use 500); 0 = one unpaged request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--settle", defaultValue = "2s", converter = DurationConverter.class,
            description = "Pause after the action, before the post sample (default: ${DEFAULT-VALUE}).")
    Duration settle;

    SecretCorpus corpus;
    CorpusReads reads;

    /** The scenario's phases, once the corpus is ready; sets the expected object reads. */
    abstract void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception;

    @Override
    protected void validate() {
        if (pageSize < 0) {
            throw badOption("--page-size must be 0 (unpaged) or more, got " + pageSize);
        }
        try {
            corpus = corpusOptions.corpus();
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
    }

    @Override
    protected String runLabel() {
        return Integer.toString(corpus.objects());
    }

    @Override
    protected final void execute(Target target, RunRecord run) throws Exception {
        reads = new CorpusReads(corpus, target.endpoints());
        listCorpus(target, run, prepareCorpus(target, run));
    }

    @Override
    protected RunRecord.Status outcome(RunRecord run) {
        return reads.outcome();
    }

    @Override
    protected Map<String, Object> resultsJson(RunRecord run) {
        return reads.json();
    }

    @Override
    protected String summaryHead(RunRecord run) {
        return reads.summaryHead(run, pageSize);
    }

    @Override
    protected void finish(Target target, RunRecord run) {
        if (!corpusOptions.cleanup) {
            return;
        }
        try {
            int left = run.phase("cleanup", () -> new CorpusSeeder(corpus, target.endpoints(), corpusOptions.scope, console).cleanup(CLEANUP_TIMEOUT));
            run.facts.put("cleanupLeft", left);
        } catch (Exception e) {
            run.note("cleanup failed: " + e.getMessage());
        }
    }

    /** Sharded: the other shards seed the rest; waits until the whole corpus is there. */
    private Void awaitCorpus(CorpusSeeder seeder) throws InterruptedException {
        Deadline deadline = Deadline.in(targetOptions.readyTimeout);
        for (int count; (count = seeder.count()) < corpus.objects(); ) {
            int seen = count;
            deadline.pauseOrGiveUp(AWAIT_CORPUS_POLL_MS, () -> new TargetException("the other shards did not complete the corpus within "
                    + targetOptions.readyTimeout.toSeconds() + " s: " + seen + " of " + corpus.objects() + " objects"));
        }
        return null;
    }

    /** The endpoints this shard lists through: endpoint i is shard i mod N's. */
    List<Endpoint> ownEndpoints(Target target) {
        List<Endpoint> all = target.endpoints();
        return java.util.stream.IntStream.range(0, all.size()).filter(shard::owns).mapToObj(all::get).toList();
    }

    void settle(RunRecord run) throws Exception {
        pause(run, "settle", settle);
    }

    private int prepareCorpus(Target target, RunRecord run) throws Exception {
        CorpusSeeder seeder = new CorpusSeeder(corpus, target.endpoints(), corpusOptions.scope, console);
        CorpusSeeder.Outcome seeded = run.phase("seed", () -> seeder.prepare(corpusOptions.seedWorkers, shard));
        run.facts.put("corpusFound", seeded.found());
        run.facts.put("corpusCreated", seeded.created());
        if (seeded.created() > 0) {
            run.facts.put("seedingPerSecond", Math.round(seeded.createsPerSecond()));
        }
        if (seeded.errors() > 0) {
            run.facts.put("seedingErrors", seeded.errorTally().byKind());
            run.note("seeding met " + seeded.errors() + " error(s): " + seeded.errorTally().firstMessages());
        }
        if (!shard.isWhole()) {
            run.phase("await-corpus", () -> awaitCorpus(seeder));
        }
        int present = seeded.errors() == 0 ? corpus.objects() : seeder.count();
        run.facts.put("corpusObjects", present);
        return present;
    }
}
