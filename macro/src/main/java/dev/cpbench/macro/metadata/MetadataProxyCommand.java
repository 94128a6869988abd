package dev.cpbench.macro.metadata;

import dev.cpbench.fixtures.metadata.ConcealingProxy;
import dev.cpbench.fixtures.metadata.ConcealingProxyOptions;
import dev.cpbench.fixtures.metadata.MetadataServer;
import dev.cpbench.fixtures.metadata.MetadataServerOptions;
import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.HostPort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serves the concealing metadata proxy until SIGTERM or Ctrl-C, in front of {@code --upstream} or of an
 * embedded metadata server mock. Prints {@code metadata-proxy listening on URL (upstream URL)} once ready
 * and, as it stops, its JVM's {@link HeapFigures}: {@code metadata-load} reads both from its child JVM.
 */
@Command(
        name = "metadata-proxy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves the concealing metadata proxy until Ctrl-C or SIGTERM, in front of",
            "--upstream or, by default, of an embedded metadata server mock.",
            "Prints 'metadata-proxy listening on URL (upstream URL)' when ready, and its",
            "JVM's heap figures when it stops."
        })
public final class MetadataProxyCommand implements Callable<Integer> {
    private static final long STOP_WAIT_S = 5;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1:988",
            converter = HostPort.class,
            description = "host:port to listen on; port 0 picks one (default: ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--upstream", description = "Metadata server URL (default: an embedded mock on an ephemeral port).")
    URI upstream;

    @Option(
            names = "--upstream-latency",
            defaultValue = "0",
            converter = DurationConverter.class,
            description = "Latency the embedded mock adds to each answer (default: ${DEFAULT-VALUE}).")
    Duration upstreamLatency;

    @Option(
            names = "--no-token-cache",
            description = "Ask upstream for every token request instead of caching the token.")
    boolean noTokenCache;

    @Option(
            names = "--token-cache-margin",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Serve a cached token until this long before it expires (default: ${DEFAULT-VALUE}).")
    Duration tokenCacheMargin;

    @Option(
            names = "--max-connections",
            description =
                    "Client connections open at once; one more is closed as it is accepted (default: one per 64 KiB of"
                            + " max heap, at least 100: 1024 at -Xmx64m).")
    Integer maxConnections;

    @Option(
            names = "--header-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Close a connection that sends no whole request head this long after it opens (default: ${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(
            names = "--idle-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "Close a keep-alive connection that sends no next request this long after a response (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Override
    public Integer call() throws InterruptedException {
        if (upstream != null && spec.commandLine().getParseResult().hasMatchedOption("--upstream-latency")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--upstream-latency applies to the embedded mock, not to --upstream");
        }
        String listenProblem = HostPort.cannotListen("--listen", listen);
        if (listenProblem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), listenProblem);
        }
        HeapFigures.Watch heap = HeapFigures.watchThisJvm();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                stopped.await(
                                        STOP_WAIT_S, TimeUnit.SECONDS); // let the servers close and the figures print
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "cpbench-proxy-stop"));
        try (MetadataServer mock = upstream == null
                ? MetadataServer.start(MetadataServerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .latency(upstreamLatency)
                        .build())
                : null) {
            URI upstreamUrl = mock == null ? upstream : mock.url();
            try (ConcealingProxy proxy = ConcealingProxy.start(proxyOptions(upstreamUrl))) {
                System.out.printf(
                        Locale.US, "metadata-proxy listening on %s (upstream %s)%n", proxy.url(), upstreamUrl);
                System.out.flush();
                stop.await();
            }
            System.out.println("metadata-proxy stopped: " + heap.figures().line());
            System.out.flush();
            return 0;
        } catch (IllegalStateException cannotListen) {
            spec.commandLine().getErr().println("metadata-proxy: " + cannotListen.getMessage());
            return 2;
        } finally {
            stopped.countDown();
        }
    }

    private ConcealingProxyOptions proxyOptions(URI upstreamUrl) {
        try {
            return ConcealingProxyOptions.builder()
                    .host(listen.getHostString())
                    .port(listen.getPort())
                    .upstream(upstreamUrl)
                    .tokenCache(!noTokenCache)
                    .tokenCacheMargin(tokenCacheMargin)
                    .maxConnections(
                            maxConnections == null ? ConcealingProxyOptions.defaultMaxConnections() : maxConnections)
                    .headerTimeout(headerTimeout)
                    .idleTimeout(idleTimeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
