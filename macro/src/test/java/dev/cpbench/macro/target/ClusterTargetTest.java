package dev.cpbench.macro.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cpbench.fixtures.TestResources;
import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.ResourceType;
import dev.cpbench.fixtures.cluster.StandInCluster;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestKubeconfig;
import dev.cpbench.macro.TestRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster target, driven by a kubeconfig: an endpoint that fails mid-list is counted against that
 * endpoint while the others finish and the report is written (a sustained run retries it after client-go's
 * backoff, one list however many attempts); a provider or Transit metrics URL that stops answering is a warning
 * and n/a, not the end of the run; an unreachable endpoint, an unreadable kubeconfig or a --context it does not
 * have stops the run before it starts with one line naming it.
 */
class ClusterTargetTest {
    @TempDir
    Path dir;

    StandInCluster cluster;
    HttpServer flaky;
    /** Accept-Encoding of the list requests the proxy saw. */
    final java.util.Set<String> listAcceptEncodings = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;

    @RegisterExtension
    final TestResources resources = new TestResources();

    @BeforeEach
    void start() throws IOException {
        cluster = resources.add(
                StandInCluster.start(ClusterOptions.builder().apiServers(1).build()));
        flaky = resources.add(failingSecondPages(cluster.apiServers().get(0).url()), server -> server.stop(0));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void anEndpointFailingMidListIsCountedAndTheRunGoesOn() throws IOException {
        URI good = cluster.apiServers().get(0).url();
        URI bad = URI.create("http://127.0.0.1:" + flaky.getAddress().getPort());
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--kubeconfig",
                        kubeconfig(good).toString(),
                        "--api-endpoints",
                        good + "," + bad,
                        "--restart-cmd",
                        "true",
                        "--objects",
                        "1200",
                        "--out",
                        dir.resolve("runs").toString(),
                        "--settle",
                        "0s");

        assertThat(exit).as(stderr.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper()
                .readTree(TestRuns.onlyRunDir(dir.resolve("runs"))
                        .resolve("run.json")
                        .toFile());
        assertThat(json.path("status").asText()).isEqualTo("ERRORS");
        assertThat(json.path("embedded").asBoolean()).isFalse();
        assertThat(json.path("target").path("tlsVerified").asBoolean()).isTrue();
        JsonNode first = json.path("endpoints").get(0);
        JsonNode second = json.path("endpoints").get(1);
        assertThat(first.path("objectReads").asLong()).isEqualTo(1200);
        assertThat(first.path("errors").asLong()).isZero();
        assertThat(second.path("objectReads").asLong())
                .as("the first page only")
                .isEqualTo(500);
        assertThat(second.path("errorsByKind").path("HTTP 500").asLong()).isEqualTo(1);
        assertThat(json.path("objectReads").asLong()).isEqualTo(1700);
        assertThat(listAcceptEncodings).as("asks for gzip as client-go does").containsExactly("deflate, gzip");
    }

    @Test
    void aSecondRunReusesTheCorpusAndCleanupDeletesIt() throws IOException {
        String kubeconfig = kubeconfig(cluster.apiServers().get(0).url()).toString();
        for (boolean cleanup : new boolean[] {false, true}) {
            Path out = dir.resolve("runs-" + cleanup);
            int exit = MacroCli.commandLine()
                    .execute(
                            "cold-start",
                            "--kubeconfig",
                            kubeconfig,
                            "--restart-cmd",
                            "true",
                            "--objects",
                            "300",
                            "--cleanup=" + cleanup,
                            "--out",
                            out.toString(),
                            "--settle",
                            "0s");
            assertThat(exit).as(stderr.toString()).isZero();
            JsonNode facts = new ObjectMapper()
                    .readTree(TestRuns.onlyRunDir(out).resolve("run.json").toFile())
                    .path("facts");
            if (!cleanup) {
                assertThat(facts.path("corpusCreated").asInt()).isEqualTo(300);
            } else {
                assertThat(facts.path("corpusFound").asInt()).isEqualTo(300);
                assertThat(facts.path("corpusCreated").asInt()).isZero();
                assertThat(facts.path("cleanupLeft").asInt()).isZero();
            }
        }
        assertThat(cluster.store().count(ResourceType.SECRETS.storagePrefix())).isZero();
    }

    @Test
    void anUnreachableEndpointIsNamedInOneLine() throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--kubeconfig",
                        kubeconfig(URI.create("http://127.0.0.1:1")).toString(),
                        "--restart-cmd",
                        "true",
                        "--out",
                        dir.resolve("runs").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("cpbench: cannot reach http://127.0.0.1:1/version");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void anUnreadableKubeconfigIsNamed() throws IOException {
        Path bad = Files.writeString(dir.resolve("kubeconfig"), "clusters: [this is not: a kubeconfig");
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--kubeconfig",
                        bad.toString(),
                        "--restart-cmd",
                        "true",
                        "--out",
                        dir.resolve("runs").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("cpbench: cannot use kubeconfig " + bad);
    }

    @Test
    void aContextNotInTheKubeconfigStopsBeforeTouchingTheCluster() throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "sustained",
                        "--target",
                        "cluster",
                        "--kubeconfig",
                        kubeconfig(cluster.apiServers().get(0).url()).toString(),
                        "--context",
                        "nosuch",
                        "--objects",
                        "10",
                        "--out",
                        dir.resolve("runs").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString().strip())
                .isEqualTo("cpbench: kubeconfig "
                        + dir.resolve(
                                "kubeconfig-" + cluster.apiServers().get(0).port())
                        + " has no context 'nosuch'; its contexts: test");
        assertThat(dir.resolve("runs")).doesNotExist();
        assertThat(cluster.store().count(ResourceType.SECRETS.storagePrefix()))
                .as("nothing seeded")
                .isZero();
    }

    @Test
    void coldStartOnAClusterNeedsARestartCommand() throws IOException {
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--kubeconfig",
                        kubeconfig(cluster.apiServers().get(0).url()).toString(),
                        "--out",
                        dir.resolve("runs").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("cold-start on a cluster needs --restart-cmd");
    }

    @Test
    void aMetricsUrlThatStopsAnsweringIsAWarningAndNa() throws IOException {
        HttpServer provider =
                resources.add(answeringOnce("cpbench_kms_plugin_rpcs_total{method=\"Decrypt\"} 3\n"), s -> s.stop(0));
        HttpServer transit = resources.add(
                answeringOnce("cpbench_transit_requests_total{operation=\"decrypt\"} 3\n"), s -> s.stop(0));
        int exit = MacroCli.commandLine()
                .execute(
                        "cold-start",
                        "--kubeconfig",
                        kubeconfig(cluster.apiServers().get(0).url()).toString(),
                        "--restart-cmd",
                        "true",
                        "--objects",
                        "100",
                        "--settle",
                        "0s",
                        "--out",
                        dir.resolve("runs").toString(),
                        "--provider-metrics",
                        "http://127.0.0.1:" + provider.getAddress().getPort() + "/metrics",
                        "--transit-metrics",
                        "http://127.0.0.1:" + transit.getAddress().getPort() + "/metrics");

        assertThat(exit).as(stderr.toString()).isZero();
        Path run = TestRuns.onlyRunDir(dir.resolve("runs"));
        JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(json.path("status").asText()).isEqualTo("OK");
        assertThat(json.path("warnings").toString()).contains("provider-0", "transit", "not scraped");
        assertThat(json.path("deltas").path("figures").has("provider_decrypts")).isFalse();
        assertThat(Files.readString(run.resolve("summary.md"))).contains("| n/a | n/a | OK |");
        assertThat(stderr.toString())
                .contains("cpbench: warning: provider-0", "cpbench: warning: transit")
                .doesNotContain("unexpected error", "Exception\n\tat ");
    }

    @Test
    void aFailingEndpointIsRetriedWithBackoffAndCountedAsOneList() throws IOException {
        URI good = cluster.apiServers().get(0).url();
        URI bad = URI.create("http://127.0.0.1:" + flaky.getAddress().getPort());
        long seconds = 3;
        int exit = MacroCli.commandLine()
                .execute(
                        "sustained",
                        "--kubeconfig",
                        kubeconfig(good).toString(),
                        "--api-endpoints",
                        good + "," + bad,
                        "--workers",
                        "2",
                        "--objects",
                        "300",
                        "--page-size",
                        "100",
                        "--duration",
                        seconds + "s",
                        "--settle",
                        "0s",
                        "--out",
                        dir.resolve("runs").toString());

        assertThat(exit).as(stderr.toString()).isEqualTo(1);
        Path run = TestRuns.onlyRunDir(dir.resolve("runs"));
        JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        JsonNode first = json.path("endpoints").get(0);
        JsonNode failing = json.path("endpoints").get(1);
        // client-go's reflector waits 0.8 s before the first retry and longer after: at most one attempt per 0.8 s
        assertThat(failing.path("attempts").asLong())
                .as("attempts in %d s, retried after a backoff, not at once", seconds)
                .isBetween(1L, 1 + seconds * 1000 / 800);
        assertThat(failing.path("retries").asLong())
                .isEqualTo(failing.path("attempts").asLong() - 1);
        assertThat(failing.path("completeLists").asLong()).isZero();
        assertThat(failing.path("brokenLists").asLong())
                .as("one list, however many attempts")
                .isEqualTo(1);
        assertThat(first.path("retries").asLong()).isZero();
        long lists =
                first.path("completeLists").asLong() + first.path("brokenLists").asLong() + 1;
        assertThat(json.path("expectedObjectReads").asLong())
                .as("lists, not attempts, times the corpus")
                .isEqualTo(lists * 300);
        assertThat(Files.readString(run.resolve("summary.md"))).contains("| attempts | retries |");
    }

    private Path kubeconfig(URI server) throws IOException {
        return TestKubeconfig.write(dir, server);
    }

    /** Answers its first request with {@code text}; then stops answering: every later request's connection is closed unanswered. */
    private static HttpServer answeringOnce(String text) throws IOException {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (requests.incrementAndGet() > 1) {
                exchange.close();
                return;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** Forwards every request to {@code upstream}, but answers 500 to every list page after the first. */
    private HttpServer failingSecondPages(URI upstream) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (exchange.getRequestMethod().equals("GET") && uri.getPath().endsWith("/secrets")) {
                listAcceptEncodings.add(String.valueOf(acceptEncoding));
            }
            byte[] body;
            int code;
            if (uri.getRawQuery() != null && uri.getRawQuery().contains("continue=")) {
                code = 500;
                body =
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,\"message\":\"injected\"}"
                                .getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    byte[] request = exchange.getRequestBody().readAllBytes();
                    HttpResponse<byte[]> r = http.send(
                            HttpRequest.newBuilder(upstream.resolve(uri.getRawPath()
                                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                                    .header("Content-Type", "application/json")
                                    .header("Accept-Encoding", acceptEncoding == null ? "identity" : acceptEncoding)
                                    .method(
                                            exchange.getRequestMethod(),
                                            request.length == 0
                                                    ? HttpRequest.BodyPublishers.noBody()
                                                    : HttpRequest.BodyPublishers.ofByteArray(request))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    code = r.statusCode();
                    body = r.body();
                    r.headers()
                            .firstValue("Content-Encoding")
                            .ifPresent(v -> exchange.getResponseHeaders().set("Content-Encoding", v));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    code = 503;
                    body = new byte[0];
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
