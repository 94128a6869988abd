package dev.cpbench.macro;

import dev.cpbench.macro.correlate.CorrelateCommand;
import dev.cpbench.macro.listing.ListMemoryCommand;
import dev.cpbench.macro.merge.MergeCommand;
import dev.cpbench.macro.metadata.MetadataLoadCommand;
import dev.cpbench.macro.metadata.MetadataProxyCommand;
import dev.cpbench.macro.scenario.ColdStartCommand;
import dev.cpbench.macro.scenario.SustainedCommand;
import dev.cpbench.macro.tenants.BootstrapCommand;
import dev.cpbench.macro.tenants.MixedHotCommand;
import dev.cpbench.macro.tenants.MixedUniformCommand;
import dev.cpbench.macro.tenants.TenantFitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cpbench-macro} command; each scenario is a subcommand. */
@Command(name = "cpbench-macro", mixinStandardHelpOptions = true, version = "cpbench-macro 0.1.0",
        description = "Runs cpbench's macro scenarios and the endpoints they use.",
        subcommands = {ColdStartCommand.class, SustainedCommand.class, BootstrapCommand.class, MixedHotCommand.class,
                MixedUniformCommand.class, TenantFitCommand.class, MergeCommand.class, CorrelateCommand.class, ListMemoryCommand.class,
                MetadataProxyCommand.class, MetadataLoadCommand.class, KmsPluginCommand.class,
                TransitMockCommand.class, StandInCommand.class})
public final class MacroCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI as main runs it: enum values are accepted in any case ({@code --mode coalesce}). */
    public static CommandLine commandLine() {
        return new CommandLine(new MacroCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
