package dev.cpbench.micro;

import dev.cpbench.jmhresults.JmhResults;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A run of {@code ./jmh.sh}: the selected benchmarks, one benchmark class at a time (one JMH {@link Runner} each,
 * a progress line with its place in the run and an ETA before each), so that one failing benchmark never loses
 * the others; then one JMH JSON file of every result, written under a temporary name and renamed, and the
 * {@link ResultTable} with a FAILED line and the reason for each benchmark that gave no result.
 *
 * <p>With {@code --preset quick}, each class runs only the parameter points of {@link #QUICK_POINTS}; with
 * {@code --preset smoke}, every value of every parameter once ({@link #smokeSteps}). A {@code -p} given on the
 * command line wins. JMH applies {@code -p} to every benchmark with that parameter name, hence one runner per class
 * (per smoke step).
 *
 * <p>Run by {@link RunCommand} ({@code cpbench-micro run --preset quick --result FILE.json -- [JMH args]}). Exit: 0 every benchmark gave a result; 1 some failed (the file holds the others; no file when none
 * finished); 2 bad JMH arguments, no benchmark matched, or JMH's lock is held by another run.
 */
public final class SuiteRun {
    /**
     * The quick preset's points, per benchmark class: the A/B pairs a reader compares (every cipher, encoder, mode,
     * route) at one size per regime. Parameters not named here keep all their values. Documented in
     * {@code ./jmh.sh --help} and README.
     */
    static final Map<String, Map<String, String[]>> QUICK_POINTS = Map.of(
            // ACCP vs JDK where per-call cost dominates (1 KiB) and where bandwidth does (256 KiB)
            "AesGcmBenchmark", Map.of("payloadBytes", new String[] {"1024", "262144"}),
            // the transformer's cost above the cipher, a DEK miss, a write: per-call costs, seen at 1 KiB
            "EnvelopeBenchmark", Map.of("payloadBytes", new String[] {"1024"}),
            // DIRECT vs COALESCE at every caller count, with a Transit that takes 1 ms
            "DecryptFanoutBenchmark", Map.of("transitLatencyMicros", new String[] {"1000"}),
            // paged vs unpaged vs parse only: 1,000 Secrets are two pages
            "ListDecodeBenchmark", Map.of("objects", new String[] {"1000"}),
            // a refill of 1,000 Secrets: its seeding is the smallest
            "WatchCacheBenchmark", Map.of("objects", new String[] {"1000"}),
            // the three encoders, with and without gzip, at 1,000 x 1 KiB (a body over the 128 KiB gzip threshold)
            "ListEncodeBenchmark", Map.of("objects", new String[] {"1000"}, "payloadBytes", new String[] {"1024"}));

    /** A fork's JVM start, setup and teardown, for the first ETA (later ones scale by the pace so far). */
    private static final double FORK_OVERHEAD_SECONDS = 2;

    private SuiteRun() {}

    /** Runs the benchmarks {@code jmhArgs} select with {@code settings} for what they leave unset; the exit code. */
    static int run(Preset settings, Path result, List<String> jmhArgs) {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(settings.withDefaults(jmhArgs.toArray(String[]::new)));
        } catch (CommandLineOptionException e) {
            System.err.println("jmh.sh: bad JMH option: " + e.getMessage());
            return 2;
        }
        Map<String, List<BenchmarkListEntry>> classes = selectedClasses(options);
        if (classes.isEmpty()) {
            System.err.println("jmh.sh: no benchmark matches " + options.getIncludes() + "; ./jmh.sh -l lists them");
            return 2;
        }
        try (PrintStream out = output(options)) {
            return new Suite(options, settings, out).run(classes, result);
        } catch (FileNotFoundException e) {
            System.err.println("jmh.sh: cannot write JMH's output to " + e.getMessage());
            return 2;
        }
    }

    /**
     * The smoke preset's points of one class: step k sets each parameter the user left unset to its k-th declared
     * value (its last once it has fewer), so every value runs once, the first and the last corner among them (for
     * size parameters, the smallest and the largest run), in as many steps as the longest parameter has values;
     * a benchmark runs in its own {@link #smokeStepsOf} only.
     * A full product of every point was 127 forks and 11 minutes here, and over 15 under load; combinations are
     * the full preset's.
     */
    static List<Map<String, String[]>> smokeSteps(List<BenchmarkListEntry> benchmarks, Options options) {
        Map<String, String[]> declared = new TreeMap<>();
        for (BenchmarkListEntry e : benchmarks) {
            e.getParams().orElse(Map.of()).forEach((name, values) -> {
                if (!options.getParameter(name).hasValue()) {
                    declared.putIfAbsent(name, values);
                }
            });
        }
        int steps = benchmarks.stream()
                .mapToInt(e -> smokeStepsOf(e, options))
                .max()
                .orElse(1);
        List<Map<String, String[]>> out = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            Map<String, String[]> step = new TreeMap<>();
            for (Map.Entry<String, String[]> p : declared.entrySet()) {
                String[] values = p.getValue();
                step.put(p.getKey(), new String[] {values[Math.min(k, values.length - 1)]});
            }
            out.add(step);
        }
        return out;
    }

    /**
     * The smoke steps a benchmark takes part in, from the first: as many as its longest parameter the user left
     * unset has values (a step more would repeat its last point).
     */
    static int smokeStepsOf(BenchmarkListEntry benchmark, Options options) {
        return benchmark.getParams().orElse(Map.of()).entrySet().stream()
                .filter(p -> !options.getParameter(p.getKey()).hasValue())
                .mapToInt(p -> p.getValue().length)
                .max()
                .orElse(1);
    }

    /** The benchmarks the options select, per class, in JMH's order. */
    private static Map<String, List<BenchmarkListEntry>> selectedClasses(Options options) {
        List<String> includes =
                options.getIncludes().isEmpty() ? List.of(Defaults.INCLUDE_BENCHMARKS) : options.getIncludes();
        SortedSet<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .find(
                        OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                        includes,
                        options.getExcludes());
        Map<String, List<BenchmarkListEntry>> classes = new LinkedHashMap<>();
        for (BenchmarkListEntry e : entries) {
            classes.computeIfAbsent(e.getUserClassQName(), c -> new ArrayList<>())
                    .add(e);
        }
        return classes;
    }

    /** JMH's {@code -o FILE}, kept for the whole suite, or standard output. */
    private static PrintStream output(Options options) throws FileNotFoundException {
        if (options.getOutput().hasValue()) {
            return new PrintStream(options.getOutput().get());
        }
        return new PrintStream(System.out) {
            @Override
            public void close() {
                flush(); // never close System.out
            }
        };
    }

    /** The classes run one by one, their results and failures. */
    private static final class Suite {
        private final Options options;
        private final Preset settings;
        private final PrintStream out;
        private final List<RunResult> results = new ArrayList<>();
        private final List<ResultTable.Failure> failures = new ArrayList<>();
        private boolean lockHeld;

        Suite(Options options, Preset settings, PrintStream out) {
            this.options = options;
            this.settings = settings;
            this.out = out;
        }

        int run(Map<String, List<BenchmarkListEntry>> classes, Path resultFile) {
            Map<String, List<ClassRun>> perClass = new LinkedHashMap<>();
            Map<String, Integer> runs = new LinkedHashMap<>();
            Map<String, Double> nominal = new LinkedHashMap<>();
            double nominalTotal = 0;
            for (Map.Entry<String, List<BenchmarkListEntry>> c : classes.entrySet()) {
                List<ClassRun> classRuns = classRuns(c.getKey(), c.getValue());
                perClass.put(c.getKey(), classRuns);
                int count = 0;
                double seconds = 0;
                for (ClassRun r : classRuns) {
                    for (BenchmarkListEntry e : r.benchmarks()) {
                        int n = runs(e, r.options());
                        count += n;
                        seconds += n * nominalSeconds(e, r.options());
                    }
                }
                runs.put(c.getKey(), count);
                nominal.put(c.getKey(), seconds);
                nominalTotal += seconds;
            }
            int totalRuns = runs.values().stream().mapToInt(Integer::intValue).sum();
            long start = System.nanoTime();
            int done = 0;
            int place = 0;
            double nominalDone = 0;
            for (String c : classes.keySet()) {
                place++;
                double elapsed = (System.nanoTime() - start) / 1e9;
                double pace = nominalDone > 0 ? elapsed / nominalDone : 1;
                out.printf(
                        Locale.US,
                        "%n# cpbench: benchmark %d of %d, %s (%d runs); %d of %d runs done in %s, ETA %s%n",
                        place,
                        classes.size(),
                        c.substring(c.lastIndexOf('.') + 1),
                        runs.get(c),
                        done,
                        totalRuns,
                        minutes(elapsed),
                        minutes((nominalTotal - nominalDone) * pace));
                out.flush();
                if (runClass(perClass.get(c))) {
                    break;
                }
                done += runs.get(c);
                nominalDone += nominal.get(c);
            }
            out.printf(Locale.US, "%n# cpbench: done in %s%n", minutes((System.nanoTime() - start) / 1e9));
            out.flush();
            return finish(resultFile);
        }

        /** One JMH runner after another, their results and failures kept; whether the suite must stop. */
        private boolean runClass(List<ClassRun> classRuns) {
            for (ClassRun r : classRuns) {
                FailureWatch watch = new FailureWatch(OutputFormatFactory.createFormatInstance(
                        out, options.verbosity().orElse(Defaults.VERBOSITY)));
                try {
                    results.addAll(new Runner(r.options(), watch).run());
                } catch (RunnerException e) {
                    if (String.valueOf(e.getMessage()).contains("Unable to acquire the JMH lock")) {
                        lockHeld = true;
                        return true;
                    }
                    watch.failed(oneLine(e));
                }
                failures.addAll(watch.failures());
                if (!watch.failures().isEmpty() && options.shouldFailOnError().orElse(false)) {
                    out.println("# cpbench: stopping after a failure, as -foe true asks");
                    return true;
                }
            }
            return false;
        }

        /** Writes the results (if any) under a temporary name and renames it, prints the table; the exit code. */
        private int finish(Path resultFile) {
            if (lockHeld) {
                System.err.println("jmh.sh: another JMH run holds " + System.getProperty("java.io.tmpdir")
                        + "/jmh.lock (JMH runs one benchmark run at a time, so runs do not disturb each other's "
                        + "figures); wait for it to finish, or give this run its own lock with TMPDIR=DIR ./jmh.sh ... "
                        + "(both runs then share the CPUs)");
            }
            if (results.isEmpty()) {
                if (!lockHeld) {
                    out.print(ResultTable.render(List.of(), failures));
                    System.err.println("jmh.sh: no benchmark gave a result; no result file written");
                }
                return lockHeld ? 2 : 1;
            }
            Path partial = resultFile.resolveSibling(resultFile.getFileName() + ".partial");
            try {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString())
                        .writeOut(results);
                JmhResults.read(partial); // readable, or it is not renamed
                Files.move(partial, resultFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                System.err.println("jmh.sh: cannot write the results to " + resultFile + ": " + e.getMessage());
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the message above says the results are lost
                }
                return 2;
            }
            out.println();
            out.print(ResultTable.render(JmhResults.read(resultFile), failures));
            out.println("JMH results: " + resultFile);
            if (!failures.isEmpty()) {
                out.printf(
                        Locale.US,
                        "%d benchmark run(s) FAILED (listed above, not in the JSON); exit code 1%n",
                        failures.size());
            }
            out.flush();
            return lockHeld ? 2 : failures.isEmpty() ? 0 : 1;
        }

        /**
         * The JMH runs of one class: one but for smoke (a run per step, of the benchmarks that take part in it),
         * each with the user's options, these benchmarks only, and the preset's points for parameters the user did
         * not set.
         */
        private List<ClassRun> classRuns(String className, List<BenchmarkListEntry> benchmarks) {
            if (settings != Preset.SMOKE) {
                Map<String, String[]> points = settings == Preset.QUICK
                        ? QUICK_POINTS.getOrDefault(className.substring(className.lastIndexOf('.') + 1), Map.of())
                        : Map.of();
                return List.of(classRun(benchmarks, points));
            }
            List<Map<String, String[]>> steps = smokeSteps(benchmarks, options);
            List<ClassRun> out = new ArrayList<>();
            for (int k = 0; k < steps.size(); k++) {
                int step = k;
                out.add(classRun(
                        benchmarks.stream()
                                .filter(e -> step < smokeStepsOf(e, options))
                                .toList(),
                        steps.get(k)));
            }
            return out;
        }

        private ClassRun classRun(List<BenchmarkListEntry> benchmarks, Map<String, String[]> points) {
            String only = benchmarks.stream()
                    .map(e -> Pattern.quote(e.getUsername()))
                    .distinct()
                    .collect(Collectors.joining("|"));
            ChainedOptionsBuilder b = new OptionsBuilder().parent(options).exclude("^(?!(?:" + only + ")$)");
            points.forEach((name, values) -> {
                if (!options.getParameter(name).hasValue()) {
                    b.param(name, values);
                }
            });
            return new ClassRun(benchmarks, b.build());
        }
    }

    /** One JMH runner's benchmarks and options. */
    private record ClassRun(List<BenchmarkListEntry> benchmarks, Options options) {}

    /** Parameter combinations JMH will run of one benchmark (and mode). */
    private static int runs(BenchmarkListEntry e, Options o) {
        int modes = Math.max(1, o.getBenchModes().size());
        int combinations = 1;
        for (Map.Entry<String, String[]> p : e.getParams().orElse(Map.of()).entrySet()) {
            combinations *= o.getParameter(p.getKey())
                    .orElse(Arrays.asList(p.getValue()))
                    .size();
        }
        return modes * combinations;
    }

    /** Seconds one run should take: forks x (warm-up + measurement + JVM start), before any was timed. */
    private static double nominalSeconds(BenchmarkListEntry e, Options o) {
        int forks = Math.max(1, o.getForkCount().orElse(e.getForks().orElse(Defaults.MEASUREMENT_FORKS)));
        int wi = o.getWarmupIterations().orElse(e.getWarmupIterations().orElse(Defaults.WARMUP_ITERATIONS));
        TimeValue w = o.getWarmupTime().orElse(e.getWarmupTime().orElse(Defaults.WARMUP_TIME));
        int i = o.getMeasurementIterations()
                .orElse(e.getMeasurementIterations().orElse(Defaults.MEASUREMENT_ITERATIONS));
        TimeValue r = o.getMeasurementTime().orElse(e.getMeasurementTime().orElse(Defaults.MEASUREMENT_TIME));
        return forks * (wi * seconds(w) + i * seconds(r) + FORK_OVERHEAD_SECONDS);
    }

    private static double seconds(TimeValue t) {
        return t.convertTo(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.US, "%d:%02d", s / 60, s % 60);
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root);
    }

    /**
     * JMH's console output, passed on unchanged, watched for benchmarks that end without a result: JMH prints
     * {@code <failure>} and the exception (sent over from the fork) or {@code <forked VM failed with exit code N>},
     * then ends the benchmark with no result or not at all. The reason kept is the exception's root cause, in one
     * line.
     */
    static final class FailureWatch implements OutputFormat {
        private final OutputFormat out;
        private final List<ResultTable.Failure> failures = new ArrayList<>();
        private BenchmarkParams current;
        private String reason;
        private boolean traceNext;

        FailureWatch(OutputFormat out) {
            this.out = out;
        }

        List<ResultTable.Failure> failures() {
            failed(null);
            return failures;
        }

        /** The benchmark under way, if any, ended without a result, for {@code why} (or what JMH printed). */
        void failed(String why) {
            if (current != null) {
                String because = reason != null ? reason : why != null ? why : "no result; see JMH's output above";
                failures.add(new ResultTable.Failure(
                        current.getBenchmark(),
                        params(current),
                        current.getMode().shortLabel(),
                        because));
                current = null;
            }
        }

        private static Map<String, String> params(BenchmarkParams p) {
            Map<String, String> params = new TreeMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            return params;
        }

        @Override
        public void startBenchmark(BenchmarkParams params) {
            failed(null);
            current = params;
            reason = null;
            traceNext = false;
            out.startBenchmark(params);
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
            if (result == null || result.getIterationResults().isEmpty()) {
                failed(null); // JMH ends a benchmark whose every fork failed with no result
            }
            current = null;
            out.endBenchmark(result);
        }

        @Override
        public void println(String s) {
            out.println(s);
            if (current == null || s == null) {
                return;
            }
            if (s.equals("<failure>")) {
                traceNext = true;
            } else if (traceNext && !s.isBlank()) {
                reason = rootCause(s);
                traceNext = false;
            } else if (reason == null && s.startsWith("<forked VM failed")) {
                reason = s.substring(1, s.length() - 1);
            }
        }

        /** The last {@code Caused by:} of a printed stack trace, or its first line. */
        static String rootCause(String trace) {
            String root = trace.lines().findFirst().orElse(trace).strip();
            for (String line : trace.lines().toList()) {
                if (line.startsWith("Caused by: ")) {
                    root = line.substring("Caused by: ".length()).strip();
                }
            }
            return root;
        }

        @Override
        public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
            out.iteration(benchParams, params, iteration);
        }

        @Override
        public void iterationResult(
                BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
            out.iterationResult(benchParams, params, iteration, data);
        }

        @Override
        public void startRun() {
            out.startRun();
        }

        @Override
        public void endRun(Collection<RunResult> result) {
            out.endRun(result);
        }

        @Override
        public void print(String s) {
            out.print(s);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush(); // the suite's stream outlives each class's runner
        }

        @Override
        public void verbosePrintln(String s) {
            out.verbosePrintln(s);
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b) throws IOException {
            out.write(b);
        }
    }
}
