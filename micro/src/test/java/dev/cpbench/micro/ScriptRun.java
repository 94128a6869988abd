package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of the repository (e.g. {@code jmh.sh}) from a test: output echoed to the test's output and its
 * last lines kept for the failure message; a timeout kills the whole process tree.
 */
final class ScriptRun {
    private static final int OUTPUT_TAIL_LINES = 200;

    /** The repository root, from the module directory Maven runs tests in. */
    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("..")
            .normalize();

    /** The exit code and the last lines of the output. */
    record Result(int exit, String tail) {}

    private ScriptRun() {}

    static Result run(List<String> command, Map<String, String> env, long timeoutMinutes)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = pump(process, tail);
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            pump.join(TimeUnit.SECONDS.toMillis(10));
            fail(
                    "%s timed out after %d minutes; output tail:%n%s",
                    String.join(" ", command), timeoutMinutes, tail(tail));
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        return new Result(process.exitValue(), tail(tail));
    }

    private static Thread pump(Process process, Deque<String> tail) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            System.out.println(line);
                            synchronized (tail) {
                                tail.addLast(line);
                                if (tail.size() > OUTPUT_TAIL_LINES) {
                                    tail.removeFirst();
                                }
                            }
                        }
                    } catch (IOException e) {
                        if (process.isAlive()) {
                            throw new UncheckedIOException(e);
                        }
                    }
                },
                "script-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String tail(Deque<String> tail) {
        synchronized (tail) {
            return String.join(System.lineSeparator(), new ArrayList<>(tail));
        }
    }
}
