package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.fixtures.TestResources;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code metadata-load} against a tiny Vert.x server: counts, failures, rate mode, the report and its
 * files, unreachable targets and bad options.
 */
class MetadataLoadCommandTest {
    private static final String TOKEN =
            "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}";

    private static Vertx vertx;
    private static HttpServer server;
    private static final AtomicInteger connections = new AtomicInteger();
    private static final AtomicInteger flaky = new AtomicInteger();
    private static final AtomicInteger stalling = new AtomicInteger();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path runs;

    @RegisterExtension
    static final TestResources RESOURCES = new TestResources();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = RESOURCES.add(
                Vertx.vertx(),
                v -> v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        server = vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(MetadataLoadCommandTest::answer)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * 200 with a token; {@code /flaky}: 500 every other request; {@code /stall}: the 20th answer waits 200 ms;
     * {@code /close}: closes the connection after each answer; {@code /hang}: never answers.
     */
    private static void answer(HttpServerRequest request) {
        Consumer<Integer> reply = status -> request.response()
                .setStatusCode(status)
                .putHeader("Server", "test-server")
                .putHeader("Content-Type", "application/json")
                .end(TOKEN);
        switch (request.path()) {
            case "/flaky" -> reply.accept(flaky.incrementAndGet() % 2 == 0 ? 500 : 200);
            case "/stall" -> {
                if (stalling.incrementAndGet() == 20) {
                    vertx.setTimer(200, id -> reply.accept(200));
                } else {
                    reply.accept(200);
                }
            }
            case "/close" -> {
                request.response().putHeader("Connection", "close");
                reply.accept(200);
            }
            case "/hang" -> {}
            default -> reply.accept("Google".equals(request.getHeader("Metadata-Flavor")) ? 200 : 403);
        }
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new MetadataLoadCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private JsonNode runJson() throws IOException {
        return new ObjectMapper().readTree(onlyRunDir().resolve("run.json").toFile());
    }

    private Path onlyRunDir() throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void measuresEveryRequestOverExactlyTheConnectionsAsked() throws IOException {
        int before = connections.get();

        int exit = run("--url", url("/token"), "-n", "2000", "-c", "10", "--out", runs.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "Server Software:        test-server",
                        "Document Path:          /token",
                        "Document Length:        " + TOKEN.length() + " bytes",
                        "Concurrency Level:      10",
                        "Complete requests:      2000",
                        "Failed requests:        0",
                        "Requests per second:",
                        "Connection Times (ms)",
                        "Percentage of the requests served within a certain time (ms)",
                        "100%");
        assertThat(connections.get() - before)
                .as("10 load connections, and the probe's if the server saw it")
                .isBetween(10, 11);
        Path dir = onlyRunDir();
        assertThat(dir.getFileName().toString()).startsWith("metadata-load-");
        assertThat(dir.resolve("summary.md")).content().contains("| Complete requests | 2000 |", "metadata-load --url");
        assertThat(dir.resolve("latency.csv"))
                .content()
                .startsWith("percentile,ms\n50,")
                .contains("\n99.9,", "\n100,");
        assertThat(dir.resolve("latency.hlog")).content().contains("#[StartTime:");
        JsonNode json = runJson();
        assertThat(json.get("completeRequests").asLong()).isEqualTo(2000);
        assertThat(json.get("answeredRequests").asLong()).isEqualTo(2000);
        assertThat(json.get("failedRequests").asLong()).isZero();
        assertThat(json.get("htmlTransferredBytes").asLong()).isEqualTo(2000L * TOKEN.length());
        long perAnswer = json.get("totalTransferredBytes").asLong() / 2000;
        assertThat(json.get("totalTransferredBytes").asLong()).isEqualTo(2000 * perAnswer);
        assertThat(perAnswer - TOKEN.length()).as("status line and headers").isBetween(70L, 120L);
        assertThat(json.get("target").get("embedded").asBoolean()).isFalse();
    }

    @Test
    void withoutKeepAliveEachRequestHasItsOwnConnection() throws IOException {
        int before = connections.get();

        int exit = run(
                "--url",
                url("/token"),
                "-n",
                "200",
                "-c",
                "4",
                "--warmup",
                "0",
                "--no-keep-alive",
                "--out",
                runs.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(connections.get() - before)
                .as("200 requests, and the probe if the server saw it")
                .isBetween(200, 201);
        assertThat(out.toString()).contains("Keep-Alive:             no (a connection per request)");
        assertThat(runJson().get("connectionTimesMs").get("connect").get("max").asDouble())
                .isPositive();
    }

    @Test
    void aServerClosingEachConnectionIsFollowedByNewOnes() throws IOException {
        int before = connections.get();

        int exit = run("--url", url("/close"), "-n", "200", "-c", "4", "--warmup", "0", "--out", runs.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Complete requests:      200", "Failed requests:        0");
        assertThat(connections.get() - before).isBetween(200, 201);
    }

    @Test
    void requestsWithoutAnAnswerWithinTheTimeoutFail() throws IOException {
        int exit = run(
                "--url",
                url("/hang"),
                "-n",
                "4",
                "-c",
                "2",
                "--timeout",
                "300ms",
                "--warmup",
                "0",
                "--out",
                runs.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "Complete requests:      4",
                        "Failed requests:        4 (Connect: 0, Timeout: 4, Non-2xx: 0, Exceptions: 0)");
        assertThat(runJson().get("timeTakenSeconds").asDouble())
                .as("two rounds of 300 ms")
                .isBetween(0.55, 2.0);
    }

    @Test
    void non2xxAnswersAreFailedRequests() throws IOException {
        flaky.set(0);

        int exit = run("--url", url("/flaky"), "-n", "2000", "-c", "10", "--warmup", "0", "--out", runs.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "Complete requests:      2000",
                        "Failed requests:        1000 (Connect: 0, Timeout: 0, Non-2xx: 1000, Exceptions: 0)",
                        "Non-2xx responses:      1000",
                        "First Non-2xx failure: HTTP 500");
        assertThat(runJson().get("failures").get("status").asLong()).isEqualTo(1000);
    }

    @Test
    void rateModeSendsOnScheduleAndTimesFromTheIntendedSend() throws IOException {
        stalling.set(0);

        int exit = run(
                "--url",
                url("/stall"),
                "-n",
                "100",
                "-c",
                "1",
                "--rate",
                "50",
                "--warmup",
                "0",
                "--out",
                runs.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode json = runJson();
        assertThat(json.get("timeTakenSeconds").asDouble())
                .as("100 requests at 50/s")
                .isBetween(1.7, 3.0);
        JsonNode percentiles = json.get("latencyPercentilesMs");
        assertThat(percentiles.get("50").asDouble()).isLessThan(20);
        // one 200 ms stall delays the ~8 requests scheduled behind it by 50 ms or more: a closed loop would see one
        assertThat(percentiles.get("95").asDouble()).isGreaterThan(50);
        assertThat(json.get("lateSends").asLong())
                .as("sends due while the stalled answer was awaited")
                .isGreaterThanOrEqualTo(5);
        assertThat(out.toString()).contains("Target rate:            50.0 [#/sec]", "intended send time");
    }

    @Test
    void anUnreachableUrlIsOneClearLineAndExitTwo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run("--url", "http://127.0.0.1:" + port + "/", "-n", "10", "-c", "1", "--out", runs.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("metadata-load: cannot connect to http://127.0.0.1:" + port)
                .doesNotContain("\n");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("--url", url("/"), "-n", "10", "-c", "20")).isEqualTo(2);
        assertThat(err.toString()).contains("-c/--concurrency (20) cannot be more than -n/--requests (10)");
        assertThat(run("--url", url("/"), "-n", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("-n/--requests must be at least 1, got -5");
        assertThat(run("--url", url("/"), "--rate", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be more than 0, got -1.0");
        assertThat(run("--url", url("/"), "-n", "10", "--duration", "5s")).isEqualTo(2);
        assertThat(err.toString()).contains("give -n/--requests or --duration, not both");
        assertThat(run("--url", url("/"), "-H", "no colon")).isEqualTo(2);
        assertThat(err.toString()).contains("-H must be 'Name: value', got 'no colon'");
        assertThat(run("--url", "https://example.com/")).isEqualTo(2);
        assertThat(err.toString()).contains("--url must be an http://host[:port][/path] URL");
    }
}
