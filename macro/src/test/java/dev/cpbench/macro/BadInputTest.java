package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.TestResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is found before anything starts and is one line on stderr naming the option and its value,
 * with exit code 2 and no stack trace: a scenario writes no run directory and opens no target; an endpoint
 * command (which would otherwise serve until Ctrl-C) listens on nothing and prints nothing on stdout.
 */
@Timeout(60)
class BadInputTest {
    /** Where a port is listened on during these tests: "in use" for the commands. */
    private static ServerSocket busy;

    private static String busyPort;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @RegisterExtension
    static final TestResources RESOURCES = new TestResources();

    @BeforeAll
    static void occupyAPort() throws IOException {
        busy = RESOURCES.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        busyPort = Integer.toString(busy.getLocalPort());
    }

    @BeforeEach
    void captureOutput() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                bad("--workers", "-3", "sustained", "--target", "embedded", "--workers", "-3"),
                bad("--duration", "0s", "sustained", "--target", "embedded", "--duration", "0s"),
                bad(
                        "--api-endpoints",
                        "http://127.0.0.1:1",
                        "sustained",
                        "--target",
                        "embedded",
                        "--api-endpoints",
                        "http://127.0.0.1:1"),
                bad(
                        "--embedded-kms",
                        "in_process",
                        "cold-start",
                        "--target",
                        "cluster",
                        "--embedded-kms",
                        "in_process"),
                bad("--embedded-api-servers", "0", "sustained", "--target", "embedded", "--embedded-api-servers", "0"),
                bad("--request-timeout", "0s", "cold-start", "--target", "embedded", "--request-timeout", "0s"),
                bad("--objects", "0", "cold-start", "--target", "embedded", "--objects", "0"),
                bad("--namespaces", "0", "cold-start", "--target", "embedded", "--namespaces", "0"),
                bad("--seed-workers", "0", "sustained", "--target", "embedded", "--seed-workers", "0"),
                bad("--page-size", "-1", "cold-start", "--target", "embedded", "--page-size", "-1"),
                bad(
                        "--inject",
                        "list-encoder=+5us",
                        "cold-start",
                        "--target",
                        "embedded",
                        "--inject",
                        "list-encoder=+5us"),
                bad("--inject", "list-encode=5", "cold-start", "--target", "embedded", "--inject", "list-encode=5"),
                bad(
                        "--inject",
                        "list-encode=+5us",
                        "cold-start",
                        "--target",
                        "cluster",
                        "--inject",
                        "list-encode=+5us"),
                bad("--warm-up", "-1", "cold-start", "--target", "embedded", "--warm-up", "-1"),
                bad("--tenants", "0", "bootstrap", "--target", "embedded", "--tenants", "0"),
                bad("--load-duration", "0s", "mixed-hot", "--target", "embedded", "--load-duration", "0s"),
                bad("--max-in-flight", "0", "mixed-uniform", "--target", "embedded", "--max-in-flight", "0"),
                bad("--objects", "0", "list-memory", "--objects", "1000,0"));
    }

    static Stream<Arguments> endpoints() {
        String socket =
                "unix:///tmp/cpbench-bad-input-" + ProcessHandle.current().pid() + ".sock";
        return Stream.of(
                bad(
                        "--socket",
                        "relative/path",
                        "kms-plugin",
                        "--socket",
                        "relative/path",
                        "--transit-url",
                        "http://127.0.0.1:8200",
                        "--metrics-listen",
                        "127.0.0.1:0"),
                bad(
                        "--transit-url",
                        "notaurl",
                        "kms-plugin",
                        "--socket",
                        socket,
                        "--transit-url",
                        "notaurl",
                        "--metrics-listen",
                        "127.0.0.1:0"),
                bad(
                        "--max-batch",
                        "0",
                        "kms-plugin",
                        "--socket",
                        socket,
                        "--transit-url",
                        "http://127.0.0.1:8200",
                        "--max-batch",
                        "0",
                        "--metrics-listen",
                        "127.0.0.1:0"),
                bad(
                        "--metrics-listen",
                        "127.0.0.1:BUSY",
                        "kms-plugin",
                        "--socket",
                        socket,
                        "--transit-url",
                        "http://127.0.0.1:8200",
                        "--metrics-listen",
                        "127.0.0.1:BUSY"),
                bad("--port", "BUSY", "transit-mock", "--port", "BUSY"),
                bad("--error-rate", "2", "transit-mock", "--port", "0", "--error-rate", "2"),
                bad("--listen", "127.0.0.1:BUSY", "metadata-proxy", "--listen", "127.0.0.1:BUSY"),
                bad("--api-servers", "0", "stand-in", "--api-servers", "0"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("scenarios")
    void aScenarioWithABadOptionIsOneLineAndStartsNothing(
            String option, String value, List<String> args, @TempDir Path runs) throws IOException {
        List<String> withOut = new ArrayList<>(args);
        withOut.addAll(List.of("--out", runs.toString()));

        assertOneLineAndExit2(withOut, option, value);

        try (Stream<Path> written = Files.list(runs)) {
            assertThat(written).as("run directories").isEmpty();
        }
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("endpoints")
    void anEndpointWithABadOptionIsOneLineAndServesNothing(String option, String value, List<String> args) {
        assertOneLineAndExit2(args, option, value);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("stdout: no 'serving' line")
                .isEmpty();
        assertThat(Path.of("/tmp/cpbench-bad-input-" + ProcessHandle.current().pid() + ".sock"))
                .doesNotExist();
    }

    private void assertOneLineAndExit2(List<String> args, String option, String value) {
        String[] argv = args.stream().map(a -> a.replace("BUSY", busyPort)).toArray(String[]::new);
        var cli = MacroCli.commandLine()
                .setOut(new PrintWriter(System.out, true))
                .setErr(new PrintWriter(System.err, true));

        int exit = cli.execute(argv);

        String errText = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; stderr: %s", errText).isEqualTo(2);
        assertThat(errText.lines().toList()).as("stderr lines").hasSize(1);
        assertThat(errText).contains(option, value.replace("BUSY", busyPort));
        assertThat(errText + out.toString(StandardCharsets.UTF_8))
                .doesNotContain("Exception")
                .doesNotContainPattern("(?m)^\\s+at ");
    }

    private static Arguments bad(String option, String value, String... args) {
        return Arguments.of(option, value, List.of(args));
    }
}
