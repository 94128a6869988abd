package dev.cpbench.micro.compare;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.JmhResults;
import dev.cpbench.jmhresults.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The results history: every recorded JMH run as one compact JSON line of a JSON Lines file (by default
 * {@code results/history/history.jsonl} under the repository root), so that {@link Trend} can follow each
 * benchmark over commits. One line per run keeps the file appendable and its diffs readable; a run keeps its
 * scores, errors and allocation, not JMH's raw data.
 *
 * <p>{@code ./jmh.sh --record} appends a run ({@link RecordCommand}).
 */
final class History {
    /** JSON has no NaN: a NaN {@code double} is written as null and read back as NaN. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule()
                    .addSerializer(double.class, new NanAsNullWriter())
                    .addDeserializer(double.class, new NanAsNullReader()))
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private History() {}

    /**
     * One recorded JMH run.
     *
     * @param date   when it was recorded, ISO-8601 UTC
     * @param commit the commit the benchmarks were built from
     * @param dirty  whether the work tree had uncommitted changes
     * @param jdk    the JDK version the benchmarks ran on
     * @param cpu    the CPU the benchmarks ran on ({@link #cpu(List)})
     * @param preset the {@code ./jmh.sh} preset: full, quick or smoke
     */
    record Run(String date, String commit, boolean dirty, String jdk, String cpu, String preset, List<Entry> results) {
        Run {
            results = List.copyOf(results);
        }
    }

    /**
     * One JMH result.
     *
     * @param benchmark       the full name, package, class and method
     * @param params          the JMH parameters, sorted by name
     * @param error           the 99.9% confidence half-width; NaN when JMH had too few iterations for one
     * @param allocBytesPerOp {@code gc.alloc.rate.norm}; null if the run had no GC profiler
     */
    record Entry(
            String benchmark,
            String mode,
            int threads,
            Map<String, String> params,
            double score,
            double error,
            String unit,
            Double allocBytesPerOp) {
        Entry {
            params = new TreeMap<>(params);
        }
    }

    /** The run a JMH JSON result file describes, with what JMH does not know about it. */
    static Run fromJmh(Path jmhJson, String date, String commit, boolean dirty, String jdk, String cpu, String preset)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (JmhResult r : JmhResults.read(jmhJson)) {
            entries.add(new Entry(
                    r.benchmark(),
                    r.mode(),
                    r.threads(),
                    r.params(),
                    r.primary().score(),
                    r.primary().error(),
                    r.primary().unit(),
                    r.secondary(JmhResult.ALLOC_NORM).map(Metric::score).orElse(null)));
        }
        return new Run(date, commit, dirty, jdk, cpu, preset, entries);
    }

    /** Appends the run as one line, creating the file and its directories if need be. */
    static void append(Path historyFile, Run run) throws IOException {
        Files.createDirectories(historyFile.toAbsolutePath().getParent());
        Files.writeString(
                historyFile, JSON.writeValueAsString(run) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * The runs of a history file in file order, blank lines skipped.
     *
     * @throws IllegalArgumentException naming the file and line of a line that is not a run
     */
    static List<Run> read(Path historyFile) throws IOException {
        List<String> lines = Files.readAllLines(historyFile);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                runs.add(JSON.readValue(lines.get(i), Run.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        historyFile + ":" + (i + 1) + ": not a history run: " + e.getOriginalMessage(), e);
            }
        }
        return runs;
    }

    /**
     * The instruction-set extensions that change which code the JIT and the JDK's intrinsics emit for these
     * benchmarks, by their /proc/cpuinfo names. Two machines both called "AMD EPYC", one with AVX-512 and one
     * without, ran the JDK's AES-GCM decrypt of 1 KiB at ~670 and ~1410 ns/op (results/compare-proof/README.md).
     */
    private static final List<String> CPU_FLAGS = List.of("aes", "avx2", "avx512f", "sha_ni", "vaes", "vpclmulqdq");

    /** This machine's {@link #cpu(List)}; the architecture where there is no /proc/cpuinfo (not Linux). */
    static String cpu() {
        try {
            return cpu(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /**
     * The CPU of /proc/cpuinfo's lines: its "model name" (else the architecture) and, in parentheses, which of
     * {@link #CPU_FLAGS} its "flags" line has, e.g. {@code AMD EPYC (aes avx2 avx512f sha_ni vaes vpclmulqdq)}, or
     * the model alone if it has none of them.
     */
    static String cpu(List<String> cpuinfo) {
        String model = field(cpuinfo, "model name").orElse(System.getProperty("os.arch"));
        List<String> flags =
                field(cpuinfo, "flags").map(f -> List.of(f.split("\\s+"))).orElse(List.of());
        List<String> present = CPU_FLAGS.stream().filter(flags::contains).toList();
        return present.isEmpty() ? model : model + " (" + String.join(" ", present) + ")";
    }

    /** The value of the first "name : value" line of /proc/cpuinfo with that name. */
    private static Optional<String> field(List<String> cpuinfo, String name) {
        return cpuinfo.stream()
                .filter(line -> line.contains(":")
                        && line.substring(0, line.indexOf(':')).strip().equals(name))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }

    /** Appends {@code jmh}'s results to {@code history}, recorded now; the run recorded. */
    static Run record(Path history, Path jmh, String commit, boolean dirty, String preset) throws IOException {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Run run = fromJmh(jmh, date, commit, dirty, jdkOf(jmh), cpu(), preset);
        append(history, run);
        return run;
    }

    /** The JDK the benchmarks ran on, as JMH recorded it; the running JDK's if the file has no results. */
    private static String jdkOf(Path jmhJson) throws IOException {
        return JSON.readTree(jmhJson.toFile()).path(0).path("jdkVersion").asText(System.getProperty("java.version"));
    }

    private static final class NanAsNullWriter extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isNaN()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    private static final class NanAsNullReader extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getDoubleValue();
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
