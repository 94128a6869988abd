package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpbench.macro.common.ByteSizeConverter;
import dev.cpbench.macro.common.DurationConverter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI answers --help with its usage and exit code 0; a bad flag, a missing required option or a bad
 * value is a usage error (exit code 2) whose message names the option and, for choices, the valid ones.
 */
class MacroCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cli =
            MacroCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    @Test
    void helpListsTheCommands() {
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: cpbench-macro", "cold-start", "sustained", "kms-plugin", "transit-mock");
    }

    @Test
    void coldStartHelpShowsEveryTargetAndCorpusOptionWithItsDefault() {
        assertThat(cli.execute("cold-start", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--kubeconfig",
                        "--context",
                        "--api-endpoints",
                        "--provider-metrics",
                        "--transit-metrics",
                        "--restart-cmd",
                        "--insecure-skip-tls-verify",
                        "--tier",
                        "default: ci",
                        "--objects",
                        "--object-bytes",
                        "--seed-workers",
                        "--page-size",
                        "default: 500",
                        "--cleanup",
                        "--out");
    }

    @Test
    void badTierListsTheChoices() {
        assertThat(cli.execute("cold-start", "--tier", "huge")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown tier 'huge'; choose one of: ci, extended, nightly, design-proof");
    }

    @Test
    void negativePageSizeIsAUsageError() {
        assertThat(cli.execute("sustained", "--target", "embedded", "--page-size", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--page-size must be 0 (unpaged) or more, got -1");
    }

    @Test
    void kmsPluginHelpShowsItsDefaults() {
        assertThat(cli.execute("kms-plugin", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--socket",
                        "--mode",
                        "default: DIRECT",
                        "default: 500us",
                        "--transit-timeout",
                        "default: 2s",
                        "--transit-max-body",
                        "default: 4Mi");
    }

    @Test
    void transitMaxBodyTakesBinarySizes() {
        ByteSizeConverter c = new ByteSizeConverter();

        assertThat(c.convert("65536")).isEqualTo(65536L);
        assertThat(c.convert("64Ki")).isEqualTo(65536L);
        assertThat(c.convert("4Mi")).isEqualTo(4L << 20);
        assertThat(c.convert("1Gi")).isEqualTo(1L << 30);
        assertThat(cli.execute(
                        "kms-plugin",
                        "--socket",
                        "unix:///tmp/x.sock",
                        "--transit-url",
                        "http://h:1",
                        "--transit-max-body",
                        "4MB"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("'4MB' is not a byte size; write e.g. 65536, 64Ki, 4Mi or 1Gi");
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertThat(cli.execute("--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void missingSocketIsAUsageError() {
        assertThat(cli.execute("kms-plugin", "--transit-url", "http://127.0.0.1:8200"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--socket=<socket>'");
    }

    @Test
    void badModeListsTheChoices() {
        assertThat(cli.execute(
                        "kms-plugin",
                        "--socket",
                        "unix:///tmp/x.sock",
                        "--transit-url",
                        "http://h:1",
                        "--mode",
                        "batchy"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--mode", "DIRECT", "COALESCE", "batchy");
    }

    @Test
    void durationsAreWrittenAsEngineersWriteThem() {
        DurationConverter c = new DurationConverter();

        assertThat(c.convert("500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(c.convert("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(c.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> c.convert("5")).hasMessageContaining("'5' is not a duration");
        assertThatThrownBy(() -> c.convert("1h")).hasMessageContaining("e.g. 500us, 1ms, 2s or 5m");
        assertThat(DurationConverter.format(Duration.ofNanos(500_000))).isEqualTo("500us");
        assertThat(DurationConverter.format(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
    }
}
