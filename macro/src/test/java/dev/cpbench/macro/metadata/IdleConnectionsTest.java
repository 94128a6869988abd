package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A proxy in a child JVM at {@code -Xmx64m}, with its default connection cap, survives more idle and slowloris
 * connections than the cap: connections over it are refused as they are accepted, the header-read timeout frees the
 * slots the attackers hold, and legitimate token requests keep getting 200 while the attackers hold their sockets
 * and after they leave; the child is alive throughout. Loopback only, every wait a deadline poll.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleConnectionsTest {
    private static final String TOKEN = "/computeMetadata/v1/instance/service-accounts/default/token";
    private static final String HEAP = "64m";
    /** Attackers beyond the proxy's cap. */
    private static final int OVER_THE_CAP = 500;

    private static final Duration WAIT = Duration.ofSeconds(25);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void legitimateRequestsAreServedDuringAndAfterMoreIdleConnectionsThanTheCap() throws Exception {
        try (ChildProxy proxy = ChildProxy.start(HEAP, List.of("--header-timeout", "2s", "--idle-timeout", "5s"))) {
            URI url = proxy.url();
            assertThat(status(url, TOKEN)).isEqualTo(200); // the keep-alive connection legitimate requests reuse
            long cap = metric(url, "metadata_proxy_max_connections");
            assertThat(cap).as("the default cap at -Xmx" + HEAP).isBetween(100L, 2_000L);
            long attackers = cap + OVER_THE_CAP;

            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < attackers; i++) {
                    Socket socket = new Socket(url.getHost(), url.getPort());
                    if (i % 2 == 1) { // slowloris: a partial request, then a header now and then
                        send(socket, "GET " + TOKEN + " HTTP/1.1\r\nHost: metadata.google.internal\r\n");
                    }
                    sockets.add(socket);
                }
                Deadline deadline = Deadline.in(WAIT);
                int served = 0;
                while (served < 20
                        || metric(url, "metadata_proxy_connections_refused_total") == 0
                        || metric(url, "metadata_proxy_connections_timed_out_total") == 0) {
                    for (int i = 1; i < sockets.size(); i += 2) {
                        send(sockets.get(i), "X-Slow: " + served + "\r\n");
                    }
                    served += status(url, TOKEN) == 200 ? 1 : 0;
                    deadline.pauseOrGiveUp(
                            50,
                            () -> new AssertionError("legitimate requests served, refusals and time-outs while "
                                    + attackers + " idle and slow connections are held"));
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }

            Deadline after = Deadline.in(WAIT);
            while (status(url, TOKEN) != 200 || metric(url, "metadata_proxy_open_connections") > 4) {
                after.pauseOrGiveUp(
                        100, () -> new AssertionError("200s and the attackers' connections gone after they left"));
            }
            ChildProxy.Figures figures = proxy.stop();
            assertThat(figures.earlyExitCode())
                    .as("the proxy JVM exited on its own (out of memory?)")
                    .isEmpty();
        }
    }

    /** An answer, or status -1 when the connection was refused or closed (over the cap). */
    private record Reply(int status, String body) {}

    private int status(URI url, String path) throws InterruptedException {
        return get(url, path).status();
    }

    /** A metric from the proxy's {@code /metrics}, 0 when it could not be read. */
    private long metric(URI url, String name) throws InterruptedException {
        Matcher value = Pattern.compile("(?m)^" + name + " (\\d+)$")
                .matcher(get(url, "/metrics").body());
        return value.find() ? Long.parseLong(value.group(1)) : 0;
    }

    private Reply get(URI url, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                .header("Metadata-Flavor", "Google")
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException refusedOrClosed) {
            return new Reply(-1, "");
        }
    }

    private static void send(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closedByTheProxy) {
            // the proxy closed it: over the cap, or out of time
        }
    }
}
