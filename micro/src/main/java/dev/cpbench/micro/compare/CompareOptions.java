package dev.cpbench.micro.compare;

import dev.cpbench.micro.Preset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * The options of {@link SequentialCompare}, checked: {@link CompareCommand} makes them.
 *
 * @param forks forks per side at the first look
 * @param maxForks forks per side at most (the information fraction of a look is forks / maxForks)
 * @param budget no look is started that would, at the forks' mean duration so far, end after this
 */
record CompareOptions(
        Path baselineJar,
        Path against,
        Path candidateJar,
        Path candidateResult,
        Path out,
        String baselineLabel,
        String candidateLabel,
        int forks,
        int maxForks,
        Duration budget,
        double thresholdPercent,
        double alpha,
        String candidateJvmArgs,
        String java,
        List<String> jmhArgs) {
    /** At most this many forks per side: the boundaries' grid and a day's machine time both stay reasonable. */
    static final int MAX_FORKS = 200;

    /** The JMH arguments with {@link Preset#COMPARE}'s settings for what they do not set. */
    static List<String> compareDefaults(List<String> jmhArgs) {
        try {
            return List.of(Preset.COMPARE.withDefaults(jmhArgs.toArray(String[]::new)));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH option after --: " + e.getMessage(), e);
        }
    }
}
