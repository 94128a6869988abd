package dev.cpbench.macro.tenants;

import dev.cpbench.macro.target.Endpoint;
import dev.cpbench.macro.target.Target;
import dev.cpbench.macro.target.TargetException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Heap and goroutine profiles at a phase, under {@code profiles/}: from each API server's
 * {@code /debug/pprof/heap} and {@code /debug/pprof/goroutine?debug=1} when it serves them (kube-apiserver does
 * with {@code --profiling}, the default), or, on the embedded stand-in, this JVM's class histogram
 * ({@code GC.class_histogram}: it collects first, so its total is the live heap).
 */
final class Profiles {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern GOROUTINES = Pattern.compile("^goroutine profile: total (\\d+)");

    private final Path dir;
    private final Set<String> unavailable = new LinkedHashSet<>();

    Profiles(Path runDir) {
        this.dir = runDir.resolve("profiles");
    }

    /**
     * Takes the profiles of phase {@code phase}; returns figures read from them: {@code liveHeapBytes} (embedded)
     * or {@code goroutines.<endpoint>}.
     */
    Map<String, Double> capture(Target target, String phase) throws IOException {
        Files.createDirectories(dir);
        Map<String, Double> figures = new LinkedHashMap<>();
        if (target.embedded()) {
            String histogram = classHistogram();
            Files.writeString(dir.resolve(phase + "-class-histogram.txt"), histogram, StandardCharsets.UTF_8);
            Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
            if (m.find()) {
                figures.put("liveHeapBytes", Double.parseDouble(m.group(2)));
            }
            return figures;
        }
        for (Endpoint e : target.endpoints()) {
            fetch(e, "/debug/pprof/heap", byte[].class)
                    .ifPresent(body -> write(phase + "-" + e.name() + "-heap.pb.gz", body));
            fetch(e, "/debug/pprof/goroutine?debug=1", byte[].class).ifPresent(body -> {
                write(phase + "-" + e.name() + "-goroutine.txt", body);
                Matcher m = GOROUTINES.matcher(new String(body, StandardCharsets.UTF_8));
                if (m.find()) {
                    figures.put("goroutines." + e.name(), Double.parseDouble(m.group(1)));
                }
            });
        }
        return figures;
    }

    /** Profiles an endpoint did not serve, once each, for the report's notes. */
    Set<String> unavailable() {
        return unavailable;
    }

    private <T> Optional<T> fetch(Endpoint e, String path, Class<T> type) {
        try {
            HttpResponse<T> r = e.get(path, type, TIMEOUT);
            if (r.code() == 200) {
                return Optional.of(r.body());
            }
            unavailable.add(e.name() + " " + path + ": HTTP " + r.code());
        } catch (TargetException ex) {
            unavailable.add(e.name() + " " + path + ": " + ex.getMessage());
        }
        return Optional.empty();
    }

    private void write(String name, byte[] body) {
        try {
            Files.write(dir.resolve(name), body);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), ex);
        }
    }

    /** This JVM's {@code GC.class_histogram}, as {@code jcmd} would print it. */
    static String classHistogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("cannot take this JVM's class histogram: " + e.getMessage(), e);
        }
    }
}
