package dev.cpbench.macro.tenants;

import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.scenario.RunRecord;
import dev.cpbench.macro.scenario.ScenarioCommand;
import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * What the tenant scenarios share (sharded with {@code --shard I/N}: tenant i is shard i mod N's, shard 0 alone
 * cleans up at the start and defines the CRD, the bootstrap starts at {@code --start-at}): clean start where the target allows it (leftover tenants deleted, API
 * servers restarted with {@code --restart-cmd}) → {@code --warmup} → baseline sample → bootstrap N tenants →
 * bootstrap-end sample → {@code --post-bootstrap-settle} → post sample → the scenario's own phases. Samples
 * after the bootstrap come with heap profiles; a timeline of process figures runs throughout for peaks and
 * CPU bursts. The report turns it into per-phase, per-tenant, latency and sizing tables ({@link TenantReport}).
 */
abstract class TenantScenarioCommand extends ScenarioCommand {
    static final String BOOTSTRAP_END = "bootstrap-end";

    @Mixin
    TenantOptions tenantOptions;

    final OperationTally tally = new OperationTally();
    final Map<String, Map<String, Double>> profileFigures = new LinkedHashMap<>();
    List<Tenant> tenants = List.of();
    /** This shard's tenants (all of them unsharded). */
    List<Tenant> ownTenants = List.of();

    TenantBootstrap bootstrap;
    ProcessTimeline timeline;
    Profiles profiles;
    long runStartNanos;
    long bootstrapStartNanos;
    long bootstrapEndNanos;

    /** The scenario's phases after the post sample. */
    abstract void afterBootstrap(Target target, RunRecord run) throws Exception;

    /** The samples that open and close the steady window sizing reads requests from. */
    abstract String steadyFrom();

    abstract String steadyTo();

    /** The open-model load's rates, or null when the scenario has none. */
    abstract MixedLoad.Rates rates();

    @Override
    protected void validate() {
        String problem = tenantOptions.problem();
        if (problem != null) {
            throw badOption(problem);
        }
    }

    @Override
    protected String runLabel() {
        return Integer.toString(tenantOptions.tenants);
    }

    @Override
    protected final void execute(Target target, RunRecord run) throws Exception {
        runStartNanos = System.nanoTime();
        tenants = layout(target);
        ownTenants = tenants.stream().filter(t -> shard.owns(t.index())).toList();
        bootstrap = new TenantBootstrap(
                ownTenants, tenantOptions.objectsPerTenant, run.latencies, tally, targetOptions.readyTimeout);
        profiles = new Profiles(run.dir());
        timeline = new ProcessTimeline(apiServerProcesses(target), target.fetcher(), tenantOptions.sampleInterval);
        run.facts.put("tenants", tenants.size());
        run.facts.put("tenantsOfThisShard", ownTenants.size());
        run.facts.put("tenantMode", tenantOptions.urlTemplate == null ? "namespace" : "url-template");
        cleanStart(target, run);
        if (!tenantOptions.warmup.isZero()) {
            run.phase("warmup", () -> {
                warmup(target);
                return null;
            });
        }
        profiledSample(target, run, RunRecord.BASELINE);
        awaitStartAt(run);
        bootstrapStartNanos = System.nanoTime();
        run.phase("bootstrap", () -> {
            if (tenantOptions.urlTemplate == null) {
                bootstrap.define(target.endpoints(), target.endpoints().get(0).name(), shard.index() == 0);
            }
            bootstrap.run(tenantOptions.workers, console);
            return null;
        });
        bootstrapEndNanos = System.nanoTime();
        long ready = bootstrap.ready.sum();
        run.facts.put("tenantsReady", ready);
        run.facts.put(
                "bootstrapTenantsPerSecond",
                Math.round(ready / ((bootstrapEndNanos - bootstrapStartNanos) / 1e9) * 10) / 10.0);
        run.sample(BOOTSTRAP_END);
        pause(run, "post-bootstrap-settle", tenantOptions.postBootstrapSettle);
        profiledSample(target, run, RunRecord.POST);
        afterBootstrap(target, run);
    }

    /** Profiles first (on the embedded stand-in that collects the heap, so the sample's heap is the live set), then the sample. */
    void profiledSample(Target target, RunRecord run, String phase) throws Exception {
        run.phase(phase + "-profile", () -> {
            profileFigures.put(phase, profiles.capture(target, phase));
            return null;
        });
        run.sample(phase);
    }

    @Override
    protected RunRecord.Status outcome(RunRecord run) {
        if (tally.errors() > 0) {
            return RunRecord.Status.ERRORS;
        }
        boolean rateHeld = rates() == null || rates().held();
        return bootstrap != null && bootstrap.ready.sum() == ownTenants.size() && rateHeld
                ? RunRecord.Status.OK
                : RunRecord.Status.INCOMPLETE;
    }

    @Override
    protected Map<String, Object> resultsJson(RunRecord run) {
        return report(run).json();
    }

    @Override
    protected String summaryHead(RunRecord run) {
        return report(run).markdown();
    }

    private TenantReport report(RunRecord run) {
        return new TenantReport(
                run,
                spec.name(),
                tenantOptions.tenants,
                ownTenants.size(),
                bootstrap == null ? 0 : bootstrap.ready.sum(),
                tally,
                rates(),
                profileFigures,
                timeline,
                bootstrapStartNanos,
                bootstrapEndNanos,
                steadyFrom(),
                steadyTo(),
                tenantOptions.safetyFactor,
                profiles == null ? List.of() : List.copyOf(profiles.unavailable()));
    }

    @Override
    protected void finish(Target target, RunRecord run) {
        if (timeline != null) {
            try {
                timeline.write(run.dir().resolve("timeline.csv"), runStartNanos);
            } catch (IOException e) {
                run.note("cannot write timeline.csv: " + e.getMessage());
            }
        }
        if (!tenantOptions.keepTenants && !target.embedded() && !ownTenants.isEmpty()) {
            try {
                run.phase("cleanup", () -> {
                    Workers.forEach("cleanup", ownTenants, tenantOptions.workers, console, t -> deleteQuietly(t, run));
                    return null;
                });
            } catch (Exception e) {
                run.note("cleanup stopped: " + e.getMessage());
            }
        }
        if (tenantOptions.urlTemplate != null) {
            tenants.forEach(t -> t.endpoint().client().close());
        }
    }

    private static void deleteQuietly(Tenant t, RunRecord run) {
        try {
            t.endpoint().client().namespaces().withName(t.namespace()).delete();
            if (t.ownControlPlane()) {
                t.endpoint()
                        .client()
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(Tenancy.CRD_NAME)
                        .delete();
            }
        } catch (KubernetesClientException e) {
            run.note("cleanup of tenant " + t.name() + ": " + e.getMessage());
        }
    }

    /** Namespace mode: tenant i on API server i mod N. URL mode: each tenant its own control plane at the template's URL. */
    private List<Tenant> layout(Target target) {
        List<Endpoint> endpoints = target.endpoints();
        List<Tenant> out = new ArrayList<>();
        for (int i = 0; i < tenantOptions.tenants; i++) {
            String name = tenantOptions.name(i);
            if (tenantOptions.urlTemplate == null) {
                Endpoint e = endpoints.get(i % endpoints.size());
                out.add(new Tenant(i, name, name, e, false, e.name()));
            } else {
                URI url = URI.create(tenantOptions.urlTemplate.replace("{name}", name));
                out.add(new Tenant(
                        i,
                        name,
                        Tenancy.NAMESPACE_IN_OWN_CONTROL_PLANE,
                        new Endpoint(name, url, target.clientFor(url)),
                        true,
                        "tenant-urls"));
            }
        }
        return out;
    }

    /**
     * Leftover tenants of earlier runs (namespaces labelled {@value Tenancy#TENANT_LABEL}) are deleted, and with
     * {@code --restart-cmd} the API servers restarted; the embedded stand-in starts empty anyway.
     */
    private void cleanStart(Target target, RunRecord run) throws Exception {
        if (target.embedded() || shard.index() > 0) {
            return; // shard 0 cleans for all shards, before --start-at
        }
        run.phase("clean-start", () -> {
            if (tenantOptions.urlTemplate == null) {
                List<Namespace> leftovers = target.endpoints()
                        .get(0)
                        .client()
                        .namespaces()
                        .withLabel(Tenancy.TENANT_LABEL)
                        .list()
                        .getItems();
                if (!leftovers.isEmpty()) {
                    console.println("deleting " + leftovers.size() + " tenant namespace(s) left by an earlier run");
                    Workers.forEach(
                            "clean-start",
                            leftovers,
                            tenantOptions.workers,
                            console,
                            ns -> target.endpoints()
                                    .get(0)
                                    .client()
                                    .namespaces()
                                    .resource(ns)
                                    .delete());
                    run.facts.put("leftoverTenantsDeleted", leftovers.size());
                }
            }
            if (targetOptions.restartCommand != null) {
                target.restart();
                target.awaitReady(targetOptions.readyTimeout);
                run.facts.put("restartedAtStart", true);
            }
            return null;
        });
    }

    /** Light reads on every endpoint until the warm-up ends: one namespace listed at a time. */
    private void warmup(Target target) {
        long deadline = System.nanoTime() + tenantOptions.warmup.toNanos();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            for (Endpoint e : target.endpoints()) {
                e.client()
                        .namespaces()
                        .list(new ListOptionsBuilder().withLimit(1L).build());
            }
        }
    }

    /** The API servers' processes: one source each, or the first alone when they are one process. */
    private static List<ScrapeSource> apiServerProcesses(Target target) {
        List<ScrapeSource> api = target.scrapeSources().stream()
                .filter(s -> s.kind() == ScrapeSource.Kind.APISERVER)
                .toList();
        return target.sharedProcess() && !api.isEmpty() ? List.of(api.get(0)) : api;
    }
}
