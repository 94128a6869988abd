package dev.cpbench.macro.tenants;

import picocli.CommandLine.Command;

/** mixed-hot with every tenant hot. */
@Command(
        name = "mixed-uniform",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "mixed-hot with every tenant hot (--hot-percent 100): bootstraps --tenants tenants, pre-warms objects in each,",
            "then runs open-model CRUD on all of them at --write-rps-per-tenant and --read-rps-per-tenant for --load-duration.",
            "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, timeline.csv, *.hlog, profiles/ and scrapes/ to --out."
        })
public final class MixedUniformCommand extends MixedLoadCommand {
    @Override
    double hotPercent() {
        return 100;
    }
}
