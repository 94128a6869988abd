package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    /**
     * A checkout of one script under {@code dir}/repo with a fake {@code jmh.sh} beside it, committed to a git
     * repository (scripts read the commit); its root.
     */
    static Path checkoutWithFakeJmh(Path dir, String script, String fakeJmh) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("repo/scripts")).getParent();
        Files.copy(
                ROOT.resolve("scripts").resolve(script), root.resolve("scripts").resolve(script));
        Path jmh = Files.writeString(root.resolve("jmh.sh"), fakeJmh);
        Files.setPosixFilePermissions(jmh, PosixFilePermissions.fromString("rwx------"));
        git(root, "init", "-q");
        git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "c");
        return root;
    }

    /** Runs git in {@code dir}; its output. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Result run = run(command, Map.of(), 1);
        assertThat(run.exit()).as("git %s: %s", List.of(args), run.tail()).isZero();
        return run.tail().trim();
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
