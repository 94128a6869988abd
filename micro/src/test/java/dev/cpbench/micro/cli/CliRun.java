package dev.cpbench.micro.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of {@code cpbench-micro} in the test's JVM: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MicroCli.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
