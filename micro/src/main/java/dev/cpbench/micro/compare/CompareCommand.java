package dev.cpbench.micro.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code cpbench-micro compare}: the options of a {@link SequentialCompare}, checked, then the comparison. */
@Command(
        name = "compare",
        sortOptions = false,
        description = {
            "Runs baseline and candidate forks interleaved (or judges stored results) until every result is"
                    + " decided or --max-forks or --budget runs out; writes compare.json and compare.md to --out.",
            "Exit: 0 no regression, 1 regression, 2 harness error or bad usage, 3 inconclusive (measure more)."
        })
public final class CompareCommand implements Callable<Integer> {
    static final int DEFAULT_FORKS = 10;
    static final int DEFAULT_MAX_FORKS = 60;
    static final double DEFAULT_THRESHOLD = 5;
    static final double DEFAULT_ALPHA = 0.01;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private Baseline baseline;

    @ArgGroup(multiplicity = "1")
    private Candidate candidate;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where compare.json, compare.md and logs/ go.")
    private Path out;

    @Option(names = "--baseline-label", paramLabel = "LABEL", description = "Default: the baseline's file.")
    private String baselineLabel;

    @Option(
            names = "--candidate-label",
            paramLabel = "LABEL",
            defaultValue = "working tree",
            description = "Default: ${DEFAULT-VALUE}.")
    private String candidateLabel;

    @Option(
            names = "--forks",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_FORKS,
            converter = Forks.class,
            description = "Forks per side at the first look (default: ${DEFAULT-VALUE}).")
    private int forks;

    @Option(
            names = "--max-forks",
            paramLabel = "N",
            converter = Forks.class,
            description = "Forks per side at most (default: " + DEFAULT_MAX_FORKS + ", or --forks if more).")
    private Integer maxForks;

    @Option(
            names = "--budget",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = Budget.class,
            description = "Start no look that would end after this, e.g. 90s, 10m, 1h30m (default: ${DEFAULT-VALUE}).")
    private Duration budget;

    @Option(
            names = "--threshold",
            paramLabel = "PCT",
            defaultValue = "" + DEFAULT_THRESHOLD,
            converter = Percent.class,
            description = "Smallest change that counts, in percent (default: ${DEFAULT-VALUE}).")
    private double threshold;

    @Option(
            names = "--alpha",
            paramLabel = "P",
            defaultValue = "" + DEFAULT_ALPHA,
            converter = Fraction.class,
            description = "False-alarm rate over all looks (default: ${DEFAULT-VALUE}).")
    private double alpha;

    @Option(
            names = "--candidate-jvm-args",
            paramLabel = "ARGS",
            defaultValue = "",
            description = "JVM options for the candidate's forks only.")
    private String candidateJvmArgs;

    @Option(names = "--java", paramLabel = "PATH", description = "Java for the forks (default: this JVM's).")
    private String java =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Parameters(paramLabel = "JMH_ARGS", description = "JMH's arguments (after --): benchmarks, -p, -f ...")
    private List<String> jmhArgs = new ArrayList<>();

    /** One of the two baselines. */
    static final class Baseline {
        @Option(
                names = "--baseline-jar",
                paramLabel = "JAR",
                required = true,
                converter = ExistingFile.class,
                description = "The baseline's benchmarks.jar: its forks run interleaved with the candidate's.")
        Path jar;

        @Option(
                names = "--against",
                paramLabel = "RESULT.json",
                required = true,
                converter = ExistingFile.class,
                description = "A stored JMH result as the baseline (weaker evidence: it did not run now).")
        Path result;
    }

    /** One of the two candidates. */
    static final class Candidate {
        @Option(
                names = "--candidate-jar",
                paramLabel = "JAR",
                required = true,
                converter = ExistingFile.class,
                description = "The candidate's benchmarks.jar.")
        Path jar;

        @Option(
                names = "--candidate-result",
                paramLabel = "RESULT.json",
                required = true,
                converter = ExistingFile.class,
                description = "A stored JMH result as the candidate (with --against: a screen, nothing runs).")
        Path result;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        return SequentialCompare.run(options());
    }

    /** The options as {@code args} give them (for tests: what the command would run). */
    static CompareOptions parse(String... args) {
        CompareCommand command = new CompareCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    /** The parsed options, checked together; a problem is a {@link ParameterException} naming the option. */
    CompareOptions options() {
        if (candidate.result != null && baseline.result == null) {
            throw problem("--candidate-result compares two stored results: give the baseline with --against");
        }
        int most = maxForks == null ? Math.max(forks, DEFAULT_MAX_FORKS) : maxForks;
        if (most < forks) {
            throw problem("--max-forks (" + most + ") must be at least the forks of the first look (" + forks + ")");
        }
        String label = baselineLabel != null
                ? baselineLabel
                : baseline.jar != null
                        ? baseline.jar.toString()
                        : baseline.result.getFileName().toString();
        List<String> jmh;
        try {
            jmh = CompareOptions.compareDefaults(jmhArgs);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
        return new CompareOptions(
                baseline.jar,
                baseline.result,
                candidate.jar,
                candidate.result,
                out,
                label,
                candidateLabel,
                forks,
                most,
                budget,
                threshold,
                alpha,
                candidateJvmArgs,
                java,
                jmh);
    }

    private ParameterException problem(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A whole number of forks from 2 to {@link CompareOptions#MAX_FORKS}. */
    static final class Forks implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) number(
                    value,
                    value,
                    n -> n == Math.rint(n) && n >= 2 && n <= CompareOptions.MAX_FORKS,
                    "a whole number from 2 to " + CompareOptions.MAX_FORKS);
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 1h30m}: hours, minutes and seconds, each optional, at least one. */
    static final class Budget implements ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value);
            if (!value.isEmpty() && m.matches()) {
                Duration d =
                        Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
                if (!d.isZero()) {
                    return d;
                }
            }
            throw new TypeConversionException("a duration such as 90s, 10m or 1h30m, got '" + value + "'");
        }

        private static long group(Matcher m, int group) {
            return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
        }
    }

    /** A percentage from 0 to 100, with or without its {@code %}. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
            return number(number, value, p -> p >= 0 && p < 100, "a percentage from 0 to 100, e.g. 5%");
        }
    }

    /** A probability strictly between 0 and 1. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return number(value, value, p -> p > 0 && p < 1, "a number between 0 and 1, e.g. 0.01");
        }
    }

    /** {@code text} as a number {@code accepts} takes; otherwise what was {@code expected} and what was {@code given}. */
    private static double number(String text, String given, DoublePredicate accepts, String expected) {
        try {
            double n = Double.parseDouble(text);
            if (accepts.test(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new TypeConversionException(expected + ", got '" + given + "'");
    }

    /** A file that exists. */
    static final class ExistingFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isRegularFile(p)) {
                throw new TypeConversionException("no such file: " + value);
            }
            return p;
        }
    }
}
