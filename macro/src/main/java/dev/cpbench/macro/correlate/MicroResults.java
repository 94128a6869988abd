package dev.cpbench.macro.correlate;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.JmhResults;
import dev.cpbench.jmhresults.Metric;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results of one or more JMH JSON files ({@code ./jmh.sh} writes them). When several files hold the same
 * benchmark, mode and parameters, the file given last wins: later, longer runs refine earlier ones.
 */
final class MicroResults {

    /**
     * One JMH result and the file it came from.
     *
     * @param file the result file's name, for {@link Source}s
     */
    record Result(String file, JmhResult jmh) {
        /** {@code SimpleClass.method}. */
        String benchmark() {
            return jmh.shortName();
        }

        /** JMH's mode name: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}. */
        String mode() {
            return jmh.mode();
        }

        int threads() {
            return jmh.threads();
        }

        Map<String, String> params() {
            return jmh.params();
        }

        /** {@code gc.alloc.rate.norm}, bytes per operation, when {@code -prof gc} ran; null otherwise. */
        Double allocNorm() {
            return jmh.secondary(JmhResult.ALLOC_NORM).map(Metric::score).orElse(null);
        }

        /** CPU seconds per operation ({@code cpu.time.norm}) with JMH's 99.9% interval; empty when not measured. */
        Optional<Quantity> cpuSecondsPerOp() {
            Source source = source("secondaryMetrics." + JmhResult.CPU_NORM + ".score");
            return jmh.secondary(JmhResult.CPU_NORM)
                    .map(cpu -> cpu.errorKnown()
                            ? new Quantity(
                                    cpu.score() * 1e-9,
                                    Math.max(0, cpu.score() - cpu.error()) * 1e-9,
                                    (cpu.score() + cpu.error()) * 1e-9,
                                    "s",
                                    source)
                            : Quantity.errorUnknown(cpu.score() * 1e-9, "s", source));
        }

        String param(String name) {
            return params().getOrDefault(name, "");
        }

        /** Where a figure of this result comes from. */
        Source source(String field) {
            return new Source(file, benchmark() + " " + mode() + " " + params() + " " + field);
        }

        /**
         * Seconds per operation, divided by {@code perOp} (e.g. the objects one list operation encodes), with the
         * interval from JMH's 99.9% error; an error JMH could not estimate (one fork of two iterations) is
         * {@linkplain Quantity#errorUnknown() unknown}, never a zero-width interval, and a throughput whose error reaches
         * its score an unbounded upper end.
         */
        Quantity secondsPerOp(double perOp) {
            String unit = jmh.primary().unit();
            double score = jmh.primary().score();
            double error = jmh.primary().error();
            String[] parts = unit.split("/");
            if (parts.length != 2) {
                throw new IllegalStateException(file + ": unknown JMH unit " + unit + " for " + benchmark());
            }
            double value;
            double low;
            double high;
            if (parts[0].equals("ops")) {
                double scale = seconds(parts[1]);
                value = scale / score;
                low = scale / (score + error);
                high = score - error > 0 ? scale / (score - error) : Double.POSITIVE_INFINITY;
            } else {
                double scale = seconds(parts[0]);
                value = score * scale;
                low = Math.max(0, score - error) * scale;
                high = (score + error) * scale;
            }
            if (Double.isNaN(error)) {
                return Quantity.errorUnknown(value / perOp, "s", source("primaryMetric.score"));
            }
            return new Quantity(value / perOp, low / perOp, high / perOp, "s", source("primaryMetric.score"));
        }

        /** Operations per millisecond (throughput modes only), with the 99.9% interval. */
        Quantity opsPerMs() {
            String unit = jmh.primary().unit();
            double score = jmh.primary().score();
            double error = jmh.primary().error();
            String[] parts = unit.split("/");
            if (!parts[0].equals("ops")) {
                throw new IllegalStateException(
                        file + ": " + benchmark() + " is not a throughput result (" + unit + ")");
            }
            double scale = 1e-3 / seconds(parts[1]);
            if (Double.isNaN(error)) {
                return Quantity.errorUnknown(score * scale, "ops/ms", source("primaryMetric.score"));
            }
            return new Quantity(
                    score * scale,
                    Math.max(0, score - error) * scale,
                    (score + error) * scale,
                    "ops/ms",
                    source("primaryMetric.score"));
        }

        private static double seconds(String unit) {
            return switch (unit) {
                case "ns" -> 1e-9;
                case "us" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "min" -> 60;
                default -> throw new IllegalStateException("unknown JMH time unit " + unit);
            };
        }
    }

    private final List<Result> results;

    private MicroResults(List<Result> results) {
        this.results = results;
    }

    static MicroResults read(List<Path> files) {
        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            List<JmhResult> read;
            try {
                read = JmhResults.read(file);
            } catch (IllegalArgumentException e) {
                throw new CorrelationInputException(e.getMessage() + " (./jmh.sh writes JMH JSON)", e);
            }
            for (JmhResult r : read) {
                results.add(new Result(file.getFileName().toString(), r));
            }
        }
        Map<String, Result> lastWins = new LinkedHashMap<>();
        for (Result r : results) {
            String key = r.benchmark() + " " + r.mode() + " " + r.params();
            lastWins.remove(key);
            lastWins.put(key, r);
        }
        return new MicroResults(List.copyOf(lastWins.values()));
    }

    /** Every result of {@code benchmark} ({@code Class.method}) in {@code mode} that {@code filter} accepts, in file order. */
    List<Result> all(String benchmark, String mode, Predicate<Result> filter) {
        return results.stream()
                .filter(r -> r.benchmark().equals(benchmark) && r.mode().equals(mode) && filter.test(r))
                .toList();
    }

    /**
     * The result of {@code benchmark} in {@code mode} with every {@code exact} parameter, and the numeric
     * {@code nearest} parameters closest on a log scale to the values asked for (the last file wins a tie).
     */
    Optional<Result> find(String benchmark, String mode, Map<String, String> exact, Map<String, Double> nearest) {
        Result best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Result r : all(
                benchmark,
                mode,
                r -> exact.entrySet().stream().allMatch(e -> r.param(e.getKey()).equals(e.getValue())))) {
            double distance = 0;
            for (Map.Entry<String, Double> e : nearest.entrySet()) {
                distance += logDistance(r.param(e.getKey()), e.getValue());
            }
            if (distance <= bestDistance && distance < Double.MAX_VALUE) {
                best = r;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double logDistance(String value, double wanted) {
        try {
            return Math.abs(Math.log(Double.parseDouble(value) / wanted));
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }
}
