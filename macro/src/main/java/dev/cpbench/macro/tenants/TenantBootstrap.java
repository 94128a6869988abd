package dev.cpbench.macro.tenants;

import dev.cpbench.fixtures.Deadline;
import dev.cpbench.macro.latency.OperationLatencies;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.TargetException;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * Creates tenants with W workers, each taking the next tenant until none is left: (in URL mode: wait for the
 * tenant's control plane to serve {@code /api}, define the CRD in it and wait until it is established) create
 * the namespace, the custom resource and the ConfigMaps, then read the custom resource back; only then is
 * the tenant ready. Every request is timed and counted; a failed request ends that tenant, not the run.
 */
final class TenantBootstrap {
    static final String CREATE = "create";
    static final String READ = "read";
    static final String ESTABLISHED = "crd-established";
    static final String TENANT = "tenant";
    private static final long POLL_MS = 50;

    private final List<Tenant> tenants;
    private final int objectsPerTenant;
    private final OperationLatencies latencies;
    private final OperationTally tally;
    private final Duration readyTimeout;
    final LongAdder ready = new LongAdder();

    TenantBootstrap(
            List<Tenant> tenants,
            int objectsPerTenant,
            OperationLatencies latencies,
            OperationTally tally,
            Duration readyTimeout) {
        this.tenants = tenants;
        this.objectsPerTenant = objectsPerTenant;
        this.latencies = latencies;
        this.tally = tally;
        this.readyTimeout = readyTimeout;
    }

    /** Bootstraps every tenant with {@code workers} workers; returns when all are done (ready or failed). */
    void run(int workers, PrintStream console) throws InterruptedException {
        Workers.forEach("bootstrap", tenants, workers, console, this::bootstrap);
    }

    /**
     * Defines the tenants' CRD through {@code endpoints.get(0)} (an existing one is kept) and waits until it is
     * established and every endpoint serves its resource; with {@code create} false (shards other than 0), only
     * waits until it is served, so that N shards make the requests one process makes.
     */
    void define(List<Endpoint> endpoints, String latencyTag, boolean create) throws Exception {
        long start = System.nanoTime();
        KubernetesClient client = endpoints.get(0).client();
        if (create) {
            timed(CREATE, latencyTag, () -> createDefinition(client));
            awaitEstablished(client, latencyTag, start);
        }
        for (Endpoint e : endpoints) {
            awaitServed(e.client());
        }
    }

    private void bootstrap(Tenant t) {
        long start = System.nanoTime();
        KubernetesClient c = t.endpoint().client();
        String ns = t.namespace();
        try {
            if (t.ownControlPlane()) {
                awaitServing(t);
                timed(CREATE, t.latencyTag(), () -> createDefinition(c));
                awaitEstablished(c, t.latencyTag(), System.nanoTime());
                awaitServed(c);
            }
            timed(
                    CREATE,
                    t.latencyTag(),
                    () -> c.namespaces()
                            .resource(Tenancy.namespace(ns, t.name()))
                            .create());
            timed(
                    CREATE,
                    t.latencyTag(),
                    () -> c.genericKubernetesResources(Tenancy.CONFIGS)
                            .inNamespace(ns)
                            .resource(Tenancy.config(ns, t.name()))
                            .create());
            for (int k = 0; k < objectsPerTenant; k++) {
                String name = "object-" + k;
                timed(
                        CREATE,
                        t.latencyTag(),
                        () -> c.configMaps()
                                .inNamespace(ns)
                                .resource(Tenancy.object(ns, name, t.name(), TenantOptions.BOOTSTRAP_OBJECT_BYTES))
                                .create());
            }
            timed(READ, t.latencyTag(), () -> {
                if (c.genericKubernetesResources(Tenancy.CONFIGS)
                                .inNamespace(ns)
                                .withName(Tenancy.CONFIG_NAME)
                                .get()
                        == null) {
                    throw new KubernetesClientException(
                            "custom resource " + ns + "/" + Tenancy.CONFIG_NAME + " not found after creating it",
                            404,
                            null);
                }
                return null;
            });
            ready.increment();
            latencies.record(TENANT, t.latencyTag(), start, System.nanoTime());
            tally.ok(TENANT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            tally.failed(TENANT, e);
        }
    }

    private static Object createDefinition(KubernetesClient c) {
        try {
            return c.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(Tenancy.definition())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == OperationTally.CONFLICT) {
                return null; // already defined: the run uses it as it is
            }
            throw e;
        }
    }

    /** Polls the CRD until its Established condition is True; the wait is timed as {@value #ESTABLISHED}. */
    private void awaitEstablished(KubernetesClient c, String latencyTag, long start) throws InterruptedException {
        Deadline deadline = Deadline.after(start, readyTimeout);
        while (true) {
            CustomResourceDefinition crd = c.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(Tenancy.CRD_NAME)
                    .get();
            if (crd != null
                    && crd.getStatus() != null
                    && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()))) {
                latencies.record(ESTABLISHED, latencyTag, start, System.nanoTime());
                return;
            }
            deadline.pauseOrGiveUp(
                    POLL_MS,
                    () -> new TargetException("CRD " + Tenancy.CRD_NAME + " not established after "
                            + readyTimeout.toSeconds() + " s at " + c.getMasterUrl()));
        }
    }

    /** Polls until listing the custom resources answers (an API server that has not learnt the CRD says 404). */
    private void awaitServed(KubernetesClient c) throws InterruptedException {
        Deadline deadline = Deadline.in(readyTimeout);
        while (true) {
            try {
                c.genericKubernetesResources(Tenancy.CONFIGS)
                        .inAnyNamespace()
                        .list(new ListOptionsBuilder().withLimit(1L).build());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            deadline.pauseOrGiveUp(
                    POLL_MS,
                    () -> new TargetException(Tenancy.CRD_NAME + " not served after " + readyTimeout.toSeconds()
                            + " s at " + c.getMasterUrl()));
        }
    }

    /** A virtual control plane is ready to use when its discovery ({@code /api}) answers 200. */
    private void awaitServing(Tenant t) throws InterruptedException {
        Deadline deadline = Deadline.in(readyTimeout);
        while (true) {
            String last;
            try {
                int code = t.endpoint().get("/api", String.class, readyTimeout).code();
                if (code == 200) {
                    return;
                }
                last = "HTTP " + code;
            } catch (TargetException e) {
                last = e.getMessage();
            }
            String reason = last;
            deadline.pauseOrGiveUp(
                    POLL_MS,
                    () -> new TargetException("tenant " + t.name() + "'s control plane "
                            + t.endpoint().url() + " not serving /api after " + readyTimeout.toSeconds() + " s: "
                            + reason));
        }
    }

    /** Runs one request, timed as {@code operation} from its start; counts it and rethrows a failure. */
    private void timed(String operation, String latencyTag, Callable<?> request) throws Exception {
        long start = System.nanoTime();
        try {
            request.call();
            tally.ok(operation);
        } catch (Exception e) {
            tally.failed(operation, e);
            throw e;
        } finally {
            latencies.record(operation, latencyTag, start, System.nanoTime());
        }
    }
}
