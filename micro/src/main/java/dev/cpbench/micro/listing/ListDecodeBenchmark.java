package dev.cpbench.micro.listing;

import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.EmbeddedCluster;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client side of a LIST of Secrets: what fabric8's client pays to list {@code objects} Secrets of
 * {@code payloadBytes} (before base64) from the embedded API server, paged as kubectl and client-go page
 * ({@code fabric8ListPaged}: limit 500 and continue until done) or in one request ({@code fabric8ListUnpaged}),
 * next to {@code jacksonParse}: parsing the body of that one unpaged response, fetched once in setup, into a
 * {@link SecretList} with fabric8's serialisation and no transport. Listed minus parsed is transport, the server's
 * encoding and the client's own overhead; paged minus unpaged is the cost of pages.
 *
 * <p>The trial starts an {@link EmbeddedCluster} (one API server, in-process KMS) and seeds the SecretCorpus
 * (pinned seed, 10 namespaces) through the client from 4 threads: about 1 s for 1,000 Secrets, 5 s for 10,000.
 * The API server runs in this JVM, so for the two {@code fabric8List*} benchmarks {@code -prof gc}'s
 * gc.alloc.rate.norm includes the server's allocation for the response; {@code jacksonParse}'s is the client's
 * alone.
 *
 * <p>Run: {@code ./jmh.sh --quick ListDecodeBenchmark}; {@code ./jmh.sh ListDecodeBenchmark -p objects=10000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ListDecodeBenchmark {
    /** kubectl's and client-go's page size. */
    private static final long PAGE = 500;
    private static final int SEED_THREADS = 4;

    @Param({"1000", "10000"})
    int objects;

    @Param({"1024"})
    int payloadBytes;

    EmbeddedCluster cluster;
    KubernetesClient client;
    KubernetesSerialization serialization;
    byte[] unpagedBody;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cluster = EmbeddedCluster.start(ClusterOptions.builder().apiServers(1).build());
        URI url = cluster.apiServers().get(0).url();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url.toString())
                .withRequestRetryBackoffLimit(0)
                .build()).build();
        seed(new SecretCorpus(objects, payloadBytes, ListEncodeBenchmark.NAMESPACES, SecretCorpus.DEFAULT_SEED));
        unpagedBody = get(URI.create(url + "/api/v1/secrets"));
        serialization = new KubernetesSerialization();
        int parsed = jacksonParse().getItems().size();
        if (parsed != objects) {
            throw new IllegalStateException("the unpaged list holds " + parsed + " Secrets, expected " + objects);
        }
    }

    private void seed(SecretCorpus corpus) throws Exception {
        for (String ns : corpus.namespaceNames()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < SEED_THREADS; t++) {
                int first = t;
                writers.add(pool.submit(() -> {
                    for (int i = first; i < corpus.objects(); i += SEED_THREADS) {
                        client.secrets().inNamespace(corpus.namespace(i)).resource(corpus.secret(i)).create();
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

    private static byte[] get(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Pages of 500 until the continue token runs out; returns the Secrets listed. */
    @Benchmark
    public int fabric8ListPaged() {
        int listed = 0;
        String token = null;
        do {
            SecretList page = client.secrets().inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build());
            listed += page.getItems().size();
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return listed;
    }

    /** One request for every Secret. */
    @Benchmark
    public SecretList fabric8ListUnpaged() {
        return client.secrets().inAnyNamespace().list();
    }

    /** The unpaged response's bytes parsed into a SecretList: the client's parsing alone. */
    @Benchmark
    public SecretList jacksonParse() {
        return serialization.unmarshal(new ByteArrayInputStream(unpagedBody), SecretList.class);
    }
}
