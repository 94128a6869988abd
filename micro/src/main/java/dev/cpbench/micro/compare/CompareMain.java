package dev.cpbench.micro.compare;

import dev.cpbench.micro.compare.ForkSamples.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./jmh.sh --compare} and {@code --against}: runs the candidate's benchmarks (and the baseline's, from another
 * benchmarks.jar) one fork per JMH invocation, interleaved A B B A A B … so both see the same machine state, then
 * judges every result both sides have ({@link Comparison}) and writes {@code compare.json} and {@code compare.md}.
 * Exit codes: 0 no regression, 1 a regression (score or allocation), 2 the harness failed.
 *
 * <p>Usage (jmh.sh builds the jars and the JMH arguments):
 * <pre>
 * CompareMain (--baseline-jar JAR | --against RESULT.json) (--candidate-jar JAR | --candidate-result RESULT.json) --out DIR
 *             [--baseline-label L] [--candidate-label L] [--forks N] [--threshold PCT] [--alpha P]
 *             [--candidate-jvm-args "ARGS"] [--java PATH] -- JMH_ARGS...
 * </pre>
 */
public final class CompareMain {
    static final int DEFAULT_FORKS = 10;
    static final double DEFAULT_THRESHOLD = 5;
    static final double DEFAULT_ALPHA = 0.01;

    private CompareMain() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(CompareOptions.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            exit = 2;
        } catch (IOException e) {
            System.err.println("compare: " + e.getMessage());
            exit = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("compare: interrupted");
            exit = 130;
        }
        System.exit(exit);
    }

    static int run(CompareOptions o) throws IOException, InterruptedException {
        Files.createDirectories(o.out().resolve("logs"));
        ForkRunner runner = new ForkRunner(o);
        Map<ResultKey, Samples> baseline = new LinkedHashMap<>();
        Map<ResultKey, Samples> candidate = new LinkedHashMap<>();
        if (o.against() != null) {
            baseline.putAll(ForkSamples.read(o.against(), true));
        }
        if (o.candidateResult() != null) {
            candidate.putAll(ForkSamples.read(o.candidateResult(), true));
        }
        List<ForkRunner.Side> order = order(o);
        for (int i = 0; i < order.size(); i++) {
            ForkRunner.Side side = order.get(i);
            Path result = runner.runFork(side, i, order.size());
            Map<ResultKey, Samples> into = side == ForkRunner.Side.BASELINE ? baseline : candidate;
            ForkSamples.read(result, false).forEach((k, v) -> into.merge(k, v, Samples::plus));
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        candidate.forEach((key, samples) -> Optional.ofNullable(baseline.get(key)).ifPresentOrElse(
                b -> comparisons.add(Comparison.of(key, b, samples, o.thresholdPercent(), o.alpha())),
                () -> unmatched.add(key + ": only in the candidate")));
        baseline.keySet().stream().filter(k -> !candidate.containsKey(k)).forEach(k -> unmatched.add(k + ": only in the baseline"));
        if (comparisons.isEmpty()) {
            unmatched.forEach(u -> System.err.println("compare: " + u));
            throw new IllegalArgumentException("no result is in both the baseline and the candidate: nothing to compare");
        }
        CompareReport report = new CompareReport(o, comparisons, unmatched);
        report.write();
        System.out.print(report.table());
        System.out.println("compare: " + o.out().resolve("compare.md"));
        return comparisons.stream().anyMatch(Comparison::regressed) ? 1 : 0;
    }

    /**
     * Baseline and candidate forks interleaved A B B A A B …; the candidate alone against a stored result; nothing
     * when both are stored.
     */
    static List<ForkRunner.Side> order(CompareOptions o) {
        List<ForkRunner.Side> order = new ArrayList<>();
        for (int round = 0; o.candidateResult() == null && round < o.forks(); round++) {
            if (o.against() != null) {
                order.add(ForkRunner.Side.CANDIDATE);
            } else if (round % 2 == 0) {
                order.add(ForkRunner.Side.BASELINE);
                order.add(ForkRunner.Side.CANDIDATE);
            } else {
                order.add(ForkRunner.Side.CANDIDATE);
                order.add(ForkRunner.Side.BASELINE);
            }
        }
        return order;
    }
}
