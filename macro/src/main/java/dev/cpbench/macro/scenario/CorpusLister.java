package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.cluster.Injection;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.corpus.CorpusSeeder;
import dev.cpbench.macro.latency.OperationLatencies;
import dev.cpbench.macro.target.Endpoint;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import java.util.function.LongConsumer;

/**
 * Lists a whole corpus through one endpoint as a client would: pages of {@code pageSize} with
 * {@code limit}/{@code continue} (kubectl and client-go page at 500), or one unpaged request when
 * {@code pageSize} is 0; across all namespaces, or with the namespaces scope one namespace after another (a
 * "list" is then the whole sweep). Records "list-page" and "list" latencies; a failed page ends that attempt and
 * its error is counted against the endpoint; whether the list is retried or given up is the caller's to say.
 */
final class CorpusLister {
    static final String LIST = "list";
    static final String LIST_PAGE = "list-page";

    private final SecretCorpus corpus;
    private final CorpusSeeder.Scope scope;
    private final int pageSize;
    private final OperationLatencies latencies;
    private final Injection injection;

    CorpusLister(
            SecretCorpus corpus,
            CorpusSeeder.Scope scope,
            int pageSize,
            OperationLatencies latencies,
            Injection injection) {
        this.injection = injection;
        this.corpus = corpus;
        this.scope = scope;
        this.pageSize = pageSize;
        this.latencies = latencies;
    }

    /**
     * One full list, meant to start at {@code intendedStartNanos}; {@code objectsRead} hears of each page's
     * items. Returns whether the list completed.
     */
    boolean listOnce(Endpoint endpoint, EndpointTally tally, long intendedStartNanos, LongConsumer objectsRead) {
        tally.attempts.increment();
        long pageIntended = Math.min(intendedStartNanos, System.nanoTime());
        try {
            for (String namespace : scope.namespaces(corpus)) {
                String token = null;
                do {
                    ListOptionsBuilder options = new ListOptionsBuilder().withContinue(token);
                    if (pageSize > 0) {
                        options.withLimit((long) pageSize);
                    }
                    SecretList page = CorpusSeeder.Scope.secrets(endpoint.client(), corpus, namespace)
                            .list(options.build());
                    injection.spend(
                            Injection.Point.CLIENT_PARSE, page.getItems().size());
                    long end = System.nanoTime();
                    latencies.record(LIST_PAGE, endpoint.name(), pageIntended, end);
                    pageIntended = end;
                    tally.pages.increment();
                    tally.objectReads.add(page.getItems().size());
                    objectsRead.accept(page.getItems().size());
                    token = page.getMetadata().getContinue();
                } while (token != null
                        && !token.isEmpty()
                        && !Thread.currentThread().isInterrupted());
            }
        } catch (RuntimeException e) {
            tally.errors.add(e);
            return false;
        }
        long end = System.nanoTime();
        latencies.record(LIST, endpoint.name(), intendedStartNanos, end);
        tally.completeLists.increment();
        return true;
    }
}
