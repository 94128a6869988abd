package dev.cpbench.macro.target;

import dev.cpbench.macro.common.ErrorTally;
import dev.cpbench.macro.metrics.ScrapeSource;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A real cluster, reached with a kubeconfig (fabric8's usual rules: {@code --kubeconfig}, else
 * {@code KUBECONFIG}, else {@code ~/.kube/config}); optionally through each of several API servers, with
 * a shell command that restarts them.
 */
public final class ClusterTarget implements Target {
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<ScrapeSource> sources = new ArrayList<>();
    private final String restartCommand;
    private final String description;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Clients.Shared> endpointClients = new ArrayList<>();
    private final Clients.Shared moreClients;

    private ClusterTarget(
            Config base,
            String configSource,
            List<URI> apiEndpoints,
            List<URI> providerMetrics,
            URI transitMetrics,
            String restartCommand,
            Duration requestTimeout,
            boolean clientGzip) {
        this.restartCommand = restartCommand;
        this.moreClients = new Clients.Shared(base, requestTimeout, clientGzip);
        List<URI> urls = apiEndpoints.isEmpty() ? List.of(URI.create(base.getMasterUrl())) : apiEndpoints;
        try {
            for (int i = 0; i < urls.size(); i++) {
                URI url = urls.get(i);
                Clients.Shared own = new Clients.Shared(base, requestTimeout, clientGzip); // its own event loops
                endpointClients.add(own);
                Endpoint e = new Endpoint("apiserver-" + i, url, own.forUrl(url));
                endpoints.add(e);
                sources.add(new ScrapeSource(e.name(), ScrapeSource.Kind.APISERVER, url.resolve("/metrics")));
                int code =
                        e.get("/version", String.class, Duration.ofSeconds(10)).code();
                if (code != 200) {
                    throw new TargetException("API server " + url + " answered /version with HTTP " + code
                            + (code == 401 || code == 403 ? " (check the kubeconfig's credentials)" : ""));
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (int i = 0; i < providerMetrics.size(); i++) {
            sources.add(new ScrapeSource("provider-" + i, ScrapeSource.Kind.PROVIDER, providerMetrics.get(i)));
        }
        if (transitMetrics != null) {
            sources.add(new ScrapeSource("transit", ScrapeSource.Kind.TRANSIT, transitMetrics));
        }
        description = "cluster from " + configSource
                + (base.getCurrentContext() == null
                        ? ""
                        : " context " + base.getCurrentContext().getName()) + ", " + urls.size() + " API endpoint(s)";
        facts.put("kind", "cluster");
        facts.put("kubeconfig", configSource);
        facts.put(
                "context",
                base.getCurrentContext() == null
                        ? null
                        : base.getCurrentContext().getName());
        facts.put("apiEndpoints", urls.stream().map(URI::toString).toList());
        facts.put("restartCommand", restartCommand);
        facts.put("tlsVerified", !base.isTrustCerts());
    }

    /**
     * Connects to the cluster a kubeconfig names and checks every endpoint answers {@code /version}.
     *
     * @param kubeconfig the file, or null for fabric8's usual rules
     * @param context    the context, or null for the current one
     */
    public static ClusterTarget connect(
            Path kubeconfig,
            String context,
            List<URI> apiEndpoints,
            List<URI> providerMetrics,
            URI transitMetrics,
            String restartCommand,
            boolean insecureSkipTlsVerify,
            Duration requestTimeout,
            boolean clientGzip) {
        Config base;
        String source = kubeconfig != null
                ? kubeconfig.toString()
                : String.join(File.pathSeparator, Config.getKubeconfigFilenames());
        try {
            base = kubeconfig != null
                    ? Config.fromKubeconfig(context, kubeconfig.toFile())
                    : Config.autoConfigure(context);
        } catch (RuntimeException e) { // fabric8 wraps I/O and YAML errors in assorted unchecked exceptions
            throw new TargetException(
                    "cannot use kubeconfig " + source + (context == null ? "" : " context " + context) + ": "
                            + ErrorTally.oneLine(e),
                    e);
        }
        List<String> contexts = base.getContexts() == null
                ? List.of()
                : base.getContexts().stream().map(NamedContext::getName).toList();
        if (context != null && !contexts.contains(context)) {
            // fabric8 falls back to the current context: the run would seed, restart and clean up another cluster
            throw new TargetException("kubeconfig " + source + " has no context '" + context + "'; its contexts: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts)));
        }
        if (base.getMasterUrl() == null) {
            throw new TargetException("kubeconfig " + source + " has no "
                    + (context == null ? "current context" : "server for context " + context));
        }
        if (insecureSkipTlsVerify) {
            base.setTrustCerts(true);
            base.setDisableHostnameVerification(true);
        }
        return new ClusterTarget(
                base,
                source,
                apiEndpoints,
                providerMetrics,
                transitMetrics,
                restartCommand,
                requestTimeout,
                clientGzip);
    }

    /** Whether fabric8's usual rules find a kubeconfig file. */
    public static boolean kubeconfigFound() {
        return Config.getKubeconfigFilenames().stream().anyMatch(f -> new File(f).isFile());
    }

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, Object> facts() {
        return facts;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    @Override
    public List<ScrapeSource> scrapeSources() {
        return List.copyOf(sources);
    }

    @Override
    public boolean sharedProcess() {
        return false;
    }

    /** Runs {@code --restart-cmd} with {@code sh -c}; its output goes to this console. */
    @Override
    public void restart() {
        if (restartCommand == null) {
            throw new TargetException("no --restart-cmd given: cpbench cannot restart this cluster's API servers");
        }
        try {
            int exit = new ProcessBuilder("sh", "-c", restartCommand)
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new TargetException("--restart-cmd exited with " + exit + ": " + restartCommand);
            }
        } catch (IOException e) {
            throw new TargetException("cannot run --restart-cmd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while running --restart-cmd");
        }
    }

    @Override
    public OptionalLong distinctDekSources() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        endpointClients.forEach(Clients.Shared::close);
        moreClients.close();
    }

    @Override
    public KubernetesClient clientFor(URI url) {
        return moreClients.forUrl(url);
    }
}
