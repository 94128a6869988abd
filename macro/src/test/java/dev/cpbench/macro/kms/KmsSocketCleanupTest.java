package dev.cpbench.macro.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.macro.MacroCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded KMS plugin's socket directory ({@code /tmp/cpbench-kms*}, holding {@code kms.sock}) is gone
 * however a run ends: a run aborted after the target started (here: refused options), and a run stopped by
 * SIGTERM (as Ctrl-C stops it) in a child JVM, and a run whose target failed to start. The path is read from the
 * target line the run prints, or from the start failure.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsSocketCleanupTest {
    private static final int START_ATTEMPTS = 3;
    /** The target line ({@code unix:///tmp/cpbench-kms<n>/kms.sock}) or, when the target failed to start, gRPC's error. */
    private static final Pattern SOCKET = Pattern.compile("(/[^\\s=]*cpbench-kms[0-9]+)/kms\\.sock");

    @Test
    void aRunAbortedAfterTheTargetStartedLeavesNoSocketDirectory(@TempDir Path out) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = MacroCli.commandLine()
                    .execute(
                            "sustained",
                            "--target",
                            "embedded",
                            "--embedded-api-servers",
                            "2",
                            "--workers",
                            "1",
                            "--out",
                            out.toString());
        } finally {
            System.setErr(original);
        }

        assertThat(exit)
                .as("2: refused options; 1 if the target itself failed to start on a busy machine")
                .isIn(1, 2);
        Path socketDir = socketDir(err.toString());
        assertThat(socketDir).doesNotExist();
    }

    @Test
    void aRunStoppedBySigtermLeavesNoSocketDirectory(@TempDir Path out) throws Exception {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (sigtermMidRun(out.resolve("attempt" + attempt))) {
                return;
            }
        }
        Assumptions.abort("the embedded stand-in did not start in " + START_ATTEMPTS + " attempts (a busy machine?); "
                + "each attempt left no socket directory, but SIGTERM mid-run was not tried");
    }

    /**
     * One child run, stopped with SIGTERM once it has started; false when it ended before (its embedded stand-in
     * failed to start, on a busy machine): its socket directory must be gone either way.
     */
    private static boolean sigtermMidRun(Path out) throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MacroCli.class.getName(),
                "sustained",
                "--target",
                "embedded",
                "--embedded-api-servers",
                "1",
                "--objects",
                "100",
                "--duration",
                "10m",
                "--out",
                out.toString());
        Process run = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        StringBuffer stderr = new StringBuffer();
        Thread reader = new Thread(() -> copy(run.getErrorStream(), stderr), "child-stderr");
        reader.start();
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!stderr.toString().contains("run directory:") && run.isAlive() && System.nanoTime() < giveUp) {
                Thread.sleep(100);
            }
            boolean started = stderr.toString().contains("run directory:");
            if (started) {
                assertThat(socketDir(stderr.toString()).resolve("kms.sock"))
                        .as("the plugin serves while the run goes")
                        .exists();
                run.destroy(); // SIGTERM, as Ctrl-C's shutdown path
            }
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run stopped").isTrue();
            reader.join(10_000);
            assertThat(socketDir(stderr.toString())).as(stderr.toString()).doesNotExist();
            return started;
        } finally {
            run.destroyForcibly();
        }
    }

    private static Path socketDir(String console) {
        Matcher m = SOCKET.matcher(console);
        assertThat(m.find()).as("the target line names the socket: " + console).isTrue();
        return Path.of(m.group(1));
    }

    private static void copy(InputStream in, StringBuffer to) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) > 0; ) {
                to.append(buffer, 0, n);
            }
        } catch (IOException e) {
            to.append("[stderr closed: ").append(e.getMessage()).append(']');
        }
    }
}
