package dev.cpbench.macro.tenants;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.scenario.RunRecord;
import dev.cpbench.macro.target.Target;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Bootstraps N tenants, lets them settle, then waits idle to see what N tenants cost at rest. */
@Command(
        name = "bootstrap",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Bootstraps --tenants tenants with --workers (a tenant = a namespace with a CRD-backed custom resource and a few",
            "ConfigMaps, or a virtual control plane with --tenant-url-template), then samples after --post-bootstrap-settle and",
            "again after --steady-wait. Reports per-phase and per-tenant cost, latencies and a pod sizing table.",
            "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, timeline.csv, *.hlog, profiles/ and scrapes/ to --out."
        })
public final class BootstrapCommand extends TenantScenarioCommand {
    static final String STEADY = "steady";

    @Option(
            names = "--steady-wait",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Idle time after the post sample, before the steady sample (default: ${DEFAULT-VALUE}).")
    Duration steadyWait;

    @Override
    void afterBootstrap(Target target, RunRecord run) throws Exception {
        pause(run, "steady-wait", steadyWait);
        profiledSample(target, run, STEADY);
    }

    @Override
    String steadyFrom() {
        return RunRecord.POST;
    }

    @Override
    String steadyTo() {
        return STEADY;
    }

    @Override
    MixedLoad.Rates rates() {
        return null;
    }
}
