package dev.cpbench.macro.target;

import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.macro.DurationConverter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose and reach a target, shared by every scenario. */
public final class TargetOptions {
    /** Which target a run uses. */
    public enum Kind {
        /** A cluster when a kubeconfig is found (--kubeconfig, KUBECONFIG, ~/.kube/config), else embedded. */
        AUTO,
        EMBEDDED,
        CLUSTER
    }

    @Option(names = "--target", defaultValue = "auto",
            description = "auto (a cluster if a kubeconfig is found, else embedded), embedded or cluster (default: ${DEFAULT-VALUE}).")
    public Kind target;

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: KUBECONFIG, else ~/.kube/config).")
    public Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: its current context).")
    public String context;

    @Option(names = "--api-endpoints", split = ",", paramLabel = "URL",
            description = "List through each of these API servers (default: the kubeconfig's server).")
    public List<URI> apiEndpoints = new ArrayList<>();

    @Option(names = "--provider-metrics", split = ",", paramLabel = "URL",
            description = "KMS provider (plugin) Prometheus URLs to sample (default: none).")
    public List<URI> providerMetrics = new ArrayList<>();

    @Option(names = "--transit-metrics", paramLabel = "URL", description = "Transit (OpenBao/Vault) Prometheus URL to sample (default: none).")
    public URI transitMetrics;

    @Option(names = "--restart-cmd", paramLabel = "COMMAND",
            description = "Shell command that restarts every selected API server (cluster target; default: none).")
    public String restartCommand;

    @Option(names = "--insecure-skip-tls-verify", description = "Do not verify the API servers' TLS certificates (default: verify).")
    public boolean insecureSkipTlsVerify;

    @Option(names = "--client-gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Ask API servers for gzip (Accept-Encoding), as client-go and kubectl do; --no-client-gzip to not (default: ${DEFAULT-VALUE}).")
    public boolean clientGzip;

    @Option(names = "--request-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Timeout of one API request (default: ${DEFAULT-VALUE}).")
    public Duration requestTimeout;

    @Option(names = "--ready-timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for /readyz after a restart (default: ${DEFAULT-VALUE}).")
    public Duration readyTimeout;

    @Option(names = "--embedded-api-servers", defaultValue = "3",
            description = "Embedded target: API servers over the one store (default: ${DEFAULT-VALUE}).")
    public int embeddedApiServers;

    @Option(names = "--embedded-kms", defaultValue = "plugin",
            description = "Embedded target: plugin (gRPC KMS v2 plugin + Transit mock) or in_process (default: ${DEFAULT-VALUE}).")
    public EmbeddedTarget.Kms embeddedKms;

    @Option(names = "--embedded-kms-mode", defaultValue = "direct",
            description = "Embedded plugin's Transit decrypts: direct or coalesce (default: ${DEFAULT-VALUE}).")
    public TransitKeyService.Mode embeddedKmsMode;

    @Option(names = "--embedded-transit-latency", defaultValue = "0s", converter = DurationConverter.class,
            description = "Embedded Transit mock: added latency per request (default: ${DEFAULT-VALUE}).")
    public Duration embeddedTransitLatency;

    @Option(names = "--embedded-list-encoder", defaultValue = "streaming", converter = ListEncoderConverter.class,
            description = "Embedded API servers' LIST encoder: whole, streaming or cached-bytes (default: ${DEFAULT-VALUE}).")
    public ListEncoder embeddedListEncoder;

    /** The target these options choose, connected and checked. */
    public Target open() {
        if (embeddedApiServers < 1) {
            throw new TargetException("--embedded-api-servers must be at least 1, got " + embeddedApiServers);
        }
        boolean cluster = switch (target) {
            case CLUSTER -> true;
            case EMBEDDED -> false;
            case AUTO -> kubeconfig != null || ClusterTarget.kubeconfigFound();
        };
        if (!cluster) {
            return EmbeddedTarget.start(embeddedApiServers, embeddedKms, embeddedKmsMode, embeddedTransitLatency, embeddedListEncoder,
                    requestTimeout, clientGzip);
        }
        return ClusterTarget.connect(kubeconfig, context, apiEndpoints, providerMetrics, transitMetrics, restartCommand,
                insecureSkipTlsVerify, requestTimeout, clientGzip);
    }
}
