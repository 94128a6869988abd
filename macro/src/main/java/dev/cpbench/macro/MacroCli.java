package dev.cpbench.macro;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cpbench-macro} command; each scenario is a subcommand. */
@Command(name = "cpbench-macro", mixinStandardHelpOptions = true, version = "cpbench-macro 0.1.0",
        description = "Runs cpbench's macro scenarios against a Kubernetes cluster or an embedded stand-in.")
public final class MacroCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new MacroCli()).execute(args));
    }
}
