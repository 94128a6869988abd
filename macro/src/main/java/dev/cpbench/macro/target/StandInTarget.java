package dev.cpbench.macro.target;

import dev.cpbench.fixtures.TempDirectory;
import dev.cpbench.fixtures.cluster.ApiServer;
import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.EtcdConnection;
import dev.cpbench.fixtures.cluster.EtcdProcess;
import dev.cpbench.fixtures.cluster.EtcdV3Store;
import dev.cpbench.fixtures.cluster.ResourceType;
import dev.cpbench.fixtures.cluster.StandInCluster;
import dev.cpbench.fixtures.envelope.InProcessKeyService;
import dev.cpbench.fixtures.envelope.KeyService;
import dev.cpbench.fixtures.kms.GrpcKeyService;
import dev.cpbench.fixtures.kms.KmsEndpoint;
import dev.cpbench.fixtures.kms.KmsPluginServer;
import dev.cpbench.fixtures.kms.PluginMetrics;
import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.fixtures.transit.TransitClient;
import dev.cpbench.fixtures.transit.TransitOptions;
import dev.cpbench.fixtures.transit.TransitServer;
import dev.cpbench.macro.common.MetricsEndpoint;
import dev.cpbench.macro.metrics.ScrapeSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The embedded stand-in, all in this JVM: N API servers over one store, the in-memory etcd model or a real etcd
 * (Secrets encrypted at rest with the KMS v2 envelope), behind either the real provider chain (each API server a gRPC client of one KMS v2
 * plugin on a Unix socket, the plugin backed by the Transit mock) or an in-process KMS.
 */
public final class StandInTarget implements Target {
    /** Which KMS the embedded API servers use. */
    public enum Kms {
        PLUGIN,
        IN_PROCESS
    }

    /** Where the embedded API servers keep their objects: the in-process etcd model, or a real etcd. */
    public enum Store {
        MEMORY,
        ETCD
    }

    /** How long a child etcd may take to answer {@code /health}: generous, the machine may be busy. */
    private static final Duration ETCD_READY_TIMEOUT = Duration.ofSeconds(60);

    static final String TRANSIT_KEY = "kek";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ScrapeSource> sources = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final StandInCluster cluster;
    private final Kms kms;
    private final String kmsDescription;
    private final ListEncoder listEncoder;
    private final List<Clients.Shared> endpointClients = new ArrayList<>();
    private final Clients.Shared moreClients;
    private final Store store;
    private final EtcdConnection etcd;
    private final String providerName;
    /** Costs added to hot paths (--inject); empty for a measurement. */
    private final List<InjectedCost> injected;

    private StandInTarget(
            int apiServers,
            Kms kms,
            TransitKeyService.Mode mode,
            Duration transitLatency,
            ListEncoder listEncoder,
            Duration requestTimeout,
            boolean clientGzip,
            Store store,
            EtcdConnection etcdEndpoints,
            List<InjectedCost> injected) {
        this.kms = kms;
        this.injected = List.copyOf(injected);
        this.store = store;
        this.listEncoder = listEncoder;
        this.moreClients = new Clients.Shared(Config.empty(), requestTimeout, clientGzip);
        try {
            Supplier<KeyService> keyServices;
            if (kms == Kms.PLUGIN) {
                TransitServer transit = keep(TransitServer.start(
                        TransitOptions.builder().latency(transitLatency).build()));
                KmsEndpoint socket = KmsEndpoint.ofPath(
                        keep(TempDirectory.create("cpbench-kms")).path().resolve("kms.sock"));
                PluginMetrics pluginMetrics = new PluginMetrics();
                TransitClient client =
                        new TransitClient(transit.url(), TRANSIT_KEY, null, TransitKeyService.DEFAULT_TRANSIT_TIMEOUT);
                TransitKeyService plugin = keep(new TransitKeyService(
                        client,
                        TRANSIT_KEY,
                        mode,
                        TransitKeyService.DEFAULT_WINDOW,
                        TransitKeyService.DEFAULT_MAX_BATCH,
                        pluginMetrics));
                keep(KmsPluginServer.start(socket, plugin));
                MetricsEndpoint pluginEndpoint = keep(
                        MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), pluginMetrics::prometheusText));
                keyServices = () -> GrpcKeyService.connect(socket);
                kmsDescription = "KMS v2 plugin over the Unix socket " + socket + " ("
                        + mode.name().toLowerCase() + " decrypt) backed by the Transit mock";
                sources.add(new ScrapeSource("kms-plugin", ScrapeSource.Kind.PROVIDER, pluginEndpoint.url()));
                sources.add(new ScrapeSource("transit", ScrapeSource.Kind.TRANSIT, transit.metricsUrl()));
            } else {
                InProcessKeyService shared = new InProcessKeyService();
                keyServices = () -> shared;
                kmsDescription = "in-process KMS";
            }
            ClusterOptions.Builder options = ClusterOptions.builder()
                    .apiServers(apiServers)
                    .keyServices(keyServices)
                    .listEncoder(listEncoder)
                    .injection(InjectedCost.injection(injected));
            etcd = store == Store.ETCD ? startEtcd(etcdEndpoints) : null;
            if (etcd != null) {
                options.stores(() -> EtcdV3Store.connect(etcd));
            }
            ClusterOptions built = options.build();
            providerName = built.providerName();
            cluster = keep(StandInCluster.start(built));
        } catch (EtcdConnection.EtcdUnreachableException e) {
            close();
            throw new TargetException(e.getMessage());
        } catch (IOException | IllegalStateException e) { // an API server, the plugin or the Transit mock did not start
            close();
            throw new TargetException("the embedded stand-in did not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        List<ScrapeSource> apiSources = new ArrayList<>();
        for (ApiServer server : cluster.apiServers()) {
            Clients.Shared own = new Clients.Shared(Config.empty(), requestTimeout, clientGzip); // its own event loops
            endpointClients.add(own);
            Endpoint endpoint = new Endpoint(server.name(), server.url(), own.forUrl(server.url()));
            endpoints.add(endpoint);
            apiSources.add(new ScrapeSource(
                    server.name(), ScrapeSource.Kind.APISERVER, server.url().resolve("/metrics")));
        }
        sources.addAll(0, apiSources);
    }

    /**
     * Starts the stand-in; with {@link Store#ETCD} over {@code etcdEndpoints}, or when that is null over a child
     * {@code etcd} on loopback (killed, its data directory removed, when the target closes).
     *
     * @throws TargetException when etcd is not on PATH, does not start, or is unreachable
     */
    public static StandInTarget start(
            int apiServers,
            Kms kms,
            TransitKeyService.Mode mode,
            Duration transitLatency,
            ListEncoder listEncoder,
            Duration requestTimeout,
            boolean clientGzip,
            Store store,
            EtcdConnection etcdEndpoints,
            List<InjectedCost> injected) {
        return new StandInTarget(
                apiServers,
                kms,
                mode,
                transitLatency,
                listEncoder,
                requestTimeout,
                clientGzip,
                store,
                etcdEndpoints,
                injected);
    }

    private EtcdConnection startEtcd(EtcdConnection endpoints) {
        if (endpoints != null) {
            return endpoints;
        }
        try {
            return EtcdConnection.plain(
                    keep(EtcdProcess.start(ETCD_READY_TIMEOUT)).clientUrl());
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new TargetException("--embedded-store etcd: " + e.getMessage());
        }
    }

    public StandInCluster cluster() {
        return cluster;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public String description() {
        return "embedded stand-in (not a real cluster): " + endpoints.size() + " API server(s) in this JVM over "
                + storeDescription() + ", " + kmsDescription + ", " + ListEncoderConverter.label(listEncoder)
                + " LIST encoding"
                + (injected.isEmpty()
                        ? ""
                        : ", with injected costs ("
                                + injected.stream().map(InjectedCost::toString).collect(Collectors.joining(", "))
                                + ") to validate an attribution");
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kind", "embedded");
        facts.put("apiServers", endpoints.size());
        facts.put("kms", kms.name().toLowerCase().replace('_', '-'));
        facts.put("kmsDescription", kmsDescription);
        facts.put("listEncoder", ListEncoderConverter.label(listEncoder));
        facts.put("injected", injected.stream().map(InjectedCost::toString).toList());
        facts.put("store", store.name().toLowerCase());
        facts.put("storeDescription", storeDescription());
        facts.put(
                "note",
                "figures come from the embedded stand-in, not a real cluster; process figures are the harness JVM's");
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
        return true;
    }

    @Override
    public void restart() {
        cluster.apiServers().forEach(ApiServer::restart);
    }

    @Override
    public Optional<EtcdConnection> etcd() {
        return Optional.ofNullable(etcd);
    }

    @Override
    public Optional<String> kmsProviderName() {
        return Optional.of(providerName);
    }

    /** "an in-memory etcd model" or "etcd 3.4.23 at http://127.0.0.1:port". */
    private String storeDescription() {
        return store == Store.MEMORY
                ? "an in-memory etcd model"
                : cluster.store().description();
    }

    @Override
    public OptionalLong distinctDekSources() {
        return OptionalLong.of(cluster.distinctDekSources(ResourceType.SECRETS));
    }

    /** Closes the API servers, the KMS chain, then the clients (clients first makes Netty log rejected tasks). */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("cpbench: closing " + resources.get(i) + ": " + e.getMessage());
            }
        }
        resources.clear();
        endpointClients.forEach(Clients.Shared::close);
        moreClients.close();
    }

    @Override
    public KubernetesClient clientFor(URI url) {
        return moreClients.forUrl(url);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }
}
