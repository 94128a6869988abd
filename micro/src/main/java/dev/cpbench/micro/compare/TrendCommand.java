package dev.cpbench.micro.compare;

import dev.cpbench.micro.compare.History.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cpbench-micro trend}: the {@link Trend} of a {@link History}. */
@Command(
        name = "trend",
        description = {
            "Charts every benchmark's score over the recorded runs and flags where it changed"
                    + " level; writes trend.md, trend.json and <Class.method>.png|svg to --out.",
            "Exit: 0; 1 the output cannot be written; 2 bad usage or a history that cannot be read."
        })
public final class TrendCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--history", required = true, paramLabel = "FILE", description = "The history (JSON Lines).")
    private Path history;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    private Path out;

    @Parameters(
            arity = "0..1",
            paramLabel = "REGEX",
            description = "Benchmarks whose full name it finds (default: all).")
    private String regex;

    @Override
    public Integer call() {
        Pattern pattern;
        try {
            pattern = regex == null ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "bad REGEX: " + e.getMessage());
        }
        List<Run> runs;
        try {
            runs = History.read(history);
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("trend: cannot read the history: " + e);
            return 2;
        }
        try {
            Trend.write(history, pattern, runs, out, spec.commandLine().getOut());
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("trend: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
