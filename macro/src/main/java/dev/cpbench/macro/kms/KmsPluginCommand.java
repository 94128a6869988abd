package dev.cpbench.macro.kms;

import dev.cpbench.fixtures.kms.KmsEndpoint;
import dev.cpbench.fixtures.kms.KmsPluginServer;
import dev.cpbench.fixtures.kms.KmsSocketException;
import dev.cpbench.fixtures.kms.PluginMetrics;
import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.transit.TransitClient;
import dev.cpbench.macro.common.ByteSizeConverter;
import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.HostPort;
import dev.cpbench.macro.common.MetricsEndpoint;
import dev.cpbench.macro.common.ShutdownSignal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves a Transit-backed KMS v2 plugin on a Unix socket until interrupted. */
@Command(
        name = "kms-plugin",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a KMS v2 plugin backed by OpenBao/Vault Transit on a Unix socket, until Ctrl-C.",
            "Decrypt goes to Transit one request per RPC (direct) or coalesced into batch_input requests."
        })
public final class KmsPluginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--socket", required = true, description = "Where to listen: unix:///path or @abstract-name.")
    String socket;

    @Option(names = "--transit-url", required = true, description = "Transit base URL, e.g. http://127.0.0.1:8200.")
    URI transitUrl;

    @Option(
            names = "--transit-key",
            defaultValue = "kek",
            description = "Transit key name (default: ${DEFAULT-VALUE}).")
    String transitKey;

    @Option(
            names = "--transit-token-env",
            defaultValue = "VAULT_TOKEN",
            description = "Environment variable holding the Transit token, if any (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--mode", defaultValue = "DIRECT", description = "direct or coalesce (default: ${DEFAULT-VALUE}).")
    TransitKeyService.Mode mode;

    @Option(
            names = "--window",
            defaultValue = "500us",
            converter = DurationConverter.class,
            description = "coalesce: longest wait for company (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--max-batch",
            defaultValue = "128",
            description = "coalesce: most items per Transit request (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(
            names = "--transit-timeout",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = {
                "Bound on a whole Transit exchange, headers and body (default: ${DEFAULT-VALUE}).",
                "Keep it below the API server's KMS timeout (3s by default), so a slow Transit is an UNAVAILABLE "
                        + "with its reason, not a bare DEADLINE_EXCEEDED."
            })
    Duration transitTimeout;

    @Option(
            names = "--transit-max-body",
            defaultValue = "4Mi",
            converter = ByteSizeConverter.class,
            description =
                    "Longest Transit reply body accepted; a longer one fails the call with INTERNAL (default: ${DEFAULT-VALUE}).")
    long transitMaxBody;

    @Option(
            names = "--metrics-listen",
            defaultValue = "127.0.0.1:9464",
            converter = HostPort.class,
            description = "host:port serving Prometheus text at /metrics (default: ${DEFAULT-VALUE}).")
    InetSocketAddress metricsListen;

    @Override
    public Integer call() throws Exception {
        KmsEndpoint endpoint = checkOptions();
        PluginMetrics metrics = new PluginMetrics();
        TransitClient transit;
        try {
            transit =
                    new TransitClient(transitUrl, transitKey, System.getenv(tokenEnv), transitTimeout, transitMaxBody);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        try (TransitKeyService plugin = new TransitKeyService(transit, transitKey, mode, window, maxBatch, metrics);
                KmsPluginServer server = KmsPluginServer.start(endpoint, plugin);
                MetricsEndpoint metricsEndpoint = MetricsEndpoint.start(metricsListen, metrics::prometheusText)) {
            System.out.printf(
                    Locale.US,
                    "kms-plugin: serving %s, mode %s%s, Transit %s key %s; metrics %s%n",
                    server.endpoint(),
                    mode.name().toLowerCase(),
                    mode == TransitKeyService.Mode.COALESCE
                            ? " (window " + DurationConverter.format(window) + ", max batch " + maxBatch + ")"
                            : "",
                    transitUrl,
                    transitKey,
                    metricsEndpoint.url());
            ShutdownSignal.await();
        } catch (KmsSocketException e) { // e.g. another plugin listens on the socket
            throw usageError("--socket " + socket + ": " + e.getMessage());
        }
        return 0;
    }

    /** The socket, once every option is checked: nothing starts with a bad one. */
    private KmsEndpoint checkOptions() {
        KmsEndpoint endpoint;
        try {
            endpoint = KmsEndpoint.parse(socket);
        } catch (IllegalArgumentException e) {
            throw usageError("--socket: " + e.getMessage());
        }
        boolean http =
                "http".equalsIgnoreCase(transitUrl.getScheme()) || "https".equalsIgnoreCase(transitUrl.getScheme());
        if (!http || transitUrl.getHost() == null) {
            throw usageError("--transit-url must be an http(s)://host[:port] URL, got '" + transitUrl + "'");
        }
        if (maxBatch < 1) {
            throw usageError("--max-batch must be at least 1, got " + maxBatch);
        }
        if (transitTimeout.isZero()) {
            throw usageError("--transit-timeout must be more than 0, got " + DurationConverter.format(transitTimeout));
        }
        if (transitMaxBody < 1) {
            throw usageError("--transit-max-body must be more than 0, got " + transitMaxBody);
        }
        String metricsProblem = HostPort.cannotListen("--metrics-listen", metricsListen);
        if (metricsProblem != null) {
            throw usageError(metricsProblem);
        }
        return endpoint;
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
