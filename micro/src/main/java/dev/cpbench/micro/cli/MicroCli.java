package dev.cpbench.micro.cli;

import dev.cpbench.micro.RunCommand;
import dev.cpbench.micro.TableCommand;
import dev.cpbench.micro.compare.CompareCommand;
import dev.cpbench.micro.compare.RecordCommand;
import dev.cpbench.micro.compare.TrendCommand;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cpbench-micro} command: the tools around the benchmarks, over one reader of JMH results
 * ({@code dev.cpbench.jmhresults}). {@code ./jmh.sh} builds the jar, picks the preset and hands off to one of them.
 * Arguments are taken as given: none starting with {@code @} is read as an argument file (JMH's are not).
 */
@Command(
        name = "cpbench-micro",
        mixinStandardHelpOptions = true,
        version = "cpbench-micro 0.1.0",
        description =
                "The tools of ./jmh.sh: run the benchmarks, compare two builds, record and chart the history, print a result's table.",
        subcommands = {
            RunCommand.class,
            CompareCommand.class,
            RecordCommand.class,
            TrendCommand.class,
            TableCommand.class
        })
public final class MicroCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI as main runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new MicroCli()).setExpandAtFiles(false).setExecutionExceptionHandler(MicroCli::failed);
    }

    /** A command that cannot go on: one line, {@code <command>: <why>}; exit 2 (130 when interrupted). */
    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        int exit;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            cli.getErr().println(cli.getCommandName() + ": interrupted");
            exit = 130;
        } else if (e instanceof IOException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
            cli.getErr().println(cli.getCommandName() + ": " + e.getMessage());
            exit = 2;
        } else {
            throw e;
        }
        cli.getErr().flush(); // main exits next
        return exit;
    }
}
