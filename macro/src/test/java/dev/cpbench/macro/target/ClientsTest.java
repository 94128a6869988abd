package dev.cpbench.macro.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.StandInCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run ends cleanly (issue 18 §6): fabric8 closed its HTTP client without waiting and then its own Vert.x, so the
 * close listener was notified on a terminated event loop (Netty's "event executor terminated" trace after "OK").
 * The clients now run on a Vert.x instance cpbench owns, and closing them returns only when that instance's event
 * loops have terminated, with keep-alive connections open to two API servers, and prints nothing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClientsTest {
    @Test
    void closingTheClientsTerminatesTheirEventLoopsAndPrintsNothing() throws Exception {
        try (StandInCluster cluster =
                StandInCluster.start(ClusterOptions.builder().apiServers(2).build())) {
            Clients.Shared shared = new Clients.Shared(Config.empty(), Duration.ofSeconds(30), true);
            for (var server : cluster.apiServers()) {
                KubernetesClient client = shared.forUrl(URI.create(server.url().toString()));
                assertThat(client.secrets().inAnyNamespace().list().getItems())
                        .isNotNull(); // a keep-alive connection stays open
            }
            Vertx vertx = shared.eventLoops();
            assertThat(vertx).isNotNull();

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream stderr = System.err;
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                shared.close();
            } finally {
                System.setErr(stderr);
            }
            assertThat(((VertxInternal) vertx).eventLoopGroup().isTerminated())
                    .as("event loops terminated when close() returns")
                    .isTrue();
            assertThat(((VertxInternal) vertx).acceptorEventLoopGroup().isTerminated())
                    .isTrue();
            assertThat(shared.eventLoops()).isNull();
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
