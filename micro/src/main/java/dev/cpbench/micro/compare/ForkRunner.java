package dev.cpbench.micro.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one JMH fork of one side: {@code java -jar <side's jar> <JMH args> -f 1 -rf json -rff <file>}, JMH's output to
 * {@code logs/<n>-<side>.log}, a progress line on stderr. The candidate's forks get {@code --candidate-jvm-args}
 * appended to {@code -jvmArgsAppend}.
 */
final class ForkRunner {
    enum Side {
        BASELINE,
        CANDIDATE
    }

    private final CompareOptions options;

    ForkRunner(CompareOptions options) {
        this.options = options;
    }

    /** Runs fork {@code index} (0-based) of at most {@code total}; returns its JMH JSON. */
    Path runFork(Side side, int index, int total) throws IOException, InterruptedException {
        String name = String.format(Locale.US, "%02d-%s", index + 1, side.name().toLowerCase(Locale.US));
        Path result = options.out().resolve("logs").resolve(name + ".json");
        Path log = options.out().resolve("logs").resolve(name + ".log");
        // JMH's lock is in java.io.tmpdir: the forks take the one this run was given (jmh.sh: TMPDIR)
        List<String> command = new ArrayList<>(List.of(
                options.java(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar",
                jar(side).toString()));
        command.addAll(jmhArgs(side));
        command.addAll(List.of("-f", "1", "-rf", "json", "-rff", result.toString()));
        long start = System.nanoTime();
        System.err.printf(
                Locale.US,
                "compare: fork %d (of at most %d): %s ... ",
                index + 1,
                total,
                side.name().toLowerCase(Locale.US));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int exit = process.waitFor();
        System.err.printf(Locale.US, "%.1f s%n", (System.nanoTime() - start) / 1e9);
        if (exit != 0 || !Files.isRegularFile(result) || Files.size(result) == 0) {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> System.err.println("  | " + l));
            throw new IOException("the " + side.name().toLowerCase(Locale.US) + " fork failed (exit " + exit
                    + "); its output: " + log);
        }
        return result;
    }

    private Path jar(Side side) {
        return side == Side.BASELINE ? options.baselineJar() : options.candidateJar();
    }

    /** The JMH arguments, with the candidate's extra JVM options added to {@code -jvmArgsAppend}. */
    List<String> jmhArgs(Side side) {
        List<String> args = new ArrayList<>(options.jmhArgs());
        String extra = options.candidateJvmArgs().strip();
        if (side == Side.BASELINE || extra.isEmpty()) {
            return args;
        }
        int at = args.indexOf("-jvmArgsAppend");
        if (at >= 0 && at + 1 < args.size()) {
            args.set(at + 1, args.get(at + 1) + " " + extra);
        } else {
            args.addAll(List.of("-jvmArgsAppend", extra));
        }
        return args;
    }
}
