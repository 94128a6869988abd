package dev.cpbench.macro.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.TestResources;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.latency.LatencyRow;
import dev.cpbench.macro.latency.OperationLatencies;
import dev.cpbench.macro.target.Endpoint;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-model load sends every operation of its schedule (writes = GET + PUT with the read resourceVersion,
 * reads = GET) to the hot tenants in turn, counts 409 conflicts apart from errors, and times each operation
 * from its intended send time: an answer held back by the server neither delays the other sends nor hides
 * its wait.
 */
class MixedLoadTest {
    private static Vertx vertx;
    private static HttpServer server;
    private static final AtomicInteger puts = new AtomicInteger();
    private static final AtomicInteger stalls = new AtomicInteger();
    private static final int STALLING_READS = 50;
    private static volatile Runnable heldAnswer;
    private static final Map<String, AtomicInteger> getsByNamespace = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @RegisterExtension
    static final TestResources RESOURCES = new TestResources();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = RESOURCES.add(
                Vertx.vertx(),
                v -> v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        server = vertx.createHttpServer()
                .requestHandler(MixedLoadTest::answer)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * {@code /api/v1/namespaces/<ns>/configmaps/<name>}: GET answers a ConfigMap at resourceVersion 7; PUT
     * answers 409 in namespace "contended", 500 in "broken", else 200 if it carries resourceVersion 7 and the
     * payload changed. In namespace "stalling" the first GET is answered only when the last of
     * {@value #STALLING_READS} has come: a client whose sends waited for it would never get there.
     */
    private static void answer(HttpServerRequest request) {
        String[] p = request.path().split("/");
        String ns = p[4];
        String name = p[6];
        if (request.method() == HttpMethod.GET) {
            getsByNamespace.computeIfAbsent(ns, k -> new AtomicInteger()).incrementAndGet();
            JsonObject cm = new JsonObject()
                    .put("apiVersion", "v1")
                    .put("kind", "ConfigMap")
                    .put(
                            "metadata",
                            new JsonObject()
                                    .put("name", name)
                                    .put("namespace", ns)
                                    .put("resourceVersion", "7"))
                    .put("data", new JsonObject().put("payload", "original"));
            Runnable respond = () -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(cm.encode());
            if (!ns.equals("stalling")) {
                respond.run();
                return;
            }
            int n = stalls.incrementAndGet();
            if (n == 1) {
                heldAnswer = respond;
                return;
            }
            respond.run();
            if (n == STALLING_READS) {
                heldAnswer.run();
            }
            return;
        }
        request.body().onSuccess(body -> {
            puts.incrementAndGet();
            JsonObject cm = body.toJsonObject();
            boolean valid = "7".equals(cm.getJsonObject("metadata").getString("resourceVersion"))
                    && !"original".equals(cm.getJsonObject("data").getString("payload"));
            int status = switch (ns) {
                case "contended" -> 409;
                case "broken" -> 500;
                default -> valid ? 200 : 400;
            };
            request.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(cm.encode());
        });
    }

    @Test
    void sendsTheWholeScheduleAndCountsConflictsApartFromErrors() throws Exception {
        OperationTally tally = new OperationTally();
        try (KubernetesClient client = client();
                OperationLatencies latencies = new OperationLatencies(dir)) {
            List<Tenant> hot =
                    List.of(tenant(0, "calm", client), tenant(1, "contended", client), tenant(2, "broken", client));
            MixedLoad.Rates rates = new MixedLoad(
                            hot, Partition.WHOLE, 10, 30, 2, 64, latencies, tally, Duration.ofSeconds(10))
                    .run(Duration.ofSeconds(1), null, 100);

            assertThat(rates.scheduled()).isEqualTo(120); // 3 tenants × (10 + 30) per second × 1 s
            assertThat(rates.requestedOpsPerSecond()).isEqualTo(120.0);
            assertThat(rates.requestedHttpPerSecond()).isEqualTo(150.0); // a write is 2 requests
            assertThat(rates.completed()).isEqualTo(120);
            OperationTally.Counts writes = tally.of(MixedLoad.WRITE);
            assertThat(writes.ok.sum()).isEqualTo(10);
            assertThat(writes.conflicts.sum()).isEqualTo(10);
            assertThat(writes.errors.byKind()).isEqualTo(Map.of("HTTP 500", 10L));
            assertThat(tally.of(MixedLoad.READ).ok.sum()).isEqualTo(90);
            assertThat(getsByNamespace.get("calm").get()).isEqualTo(40); // 30 reads + 10 writes' GETs
            assertThat(latencies.summary())
                    .extracting(LatencyRow::operation)
                    .contains(MixedLoad.READ, MixedLoad.WRITE, MixedLoad.SEND_LAG);
        }
    }

    @Test
    void aHeldBackAnswerDelaysNoOtherSendAndCountsItsWait() throws Exception {
        OperationTally tally = new OperationTally();
        try (KubernetesClient client = client();
                OperationLatencies latencies = new OperationLatencies(dir)) {
            MixedLoad.Rates rates = new MixedLoad(
                            List.of(tenant(0, "stalling", client)),
                            Partition.WHOLE,
                            0,
                            STALLING_READS,
                            1,
                            64,
                            latencies,
                            tally,
                            Duration.ofSeconds(10))
                    .run(Duration.ofSeconds(1), null, 100);

            assertThat(rates.scheduled()).isEqualTo(STALLING_READS);
            // every read answered, the held one too: the 49 others were sent while it was held (within its 10 s)
            assertThat(tally.of(MixedLoad.READ).ok.sum()).isEqualTo(STALLING_READS);
            assertThat(rates.completed()).isEqualTo(STALLING_READS);
            LatencyRow reads = latencies.summary().stream()
                    .filter(r -> r.operation().equals(MixedLoad.READ))
                    .findFirst()
                    .orElseThrow();
            assertThat(reads.count()).isEqualTo(STALLING_READS);
            // the held read, due at 0 s, ends after the last read was sent, which was not before its due time
            // (49 × 20 ms): its latency counts that wait
            assertThat(reads.maxMs()).isGreaterThanOrEqualTo(980);
        }
    }

    @Test
    void shardsSplitTheScheduleWithoutOverlap() throws Exception {
        long scheduled = 0;
        long reads = 0;
        try (KubernetesClient client = client()) {
            List<Tenant> hot = List.of(
                    tenant(0, "calm", client),
                    tenant(1, "calm", client),
                    tenant(2, "calm", client),
                    tenant(3, "calm", client));
            for (int i = 0; i < 3; i++) {
                OperationTally tally = new OperationTally();
                java.nio.file.Files.createDirectories(dir.resolve("shard" + i));
                try (OperationLatencies latencies = new OperationLatencies(dir.resolve("shard" + i))) {
                    MixedLoad.Rates rates = new MixedLoad(
                                    hot, new Partition(i, 3), 5, 10, 1, 64, latencies, tally, Duration.ofSeconds(10))
                            .run(Duration.ofSeconds(1), null, 100);
                    assertThat(rates.completed()).isEqualTo(rates.scheduled());
                    scheduled += rates.scheduled();
                    reads += tally.of(MixedLoad.READ).ok.sum();
                }
            }
        }
        assertThat(scheduled)
                .as("4 tenants × (5 + 10) per second × 1 s, each operation in one shard")
                .isEqualTo(60);
        assertThat(reads).isEqualTo(40);
    }

    private static Tenant tenant(int index, String namespace, KubernetesClient client) {
        Endpoint e = new Endpoint("apiserver-0", URI.create("http://127.0.0.1:" + server.actualPort()), client);
        return new Tenant(index, namespace, namespace, e, false, e.name());
    }

    private static KubernetesClient client() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + server.actualPort())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }
}
