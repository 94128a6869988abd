package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options and unusable inputs: exit code 2 and a message that says what and where. */
class CorrelateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aThresholdThatIsNotAPercentageIsRefused() {
        Result result = run("--macro", dir.toString(), "--decision-threshold", "lots");

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err)
                .contains("--decision-threshold must be a percentage between 0 and 100, e.g. 5%, got 'lots'");
    }

    @Test
    void aRunDirectoryWithoutRunJsonIsNamed() {
        Result result = run(
                "--macro",
                dir.resolve("missing-run").toString(),
                "--out",
                dir.resolve("out").toString());

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err).contains("missing-run: not a macro run directory: no run.json");
    }

    @Test
    void macroRunsAreRequired() {
        assertThat(run("--micro", "a.json").exit).isEqualTo(2);
    }

    private record Result(int exit, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            CommandLine cli = new CommandLine(new CorrelateCommand());
            cli.setErr(new PrintWriter(capture, true));
            int exit = cli.execute(args);
            return new Result(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }
}
