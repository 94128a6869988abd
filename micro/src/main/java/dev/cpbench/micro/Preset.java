package dev.cpbench.micro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/**
 * The benchmarks' run settings, in one place: forks, warm-up and measurement per preset, and for every preset
 * {@code -prof gc} (B/op), the {@link ProcessCpuProfiler} (CPU ns/op over all the JVM's threads) and a fixed 1 GiB
 * heap. {@code ./jmh.sh} applies its preset ({@link SuiteRun}, {@code compare.SequentialCompare}), {@code java
 * -jar benchmarks.jar} the full one ({@link BenchmarksMain}), so both run a benchmark alike. An option given on the
 * command line replaces the preset's: each of {@code -f -wi -w -i -r -foe} on its own, any {@code -jvmArgs*} the
 * heap, a {@code -prof gc} the preset's.
 */
public enum Preset {
    FULL("-f", "3", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"),
    /** A fork's first ~3 s are the JIT's warm-up (results/README.md, "Warm-up"). */
    QUICK("-f", "1", "-wi", "1", "-w", "3s", "-i", "1", "-r", "1s"),
    /** A warm-up iteration: a fork's first iteration holds the trial's setup ({@link ProcessCpuProfiler}). */
    SMOKE("-f", "1", "-wi", "1", "-w", "100ms", "-i", "1", "-r", "100ms"),
    /**
     * One fork per JMH run ({@code SequentialCompare} adds {@code -f 1} and interleaves them); a comparison is all
     * or nothing, so one failed fork fails its run.
     */
    COMPARE("-wi", "1", "-w", "4s", "-i", "2", "-r", "1s", "-foe", "true");

    /**
     * A fixed heap: forks reuse memory they have touched. With the default heap (1/4 of RAM) short runs of the
     * 256 KiB benchmarks were at times 20-30x slower on the project's VM, and never with a fixed heap.
     */
    public static final String HEAP = "-Xms1g -Xmx1g";

    private final List<String> timing;

    Preset(String... timing) {
        this.timing = List.of(timing);
    }

    /** The preset of this name ({@code full}, {@code quick}, ...); an unknown name lists the choices. */
    public static Preset named(String name) {
        return Arrays.stream(values())
                .filter(p -> p.label().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "'; choose one of: "
                        + Arrays.stream(values()).map(Preset::label).collect(Collectors.joining(", "))));
    }

    public String label() {
        return name().toLowerCase(Locale.US);
    }

    /** {@code args} (JMH's command line) followed by this preset's options for what {@code args} does not set. */
    public String[] withDefaults(String[] args) throws CommandLineOptionException {
        CommandLineOptions given = new CommandLineOptions(args);
        List<String> out = new ArrayList<>(List.of(args));
        for (int k = 0; k < timing.size(); k += 2) {
            if (!sets(given, timing.get(k))) {
                out.addAll(timing.subList(k, k + 2));
            }
        }
        if (!given.getJvmArgs().hasValue()
                && !given.getJvmArgsAppend().hasValue()
                && !given.getJvmArgsPrepend().hasValue()) {
            out.addAll(List.of("-jvmArgsAppend", HEAP));
        }
        if (given.getProfilers().stream().noneMatch(profiler(GCProfiler.class, "gc"))) {
            out.addAll(List.of("-prof", "gc"));
        }
        if (given.getProfilers().stream()
                .noneMatch(profiler(ProcessCpuProfiler.class, ProcessCpuProfiler.class.getName()))) {
            out.addAll(List.of("-prof", ProcessCpuProfiler.class.getName()));
        }
        return out.toArray(String[]::new);
    }

    private static boolean sets(CommandLineOptions given, String option) {
        return switch (option) {
            case "-f" -> given.getForkCount().hasValue();
            case "-wi" -> given.getWarmupIterations().hasValue();
            case "-w" -> given.getWarmupTime().hasValue();
            case "-i" -> given.getMeasurementIterations().hasValue();
            case "-r" -> given.getMeasurementTime().hasValue();
            case "-foe" -> given.shouldFailOnError().hasValue();
            default -> throw new IllegalStateException("a preset sets " + option + ", which sets() does not know");
        };
    }

    private static Predicate<ProfilerConfig> profiler(Class<?> type, String alias) {
        return p -> p.getKlass().equals(alias) || p.getKlass().equals(type.getName());
    }
}
