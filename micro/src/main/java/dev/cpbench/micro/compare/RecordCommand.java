package dev.cpbench.micro.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cpbench-micro record}: a JMH result appended to the {@link History}. */
@Command(
        name = "record",
        description = {
            "Appends a JMH result file to the history, one JSON line per run.",
            "Exit: 0; 1 the files cannot be read or written; 2 bad usage."
        })
public final class RecordCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--history", required = true, paramLabel = "FILE", description = "The history (JSON Lines).")
    private Path history;

    @Option(names = "--jmh", required = true, paramLabel = "RESULT.json", description = "JMH's JSON result file.")
    private Path jmh;

    @Option(
            names = "--commit",
            required = true,
            paramLabel = "SHA",
            description = "The commit the benchmarks were built from.")
    private String commit;

    @Option(names = "--dirty", description = "The work tree had uncommitted changes.")
    private boolean dirty;

    @Option(names = "--preset", required = true, paramLabel = "NAME", description = "The ./jmh.sh preset of the run.")
    private String preset;

    @Override
    public Integer call() {
        try {
            History.Run run = History.record(history, jmh, commit, dirty, preset);
            spec.commandLine().getOut().println("recorded " + run.results().size() + " results to " + history);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine()
                    .getErr()
                    .println("record: cannot record " + jmh + " to " + history + ": " + e.getMessage());
            return 1;
        }
    }
}
