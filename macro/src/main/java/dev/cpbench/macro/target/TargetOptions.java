package dev.cpbench.macro.target;

import dev.cpbench.fixtures.cluster.EtcdConnection;
import dev.cpbench.fixtures.cluster.Injection;
import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.macro.common.DurationConverter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The options that choose and reach a target, shared by every scenario. */
public final class TargetOptions {
    /** Which target a run uses. */
    public enum Kind {
        /** A cluster when a kubeconfig is found (--kubeconfig, KUBECONFIG, ~/.kube/config), else embedded. */
        AUTO,
        EMBEDDED,
        CLUSTER
    }

    @Option(
            names = "--target",
            defaultValue = "auto",
            description =
                    "auto (a cluster if a kubeconfig is found, else embedded), embedded or cluster (default: ${DEFAULT-VALUE}).")
    public Kind target;

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: KUBECONFIG, else ~/.kube/config).")
    public Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: its current context).")
    public String context;

    @Option(
            names = "--api-endpoints",
            split = ",",
            paramLabel = "URL",
            description = "List through each of these API servers (default: the kubeconfig's server).")
    public List<URI> apiEndpoints = new ArrayList<>();

    @Option(
            names = "--provider-metrics",
            split = ",",
            paramLabel = "URL",
            description = "KMS provider (plugin) Prometheus URLs to sample (default: none).")
    public List<URI> providerMetrics = new ArrayList<>();

    @Option(
            names = "--transit-metrics",
            paramLabel = "URL",
            description = "Transit (OpenBao/Vault) Prometheus URL to sample (default: none).")
    public URI transitMetrics;

    @Option(
            names = "--restart-cmd",
            paramLabel = "COMMAND",
            description = "Shell command that restarts every selected API server (cluster target; default: none).")
    public String restartCommand;

    @Option(
            names = "--insecure-skip-tls-verify",
            description = "Do not verify the API servers' TLS certificates (default: verify).")
    public boolean insecureSkipTlsVerify;

    @Option(
            names = "--client-gzip",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Ask API servers for gzip (Accept-Encoding), as client-go and kubectl do; --no-client-gzip to not (default: ${DEFAULT-VALUE}).")
    public boolean clientGzip;

    @Option(
            names = "--request-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Timeout of one API request (default: ${DEFAULT-VALUE}).")
    public Duration requestTimeout;

    @Option(
            names = "--ready-timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long to wait for /readyz after a restart (default: ${DEFAULT-VALUE}).")
    public Duration readyTimeout;

    @Option(
            names = "--embedded-api-servers",
            defaultValue = "3",
            description = "Embedded stand-in: API servers over the one store (default: ${DEFAULT-VALUE}).")
    public int embeddedApiServers;

    @Option(
            names = "--embedded-kms",
            defaultValue = "plugin",
            description =
                    "Embedded stand-in: plugin (gRPC KMS v2 plugin + Transit mock) or in_process (default: ${DEFAULT-VALUE}).")
    public StandInTarget.Kms embeddedKms;

    @Option(
            names = "--embedded-kms-mode",
            defaultValue = "direct",
            description =
                    "Embedded stand-in: the plugin's Transit decrypts, direct or coalesce (default: ${DEFAULT-VALUE}).")
    public TransitKeyService.Mode embeddedKmsMode;

    @Option(
            names = "--embedded-transit-latency",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description =
                    "Embedded stand-in: the Transit mock's added latency per request (default: ${DEFAULT-VALUE}).")
    public Duration embeddedTransitLatency;

    @Option(
            names = "--embedded-list-encoder",
            defaultValue = "streaming",
            converter = ListEncoderConverter.class,
            description =
                    "Embedded stand-in: the API servers' LIST encoder, whole, streaming or cached-bytes (default: ${DEFAULT-VALUE}).")
    public ListEncoder embeddedListEncoder;

    @Option(
            names = "--embedded-store",
            defaultValue = "memory",
            description =
                    "Embedded stand-in: where the API servers keep their objects: memory (an in-process etcd model) or etcd "
                            + "(a real etcd: `etcd` on PATH started on loopback with a temporary data dir, or --etcd-endpoints) (default: ${DEFAULT-VALUE}).")
    public StandInTarget.Store embeddedStore;

    @Option(
            names = "--inject",
            split = ",",
            paramLabel = "HOT_PATH=+COST",
            converter = InjectedCost.Converter.class,
            description =
                    "Embedded stand-in, to validate an attribution: add a known cost per operation to one hot path: "
                            + "kms-decrypt (a wait in each KMS Decrypt), watch-cache-refill (CPU per object a watch cache fills), "
                            + "envelope-decrypt (CPU per from-storage transformation), list-encode (the API server's CPU per listed object), "
                            + "client-parse (the client's CPU per listed object); e.g. --inject list-encode=+50us. The target's description "
                            + "says so; `./macro.sh validate-attribution` checks where correlation puts it (default: none).")
    public List<InjectedCost> inject = new ArrayList<>();

    @Option(
            names = "--etcd-endpoints",
            split = ",",
            paramLabel = "URL",
            description =
                    "etcd client URLs (http:// or https://), as kube-apiserver's --etcd-servers: read raw values for the envelope "
                            + "check; with --embedded-store etcd, the etcd the stand-in uses (default: none).")
    public List<URI> etcdEndpoints = new ArrayList<>();

    @Option(
            names = "--etcd-cacert",
            paramLabel = "FILE",
            description = "CA of etcd's serving certificate, as --etcd-cafile (default: the JDK's).")
    public Path etcdCaFile;

    @Option(
            names = "--etcd-cert",
            paramLabel = "FILE",
            description = "Client certificate for etcd, as --etcd-certfile (default: none).")
    public Path etcdCertFile;

    @Option(
            names = "--etcd-key",
            paramLabel = "FILE",
            description = "Its PKCS#8 PEM key, as --etcd-keyfile (default: none).")
    public Path etcdKeyFile;

    /** The costs {@code --inject} adds; none without it. */
    public Injection injection() {
        return InjectedCost.injection(inject);
    }

    /** The etcd these options name; null without --etcd-endpoints. */
    public EtcdConnection etcdConnection() {
        if (etcdEndpoints.isEmpty()) {
            return null;
        }
        try {
            return new EtcdConnection(etcdEndpoints, etcdCaFile, etcdCertFile, etcdKeyFile);
        } catch (IllegalArgumentException e) {
            throw new TargetException(e.getMessage());
        }
    }

    /** Options that only a cluster target uses. */
    private static final List<String> CLUSTER_ONLY = List.of(
            "--kubeconfig",
            "--context",
            "--api-endpoints",
            "--provider-metrics",
            "--transit-metrics",
            "--restart-cmd",
            "--insecure-skip-tls-verify");
    /** Options that only the embedded stand-in uses. */
    private static final List<String> EMBEDDED_ONLY = List.of(
            "--embedded-api-servers",
            "--embedded-kms",
            "--embedded-kms-mode",
            "--embedded-transit-latency",
            "--embedded-list-encoder",
            "--embedded-store",
            "--inject");

    /**
     * The first problem with these options, or null: a count or timeout out of range, or an option given that the
     * chosen target would ignore (e.g. --api-endpoints with the embedded stand-in).
     */
    public String problem(ParseResult given) {
        if (embeddedApiServers < 1) {
            return "--embedded-api-servers must be at least 1, got " + embeddedApiServers;
        }
        if (requestTimeout.isZero() || readyTimeout.isZero()) {
            return "--request-timeout and --ready-timeout must be more than 0, got "
                    + DurationConverter.format(requestTimeout) + " and " + DurationConverter.format(readyTimeout);
        }
        boolean cluster = cluster();
        for (String option : cluster ? EMBEDDED_ONLY : CLUSTER_ONLY) {
            if (given.hasMatchedOption(option)) {
                String value = String.join(",", given.matchedOption(option).stringValues());
                String why = target != Kind.AUTO
                        ? "--target " + target.name().toLowerCase()
                        : "--target auto " + (cluster ? "found a kubeconfig" : "found no kubeconfig");
                return option + (value.isEmpty() ? "" : " " + value) + " applies to "
                        + (cluster ? "the embedded stand-in" : "a cluster target") + " only; this run's target is "
                        + (cluster ? "a cluster" : "embedded") + " (" + why + ")";
            }
        }
        return null;
    }

    /** The target these options choose, connected and checked. */
    public Target open() {
        if (!cluster()) {
            EtcdConnection etcd = etcdConnection();
            if (etcd != null && embeddedStore != StandInTarget.Store.ETCD) {
                throw new TargetException(
                        "--etcd-endpoints on the embedded stand-in needs --embedded-store etcd (the stand-in's store is that etcd)");
            }
            return StandInTarget.start(
                    embeddedApiServers,
                    embeddedKms,
                    embeddedKmsMode,
                    embeddedTransitLatency,
                    embeddedListEncoder,
                    requestTimeout,
                    clientGzip,
                    embeddedStore,
                    etcd,
                    inject);
        }
        return ClusterTarget.connect(
                kubeconfig,
                context,
                apiEndpoints,
                providerMetrics,
                transitMetrics,
                restartCommand,
                insecureSkipTlsVerify,
                requestTimeout,
                clientGzip);
    }

    private boolean cluster() {
        return switch (target) {
            case CLUSTER -> true;
            case EMBEDDED -> false;
            case AUTO -> kubeconfig != null || ClusterTarget.kubeconfigFound();
        };
    }
}
