package dev.cpbench.micro.listing;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * <p>The trial starts a {@link SeededCluster}, whose API server runs in this JVM, so for the two {@code fabric8List*} benchmarks {@code -prof gc}'s
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

    @Param({"1000", "10000"})
    int objects;

    @Param({"1024"})
    int payloadBytes;

    SeededCluster seeded;
    KubernetesClient client;
    KubernetesSerialization serialization;
    byte[] unpagedBody;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        seeded = SeededCluster.start(objects, payloadBytes);
        client = seeded.client;
        URI url = seeded.url();
        unpagedBody = get(URI.create(url + "/api/v1/secrets"));
        serialization = new KubernetesSerialization();
        int parsed = jacksonParse().getItems().size();
        if (parsed != objects) {
            throw new IllegalStateException("the unpaged list holds " + parsed + " Secrets, expected " + objects);
        }
    }

    private static byte[] get(URI uri) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (seeded != null) {
            seeded.close();
        }
    }

    /** Pages of 500 until the continue token runs out; returns the Secrets listed. */
    @Benchmark
    public int fabric8ListPaged() {
        int listed = 0;
        String token = null;
        do {
            SecretList page = client.secrets()
                    .inAnyNamespace()
                    .list(new ListOptionsBuilder()
                            .withLimit(PAGE)
                            .withContinue(token)
                            .build());
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
