package dev.cpbench.micro;

import dev.cpbench.jmhresults.JmhResults;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cpbench-micro table FILE.json}: the {@link ResultTable} of any JMH result file. */
@Command(
        name = "table",
        description = {
            "Prints the compact table ./jmh.sh prints after a run, for any JMH JSON result file.",
            "Exit: 0; 2 the file is missing, empty or not JMH JSON (one line says which)."
        })
public final class TableCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE.json", description = "A JMH JSON result file.")
    private Path file;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(ResultTable.render(JmhResults.read(file), List.of()));
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("table: " + e.getMessage());
            return 2;
        }
    }
}
