package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.Deadline;
import dev.cpbench.fixtures.cluster.EtcdConnection;
import dev.cpbench.fixtures.cluster.EtcdStore;
import dev.cpbench.fixtures.cluster.EtcdV3Store;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.corpus.CorpusSeeder;
import dev.cpbench.macro.envelope.RawEnvelopeCheck;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A scenario that lists the encrypted Secret corpus: it makes the corpus exist (seeding what is missing,
 * reusing it when found by label), checks a sample of its raw etcd values ({@link RawEnvelopeCheck}) when it can
 * read etcd, counts object reads per endpoint in {@link CorpusReads}, and deletes the corpus at the end with
 * {@code --cleanup}.
 */
abstract class CorpusScenarioCommand extends ScenarioCommand {
    static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(10);
    private static final long AWAIT_CORPUS_POLL_MS = 500;
    /** kube-apiserver's default {@code --etcd-prefix}, the stand-in's only one. */
    private static final String DEFAULT_ETCD_PREFIX = "/registry";

    @Mixin
    CorpusOptions corpusOptions;

    @Option(
            names = "--page-size",
            defaultValue = "500",
            description =
                    "LIST page size (limit/continue; kubectl and client-go use 500); 0 = one unpaged request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(
            names = "--settle",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Pause after the action, before the post sample (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--verify-etcd-samples",
            defaultValue = "20",
            paramLabel = "N",
            description =
                    "Before the action, read N corpus Secrets straight from etcd (spread over namespaces) and check each is a "
                            + "KMS v2 envelope of --kms-provider-name holding no plaintext; needs an etcd (--etcd-endpoints, or "
                            + "--embedded-store etcd); 0 = no check (default: ${DEFAULT-VALUE}).")
    int verifyEtcdSamples;

    @Option(
            names = "--etcd-prefix",
            defaultValue = DEFAULT_ETCD_PREFIX,
            description =
                    "The API servers' --etcd-prefix: Secrets are under <prefix>/secrets/<namespace>/<name> (default: ${DEFAULT-VALUE}).")
    String etcdPrefix;

    @Option(
            names = "--kms-provider-name",
            paramLabel = "NAME",
            description =
                    "The KMS v2 provider's name in the EncryptionConfiguration: values must start with k8s:enc:kms:v2:<NAME>: "
                            + "(default: the stand-in's; required on a cluster with --etcd-endpoints).")
    String kmsProviderName;

    SecretCorpus corpus;
    CorpusReads reads;
    /** The raw check's etcd, opened by {@link #preflight}; null when there is none to check. */
    private EtcdStore etcdForCheck;

    private String checkedProvider;
    private List<RawEnvelopeCheck.Row> envelopes;

    /** The scenario's phases, once the corpus is ready; sets the expected object reads. */
    abstract void listCorpus(Target target, RunRecord run, int corpusObjects) throws Exception;

    @Override
    protected void validate() {
        if (pageSize < 0) {
            throw badOption("--page-size must be 0 (unpaged) or more, got " + pageSize);
        }
        if (verifyEtcdSamples < 0) {
            throw badOption("--verify-etcd-samples must be 0 (no check) or more, got " + verifyEtcdSamples);
        }
        if (!etcdPrefix.startsWith("/")) {
            throw badOption("--etcd-prefix must start with '/', got '" + etcdPrefix + "'");
        }
        try {
            corpus = corpusOptions.corpus();
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
    }

    /**
     * Opens the etcd of the raw envelope check, if there is one: the stand-in's, or {@code --etcd-endpoints}. An
     * unreachable etcd, or one without a provider name to expect, stops the run before it starts.
     */
    @Override
    protected void preflight(Target target) {
        Optional<EtcdConnection> etcd = target.etcd().or(() -> Optional.ofNullable(targetOptions.etcdConnection()));
        if (verifyEtcdSamples == 0 || etcd.isEmpty() || !shard.owns(0)) {
            return;
        }
        if (target.embedded() && !etcdPrefix.equals(DEFAULT_ETCD_PREFIX)) {
            throw new TargetException(
                    "--etcd-prefix " + etcdPrefix + ": the stand-in keeps its objects under " + DEFAULT_ETCD_PREFIX);
        }
        checkedProvider = kmsProviderName != null
                ? kmsProviderName
                : target.kmsProviderName()
                        .orElseThrow(
                                () -> new TargetException(
                                        "--etcd-endpoints needs --kms-provider-name: the provider name etcd values must carry"));
        try {
            etcdForCheck = EtcdV3Store.connect(etcd.get());
        } catch (EtcdConnection.EtcdUnreachableException e) {
            throw new TargetException(e.getMessage());
        }
    }

    @Override
    protected String runLabel() {
        return Integer.toString(corpus.objects());
    }

    @Override
    protected final void execute(Target target, RunRecord run) throws Exception {
        reads = new CorpusReads(corpus, target.endpoints());
        int objects = prepareCorpus(target, run);
        if (etcdForCheck != null) {
            run.phase("verify-etcd", this::checkEnvelopes);
        }
        listCorpus(target, run, objects);
    }

    /** The raw envelope check; a failing key is one console line naming it. */
    private Void checkEnvelopes() {
        try (EtcdStore etcd = etcdForCheck) {
            envelopes = RawEnvelopeCheck.verify(etcd, etcdPrefix, corpus, verifyEtcdSamples, checkedProvider);
        } finally {
            etcdForCheck = null;
        }
        envelopes.stream()
                .filter(r -> !r.ok())
                .forEach(r -> console.println("cpbench: etcd value of " + r.key() + ": " + r.verdictText()));
        return null;
    }

    /** The reads' verdict; a raw etcd value that failed the envelope check makes the run's ERRORS. */
    @Override
    protected RunRecord.Status outcome(RunRecord run) {
        long failed =
                envelopes == null ? 0 : envelopes.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            run.note(failed + " of " + envelopes.size() + " raw etcd values failed the envelope check");
            return RunRecord.Status.ERRORS;
        }
        return reads.outcome();
    }

    @Override
    protected Map<String, Object> resultsJson(RunRecord run) {
        Map<String, Object> json = reads.json();
        if (envelopes != null) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("etcdPrefix", etcdPrefix);
            check.put("provider", checkedProvider);
            check.put("checked", envelopes.size());
            check.put("failed", envelopes.stream().filter(r -> !r.ok()).count());
            check.put("keys", envelopes.stream().map(RawEnvelopeCheck.Row::json).toList());
            json.put("etcdEnvelopes", check);
        }
        return json;
    }

    @Override
    protected String summaryHead(RunRecord run) {
        String head = reads.summaryHead(run, pageSize);
        if (envelopes == null) {
            return head;
        }
        StringBuilder md = new StringBuilder(head)
                .append("## Raw etcd envelopes\n\n")
                .append(envelopes.size())
                .append(" corpus Secret(s) read straight from etcd before the action, expected provider `")
                .append(checkedProvider)
                .append("`, prefix `")
                .append(etcdPrefix)
                .append("`.\n\n")
                .append(
                        "| key | provider | key ID | DEK source type | bytes | verdict |\n|---|---|---|---|---:|---|\n");
        envelopes.forEach(r -> md.append("| ")
                .append(r.key())
                .append(" | ")
                .append(r.provider())
                .append(" | ")
                .append(r.keyId())
                .append(" | ")
                .append(r.dekSourceType())
                .append(" | ")
                .append(String.format(Locale.US, "%,d", r.bytes()))
                .append(" | ")
                .append(r.verdictText())
                .append(" |\n"));
        return md.append('\n').toString();
    }

    @Override
    protected void finish(Target target, RunRecord run) {
        if (etcdForCheck != null) {
            etcdForCheck.close();
            etcdForCheck = null;
        }
        if (!corpusOptions.cleanup) {
            return;
        }
        try {
            int left = run.phase(
                    "cleanup",
                    () -> new CorpusSeeder(corpus, target.endpoints(), corpusOptions.scope, console)
                            .cleanup(CLEANUP_TIMEOUT));
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
            deadline.pauseOrGiveUp(
                    AWAIT_CORPUS_POLL_MS,
                    () -> new TargetException("the other shards did not complete the corpus within "
                            + targetOptions.readyTimeout.toSeconds() + " s: " + seen + " of " + corpus.objects()
                            + " objects"));
        }
        return null;
    }

    /** The endpoints this shard lists through: endpoint i is shard i mod N's. */
    List<Endpoint> ownEndpoints(Target target) {
        List<Endpoint> all = target.endpoints();
        return java.util.stream.IntStream.range(0, all.size())
                .filter(shard::owns)
                .mapToObj(all::get)
                .toList();
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
            run.note("seeding met " + seeded.errors() + " error(s): "
                    + seeded.errorTally().firstMessages());
        }
        if (!shard.isWhole()) {
            run.phase("await-corpus", () -> awaitCorpus(seeder));
        }
        int present = seeded.errors() == 0 ? corpus.objects() : seeder.count();
        run.facts.put("corpusObjects", present);
        return present;
    }
}
