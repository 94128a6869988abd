package dev.cpbench.macro.corpus;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.common.ErrorTally;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.target.Endpoint;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a {@link SecretCorpus} exist on a target: finds the objects already there by the corpus label,
 * creates the missing ones with parallel writers (round-robin over the endpoints, so each API server
 * writes with its own DEK source, as in an HA control plane), and deletes the corpus when asked. Its requests
 * ride out an API server restart ({@link SeedRetry}).
 */
public final class CorpusSeeder {
    static final int PAGE = 500;
    static final Duration CLEANUP_POLL = Duration.ofSeconds(1);

    /** What seeding found and did. */
    public record Outcome(int found, int created, long errors, ErrorTally errorTally, double seconds) {
        public double createsPerSecond() {
            return seconds > 0 ? created / seconds : 0;
        }
    }

    private final SecretCorpus corpus;
    private final List<Endpoint> endpoints;
    private final PrintStream console;
    private final SeedRetry retry;

    /** Where the corpus is read: across all namespaces at once, or namespace by namespace. */
    public enum Scope {
        CLUSTER,
        NAMESPACES;

        /** The Secret collections one pass over the corpus lists: all namespaces, or each corpus namespace. */
        public List<String> namespaces(SecretCorpus corpus) {
            return this == CLUSTER ? java.util.Collections.singletonList(null) : corpus.namespaceNames();
        }

        /** The corpus's Secrets in {@code namespace}, or in all namespaces when it is null. */
        public static FilterWatchListDeletable<Secret, SecretList, Resource<Secret>> secrets(
                KubernetesClient client, SecretCorpus corpus, String namespace) {
            return (namespace == null
                            ? client.secrets().inAnyNamespace()
                            : client.secrets().inNamespace(namespace))
                    .withLabel(SecretCorpus.CORPUS_LABEL, corpus.id());
        }
    }

    private final Scope scope;

    public CorpusSeeder(SecretCorpus corpus, List<Endpoint> endpoints, Scope scope, PrintStream console) {
        this.scope = scope;
        this.corpus = corpus;
        this.endpoints = endpoints;
        this.console = console;
        this.retry = SeedRetry.real();
    }

    /**
     * Seeds what is missing of {@code shard}'s part (object i is shard i mod N's) with {@code workers} parallel
     * writers; errors are counted, not fatal.
     */
    public Outcome prepare(int workers, Partition shard) throws InterruptedException {
        long start = System.nanoTime();
        KubernetesClient client = endpoints.get(0).client();
        for (String ns : corpus.namespaceNames()) {
            try {
                retry.call(() -> client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .addToLabels(SecretCorpus.CORPUS_LABEL, "namespace")
                                .endMetadata()
                                .build())
                        .create());
            } catch (KubernetesClientException e) {
                // 409: it exists; 403 with the namespaces scope: the run may not create namespaces (the Helm chart made
                // them)
                if (e.getCode() != 409 && !(e.getCode() == 403 && scope == Scope.NAMESPACES)) {
                    throw e;
                }
            }
        }
        Set<String> existing = existingNames();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < corpus.objects(); i++) {
            if (shard.owns(i) && !existing.contains(corpus.namespace(i) + "/" + SecretCorpus.name(i))) {
                missing.add(i);
            }
        }
        int found = corpus.objects() - missing.size();
        console.printf(
                Locale.US,
                "corpus %s: %,d found, %,d to create with %d writer(s)%n",
                corpus.id(),
                found,
                missing.size(),
                workers);
        ErrorTally errors = new ErrorTally();
        AtomicInteger created = new AtomicInteger();
        if (!missing.isEmpty()) {
            Progress progress = new Progress("seeding", missing.size(), console);
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "cpbench-seed"));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    KubernetesClient writer =
                            endpoints.get(w % endpoints.size()).client();
                    futures.add(pool.submit(() -> {
                        for (int n;
                                (n = next.getAndIncrement()) < missing.size()
                                        && !Thread.currentThread().isInterrupted(); ) {
                            Secret secret = corpus.secret(missing.get(n));
                            try {
                                retry.call(() -> writer.secrets()
                                        .inNamespace(secret.getMetadata().getNamespace())
                                        .resource(secret)
                                        .create());
                                created.incrementAndGet();
                            } catch (KubernetesClientException e) {
                                if (e.getCode()
                                        != 409) { // 409: another run (or an attempt whose answer was lost) made it
                                    errors.add(e);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            progress.advance();
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(e.getCause());
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
        }
        return new Outcome(found, created.get(), errors.total(), errors, (System.nanoTime() - start) / 1e9);
    }

    /** How many corpus objects the target holds now. */
    public int count() throws InterruptedException {
        return existingNames().size();
    }

    /**
     * Deletes the corpus: one non-blocking delete-collection per namespace, then polls the count until it
     * reaches zero or {@code timeout} passes; finally deletes the corpus namespaces.
     */
    public int cleanup(Duration timeout) throws InterruptedException {
        KubernetesClient client = endpoints.get(0).client();
        for (String ns : corpus.namespaceNames()) {
            client.secrets()
                    .inNamespace(ns)
                    .withLabel(SecretCorpus.CORPUS_LABEL, corpus.id())
                    .delete();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int left;
        while ((left = count()) > 0 && System.nanoTime() < deadline) {
            console.printf(Locale.US, "cleanup: %,d corpus objects left%n", left);
            Thread.sleep(CLEANUP_POLL.toMillis());
        }
        if (left == 0 && scope == Scope.CLUSTER) { // with the namespaces scope they are not the run's to delete
            corpus.namespaceNames()
                    .forEach(ns -> client.namespaces().withName(ns).delete());
        }
        return left;
    }

    private Set<String> existingNames() throws InterruptedException {
        KubernetesClient client = endpoints.get(0).client();
        Set<String> names = new HashSet<>();
        for (String namespace : scope.namespaces(corpus)) {
            String token = null;
            do {
                String from = token;
                SecretList page = retry.call(() -> Scope.secrets(client, corpus, namespace)
                        .list(new ListOptionsBuilder()
                                .withLimit((long) PAGE)
                                .withContinue(from)
                                .build()));
                page.getItems()
                        .forEach(s -> names.add(s.getMetadata().getNamespace() + "/"
                                + s.getMetadata().getName()));
                token = page.getMetadata().getContinue();
            } while (token != null && !token.isEmpty());
        }
        return names;
    }
}
