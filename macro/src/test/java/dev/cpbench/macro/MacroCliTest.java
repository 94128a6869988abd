package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI answers --help with its usage and exit code 0, and a bad flag with a message and exit code 2. */
class MacroCliTest {
    @Test
    void helpPrintsUsage() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MacroCli()).setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: cpbench-macro", "--version");
    }

    @Test
    void unknownFlagIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MacroCli()).setErr(new PrintWriter(err));

        assertThat(cli.execute("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
    }
}
