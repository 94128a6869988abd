package dev.cpbench.macro.tenants;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Bootstrap, then open-model CRUD on the hottest {@code --hot-percent} of the tenants. */
@Command(
        name = "mixed-hot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Bootstraps --tenants tenants, pre-warms objects in the first --hot-percent of them, then runs open-model",
            "CRUD on those at --write-rps-per-tenant (GET + UPDATE) and --read-rps-per-tenant (GET) for --load-duration.",
            "Latency counts from each operation's intended send time; 409 conflicts are counted apart from errors.",
            "Writes summary.md, run.json, phases.csv, latency.csv, samples.csv, timeline.csv, *.hlog, profiles/ and scrapes/ to --out."
        })
public final class MixedHotCommand extends MixedLoadCommand {
    @Option(
            names = "--hot-percent",
            defaultValue = "10",
            description = "Percent of the tenants that get load (default: ${DEFAULT-VALUE}).")
    double hotPercent;

    @Override
    double hotPercent() {
        return hotPercent;
    }
}
