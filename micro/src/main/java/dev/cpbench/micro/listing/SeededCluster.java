package dev.cpbench.micro.listing;

import dev.cpbench.fixtures.client.GzipClientFactory;
import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.StandInCluster;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link StandInCluster} of one API server (in-process KMS) holding the SecretCorpus ({@code objects} Secrets of
 * {@code payloadBytes}, pinned seed, {@link ListEncodeBenchmark#NAMESPACES} namespaces), seeded through a fabric8
 * client from 4 threads (about 1 s for 1,000 Secrets, 5 s for 10,000): where the benchmarks that need a real
 * server start from.
 */
final class SeededCluster implements AutoCloseable {
    private static final int SEED_THREADS = 4;

    final StandInCluster cluster;
    final SecretCorpus corpus;
    final KubernetesClient client;

    private SeededCluster(StandInCluster cluster, SecretCorpus corpus) {
        this.cluster = cluster;
        this.corpus = corpus;
        this.client = newClient(false);
    }

    static SeededCluster start(int objects, int payloadBytes) throws Exception {
        StandInCluster cluster =
                StandInCluster.start(ClusterOptions.builder().apiServers(1).build());
        SeededCluster seeded = new SeededCluster(
                cluster,
                new SecretCorpus(objects, payloadBytes, ListEncodeBenchmark.NAMESPACES, SecretCorpus.DEFAULT_SEED));
        try {
            seeded.seed();
            return seeded;
        } catch (Exception | Error e) {
            seeded.close();
            throw e;
        }
    }

    URI url() {
        return cluster.apiServers().get(0).url();
    }

    /**
     * A fabric8 client of the API server on its own Vert.x, as the macro scenarios build theirs: no retries, and
     * asking for gzip when {@code acceptGzip} (as client-go does). The caller closes it.
     */
    KubernetesClient newClient(boolean acceptGzip) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(url().toString())
                        .withRequestRetryBackoffLimit(0)
                        .build());
        return (acceptGzip ? builder.withHttpClientFactory(new GzipClientFactory()) : builder).build();
    }

    private void seed() throws Exception {
        for (String ns : corpus.namespaceNames()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < SEED_THREADS; t++) {
                int first = t;
                writers.add(pool.submit(() -> {
                    for (int i = first; i < corpus.objects(); i += SEED_THREADS) {
                        client.secrets()
                                .inNamespace(corpus.namespace(i))
                                .resource(corpus.secret(i))
                                .create();
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
