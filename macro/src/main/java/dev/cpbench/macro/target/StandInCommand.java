package dev.cpbench.macro.target;

import dev.cpbench.fixtures.kms.TransitKeyService;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.macro.common.ShutdownSignal;
import dev.cpbench.macro.metrics.ScrapeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serves the embedded stand-in (API servers, KMS v2 plugin, Transit mock) as a process of its own, with a
 * kubeconfig for it, so that several processes (shards) can share one target on one machine.
 */
@Command(
        name = "stand-in",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves the embedded stand-in (N API servers over one store, the KMS v2 plugin and the Transit mock) until Ctrl-C,",
            "writes a kubeconfig for it and prints the target flags a scenario needs, e.g. for shards on one machine:",
            "  ./macro.sh stand-in --kubeconfig-out /tmp/stand-in.kubeconfig &",
            "  ./macro.sh bootstrap --target cluster --kubeconfig /tmp/stand-in.kubeconfig --shard 0/2 ..."
        })
public final class StandInCommand implements Callable<Integer> {
    private static final long RESTART_POLL_MS = 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--api-servers",
            defaultValue = "3",
            description = "API servers over the one store (default: ${DEFAULT-VALUE}).")
    int apiServers;

    @Option(
            names = "--kubeconfig-out",
            defaultValue = "stand-in.kubeconfig",
            description = "Where to write the kubeconfig (server: the first API server) (default: ${DEFAULT-VALUE}).")
    Path kubeconfig;

    @Option(
            names = "--embedded-store",
            defaultValue = "memory",
            description =
                    "Where the API servers keep their objects: memory (an in-process etcd model) or etcd (`etcd` on PATH, "
                            + "started on loopback with a temporary data dir, stopped and removed at exit) (default: ${DEFAULT-VALUE}).")
    StandInTarget.Store store;

    @Option(
            names = "--restart-file",
            paramLabel = "FILE",
            description =
                    "When this file appears, restart every API server, then delete it: --restart-cmd 'touch FILE && "
                            + "while [ -e FILE ]; do sleep 0.05; done' restarts them from a scenario (default: none).")
    Path restartFile;

    @Override
    public Integer call() throws Exception {
        if (apiServers < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--api-servers must be at least 1, got " + apiServers);
        }
        try (StandInTarget target = StandInTarget.start(
                apiServers,
                StandInTarget.Kms.PLUGIN,
                TransitKeyService.Mode.DIRECT,
                Duration.ZERO,
                ListEncoder.STREAMING,
                Duration.ofSeconds(60),
                true,
                store,
                null,
                List.of())) {
            List<String> api =
                    target.endpoints().stream().map(e -> e.url().toString()).toList();
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: cpbench-stand-in
                      cluster:
                        server: %s
                    contexts:
                    - name: cpbench-stand-in
                      context:
                        cluster: cpbench-stand-in
                        user: cpbench
                    current-context: cpbench-stand-in
                    users:
                    - name: cpbench
                      user: {}
                    """.formatted(api.get(0)), StandardCharsets.UTF_8);
            String provider = target.scrapeSources().stream()
                    .filter(s -> s.kind() == ScrapeSource.Kind.PROVIDER)
                    .map(s -> " --provider-metrics " + s.url())
                    .findFirst()
                    .orElse("");
            String transit = target.scrapeSources().stream()
                    .filter(s -> s.kind() == ScrapeSource.Kind.TRANSIT)
                    .map(s -> " --transit-metrics " + s.url())
                    .findFirst()
                    .orElse("");
            String etcd = target.etcd()
                    .map(c -> " --etcd-endpoints " + c.endpoints().get(0))
                    .orElse("");
            System.out.println("stand-in: serving " + String.join(", ", api) + " (not a real cluster) over "
                    + target.cluster().store().description());
            System.out.println("stand-in: target flags: --target cluster --kubeconfig " + kubeconfig
                    + " --api-endpoints " + String.join(",", api) + provider + transit + etcd);
            System.out.flush();
            if (restartFile != null) {
                Thread restarter = new Thread(() -> restartOnRequest(target), "cpbench-stand-in-restart");
                restarter.setDaemon(true);
                restarter.start();
            }
            ShutdownSignal.await();
        } catch (TargetException e) {
            System.err.println("stand-in: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private void restartOnRequest(StandInTarget target) {
        try {
            while (true) {
                if (Files.exists(restartFile)) {
                    target.restart();
                    Files.deleteIfExists(restartFile);
                    System.out.println("stand-in: restarted every API server");
                }
                Thread.sleep(RESTART_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            System.err.println("stand-in: cannot delete " + restartFile + ": " + e.getMessage() + "; restarts stop");
        }
    }
}
