package dev.cpbench.macro;

import dev.cpbench.macro.correlate.CorrelateCommand;
import dev.cpbench.macro.correlate.ValidateAttributionCommand;
import dev.cpbench.macro.kms.KmsPluginCommand;
import dev.cpbench.macro.listing.ListMemoryCommand;
import dev.cpbench.macro.merge.MergeCommand;
import dev.cpbench.macro.metadata.MetadataLoadCommand;
import dev.cpbench.macro.metadata.MetadataProxyCommand;
import dev.cpbench.macro.scenario.ColdStartCommand;
import dev.cpbench.macro.scenario.SustainedCommand;
import dev.cpbench.macro.target.StandInCommand;
import dev.cpbench.macro.tenants.BootstrapCommand;
import dev.cpbench.macro.tenants.MixedHotCommand;
import dev.cpbench.macro.tenants.MixedUniformCommand;
import dev.cpbench.macro.tenants.TenantFitCommand;
import dev.cpbench.macro.transit.TransitMockCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cpbench-macro} command; each scenario is a subcommand. A bad input, found while parsing or by a
 * command's checks before it starts anything, is one line on stderr naming the option and value, and exit code 2.
 */
@Command(
        name = "cpbench-macro",
        mixinStandardHelpOptions = true,
        version = "cpbench-macro 0.1.0",
        description = "Runs cpbench's macro scenarios and the endpoints they use.",
        subcommands = {
            ColdStartCommand.class,
            SustainedCommand.class,
            BootstrapCommand.class,
            MixedHotCommand.class,
            MixedUniformCommand.class,
            TenantFitCommand.class,
            MergeCommand.class,
            CorrelateCommand.class,
            ValidateAttributionCommand.class,
            ListMemoryCommand.class,
            MetadataProxyCommand.class,
            MetadataLoadCommand.class,
            KmsPluginCommand.class,
            TransitMockCommand.class,
            StandInCommand.class
        })
public final class MacroCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI as main runs it: enum values are accepted in any case ({@code --mode coalesce}); usage errors are one line. */
    public static CommandLine commandLine() {
        return new CommandLine(new MacroCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(MacroCli::usageError);
    }

    /** One line, {@code <command>: <what is wrong> (see <command> --help)}, and exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandName();
        cli.getErr()
                .println(command + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ") + " (see " + command
                        + " --help)");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
