package dev.cpbench.micro.compare;

import dev.cpbench.micro.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * The options of {@link CompareMain}; every problem is an {@link IllegalArgumentException} saying which option.
 *
 * @param forks forks per side at the first look
 * @param maxForks forks per side at most (the information fraction of a look is forks / maxForks)
 * @param budget no look is started that would, at the forks' mean duration so far, end after this
 */
record CompareOptions(Path baselineJar, Path against, Path candidateJar, Path candidateResult, Path out, String baselineLabel,
        String candidateLabel, int forks, int maxForks, Duration budget, double thresholdPercent, double alpha,
        String candidateJvmArgs, String java, List<String> jmhArgs) {
    /** At most this many forks per side: the boundaries' grid and a day's machine time both stay reasonable. */
    static final int MAX_FORKS = 200;
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    static CompareOptions parse(String[] args) {
        Path baselineJar = null;
        Path against = null;
        Path candidateJar = null;
        Path candidateResult = null;
        Path out = null;
        String baselineLabel = null;
        String candidateLabel = "working tree";
        int forks = CompareMain.DEFAULT_FORKS;
        Integer maxForks = null;
        Duration budget = CompareMain.DEFAULT_BUDGET;
        double threshold = CompareMain.DEFAULT_THRESHOLD;
        double alpha = CompareMain.DEFAULT_ALPHA;
        String candidateJvmArgs = "";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                jmhArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            i++;
            switch (a) {
                case "--baseline-jar" -> baselineJar = existing(a, v);
                case "--against" -> against = existing(a, v);
                case "--candidate-jar" -> candidateJar = existing(a, v);
                case "--candidate-result" -> candidateResult = existing(a, v);
                case "--out" -> out = Path.of(v);
                case "--baseline-label" -> baselineLabel = v;
                case "--candidate-label" -> candidateLabel = v;
                case "--forks" -> forks = number(a, v, 2, MAX_FORKS);
                case "--max-forks" -> maxForks = number(a, v, 2, MAX_FORKS);
                case "--budget" -> budget = duration(a, v);
                case "--threshold" -> threshold = percent(a, v);
                case "--alpha" -> alpha = fraction(a, v);
                case "--candidate-jvm-args" -> candidateJvmArgs = v;
                case "--java" -> java = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if ((baselineJar == null) == (against == null)) {
            throw new IllegalArgumentException("give one baseline: --baseline-jar JAR or --against RESULT.json");
        }
        if ((candidateJar == null) == (candidateResult == null) || out == null) {
            throw new IllegalArgumentException("give --out and one candidate: --candidate-jar JAR or --candidate-result RESULT.json");
        }
        if (candidateResult != null && against == null) {
            throw new IllegalArgumentException("--candidate-result compares two stored results: give the baseline with --against");
        }
        if (maxForks == null) {
            maxForks = Math.max(forks, CompareMain.DEFAULT_MAX_FORKS);
        } else if (maxForks < forks) {
            throw new IllegalArgumentException("--max-forks (" + maxForks + ") must be at least the forks of the first look (" + forks + ")");
        }
        if (baselineLabel == null) {
            baselineLabel = baselineJar != null ? baselineJar.toString() : against.getFileName().toString();
        }
        return new CompareOptions(baselineJar, against, candidateJar, candidateResult, out, baselineLabel, candidateLabel, forks,
                maxForks, budget, threshold, alpha, candidateJvmArgs, java, List.of(compareDefaults(jmhArgs)));
    }

    /** The JMH arguments with {@link Preset#COMPARE}'s settings for what they do not set. */
    private static String[] compareDefaults(List<String> jmhArgs) {
        try {
            return Preset.COMPARE.withDefaults(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH option after --: " + e.getMessage(), e);
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 1h30m}: hours, minutes and seconds, each optional, at least one. */
    static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value);
        if (!value.isEmpty() && m.matches()) {
            Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
            if (!d.isZero()) {
                return d;
            }
        }
        throw new IllegalArgumentException(option + " must be a duration such as 90s, 10m or 1h30m, got '" + value + "'");
    }

    private static long group(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    private static Path existing(String option, String value) {
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + ": no such file: " + value);
        }
        return p;
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    private static double percent(String option, String value) {
        String v = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
        try {
            double p = Double.parseDouble(v);
            if (p >= 0 && p < 100) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a percentage from 0 to 100, e.g. 5%, got '" + value + "'");
    }

    private static double fraction(String option, String value) {
        try {
            double p = Double.parseDouble(value);
            if (p > 0 && p < 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be between 0 and 1, e.g. 0.01, got '" + value + "'");
    }
}
