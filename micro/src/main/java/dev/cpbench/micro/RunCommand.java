package dev.cpbench.micro;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cpbench-micro run}: a {@link SuiteRun} of the benchmarks the JMH arguments select, with a {@link Preset}. */
@Command(
        name = "run",
        description = {
            "Runs the selected benchmarks class by class with a preset (./jmh.sh's run);"
                    + " writes one JMH JSON file of every result that finished, then the table.",
            "Exit: 0 every benchmark gave a result; 1 some failed; 2 bad usage, no benchmark matched, or JMH's lock is held."
        })
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "NAME", description = "full, quick or smoke.")
    private String preset;

    @Option(names = "--result", required = true, paramLabel = "FILE.json", description = "The JMH JSON to write.")
    private Path result;

    @Parameters(paramLabel = "JMH_ARGS", description = "JMH's arguments (after --): benchmarks, -p, -f ...")
    private List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Preset settings;
        try {
            settings = Preset.named(preset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return SuiteRun.run(settings, result, jmhArgs);
    }
}
