package dev.cpbench.macro.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.macro.common.LineFit;
import dev.cpbench.macro.common.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Separates the fixed cost from the per-tenant slope: fits figure = fixed + slope × tenants by least squares over
 * runs of one scenario at several N (their steady samples), and projects a sizing for {@code --for-tenants}.
 */
@Command(
        name = "tenant-fit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fits fixed cost + per-tenant slope across bootstrap (or mixed) runs at several --tenants, from their",
            "run.json files, and projects pod requests/limits for --for-tenants. Writes tenant-fit.md and tenant-fit.json to --out."
        })
public final class TenantFitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Figures of the steady sample's row of the phase table that are fitted; those in bytes are fitted in MiB. */
    private static final List<String> PHASE_FIGURES =
            List.of("heapBytes", "liveHeapBytes", "rssBytes", "threads", "openFds");

    private static final double MIB = 1024.0 * 1024.0;

    /** The window a projected figure comes from: the runs' fits, not one run's window. */
    private static final String PROJECTED_WINDOW = "projected from the runs' fits";

    private static final List<String> SIZING_FIGURES =
            List.of("steadyRssBytes", "peakRssBytes", "steadyCores", "burstCores");

    /** What a projection does with a figure that does not grow with the tenants. */
    static final String PROJECTION_RULE =
            "a figure that grows with the tenants is fixed + per tenant × N; one that does not "
                    + "(per tenant ≤ 0: no per-tenant cost above the noise) is its largest observed value, never extrapolated downwards";

    /** One fitted figure. */
    record Fit(String figure, String unit, List<Integer> tenants, List<Double> values, double fixed, double perTenant) {
        /** The figure at {@code n} tenants, by {@link #PROJECTION_RULE}. */
        double projected(int n) {
            return perTenant > 0
                    ? fixed + perTenant * n
                    : values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "2..*",
            description = "Run directories of one tenant scenario at two or more tenant counts.")
    List<Path> runs;

    @Option(
            names = "--for-tenants",
            description = "Project the sizing for this many tenants (default: the largest run's).")
    Integer forTenants;

    @Option(
            names = "--out",
            defaultValue = "runs",
            description = "Where the fit's directory goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> roots = new ArrayList<>();
        for (Path dir : runs) {
            roots.add(read(dir));
        }
        String scenario = roots.get(0).path("scenario").asText();
        for (int i = 1; i < roots.size(); i++) {
            if (!roots.get(i).path("scenario").asText().equals(scenario)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "runs of different scenarios: " + runs.get(0) + " is " + scenario + ", " + runs.get(i) + " is "
                                + roots.get(i).path("scenario").asText());
            }
        }
        List<Integer> n =
                roots.stream().map(r -> r.path("tenants").path("total").asInt()).toList();
        if (n.stream().distinct().count() < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "the runs need at least two different tenant counts, got " + n);
        }
        List<Fit> fits = new ArrayList<>();
        for (String figure : PHASE_FIGURES) {
            fit(
                            figure,
                            figure.endsWith("Bytes") ? "MiB" : "count",
                            n,
                            roots.stream().map(r -> steadyRow(r).path(figure)).toList(),
                            figure.endsWith("Bytes") ? MIB : 1.0)
                    .ifPresent(fits::add);
        }
        Map<String, List<Fit>> sizingFits = new TreeMap<>();
        for (JsonNode process : roots.get(0).path("sizing")) {
            String name = process.path("process").asText();
            List<Fit> mine = new ArrayList<>();
            for (String figure : SIZING_FIGURES) {
                fit(
                                figure,
                                figure.endsWith("Bytes") ? "MiB" : "cores",
                                n,
                                roots.stream()
                                        .map(r -> sizingOf(r, name).path(figure))
                                        .toList(),
                                figure.endsWith("Bytes") ? MIB : 1.0)
                        .ifPresent(mine::add);
            }
            sizingFits.put(name, mine);
        }
        int target = forTenants != null
                ? forTenants
                : n.stream().mapToInt(Integer::intValue).max().orElseThrow();
        double safety = roots.get(0).path("options").path("safety-factor").asDouble(1.5);
        List<Sizing> projected = new ArrayList<>();
        sizingFits.forEach((process, mine) -> projected.add(new Sizing(
                process,
                projected(mine, "steadyRssBytes", target) * MIB,
                projected(mine, "peakRssBytes", target) * MIB,
                projected(mine, "steadyCores", target),
                projected(mine, "burstCores", target),
                safety,
                PROJECTED_WINDOW,
                PROJECTED_WINDOW,
                PROJECTED_WINDOW)));
        Path dir = RunDirectory.create(out, "tenant-fit-" + scenario, Instant.now());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("runs", runs.stream().map(Path::toString).toList());
        json.put("fits", fits);
        json.put("sizingFits", sizingFits);
        json.put("forTenants", target);
        json.put("projectionRule", PROJECTION_RULE);
        json.put("projectedSizing", projected.stream().map(Sizing::json).toList());
        Files.writeString(dir.resolve("tenant-fit.json"), JSON.writeValueAsString(json), StandardCharsets.UTF_8);
        String md = markdown(scenario, fits, target, projected);
        Files.writeString(dir.resolve("tenant-fit.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
        System.err.println("tenant-fit: wrote " + dir);
        return 0;
    }

    private JsonNode read(Path dir) {
        Path file = dir.resolve("run.json");
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!root.path("tenants").has("total") || !root.has("phaseTable")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        file + " is not a tenant scenario's run.json (no tenants.total or phaseTable)");
            }
            return root;
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The phase-table row of the sample that closes the run's steady window. */
    private static JsonNode steadyRow(JsonNode root) {
        String steady = root.path("steadyWindow").path("to").asText();
        for (JsonNode row : root.path("phaseTable")) {
            if (row.path("sample").asText().equals(steady)) {
                return row;
            }
        }
        return JSON.missingNode();
    }

    private static JsonNode sizingOf(JsonNode root, String process) {
        for (JsonNode row : root.path("sizing")) {
            if (row.path("process").asText().equals(process)) {
                return row;
            }
        }
        return JSON.missingNode();
    }

    /** The fit of one figure, if every run has it. */
    private static Optional<Fit> fit(String figure, String unit, List<Integer> n, List<JsonNode> values, double scale) {
        if (values.stream().anyMatch(v -> !v.isNumber())) {
            return Optional.empty();
        }
        List<Double> scaled = values.stream().map(v -> v.asDouble() / scale).toList();
        LineFit line = LineFit.of(n, scaled);
        return Optional.of(new Fit(figure, unit, n, scaled, line.intercept(), line.slope()));
    }

    private static double projected(List<Fit> fits, String figure, int tenants) {
        return fits.stream()
                .filter(f -> f.figure().equals(figure))
                .findFirst()
                .map(f -> f.projected(tenants))
                .orElse(Double.NaN);
    }

    private static String markdown(String scenario, List<Fit> fits, int target, List<Sizing> projected) {
        StringBuilder md = new StringBuilder("# cpbench tenant-fit: " + scenario + "\n\n");
        md.append(
                        "Least squares of each figure at the steady sample against the tenant count: figure = fixed + per tenant × N.\n\n")
                .append(
                        "| figure | unit | N | values | fixed | per tenant | per tenant (KiB) |\n|---|---|---|---|---:|---:|---:|\n");
        for (Fit f : fits) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %s | %s | %.2f | %.5f | %s |%n",
                    f.figure(),
                    f.unit(),
                    f.tenants(),
                    f.values().stream()
                            .map(v -> String.format(Locale.US, "%.1f", v))
                            .toList(),
                    f.fixed(),
                    f.perTenant(),
                    f.unit().equals("MiB") ? String.format(Locale.US, "%.1f", f.perTenant() * 1024) : ""));
        }
        md.append(String.format(
                        Locale.US,
                        "%n## Sizing projected for %,d tenants%n%nProjection: %s.%n%n",
                        target,
                        PROJECTION_RULE))
                .append(
                        "| process | requests.memory | limits.memory | requests.cpu | limits.cpu |\n|---|---|---|---|---|\n");
        for (Sizing s : projected) {
            md.append("| ")
                    .append(s.process())
                    .append(" | ")
                    .append(s.requestsMemory())
                    .append(" | ")
                    .append(s.limitsMemory())
                    .append(" | ")
                    .append(s.requestsCpu())
                    .append(" | ")
                    .append(s.limitsCpu())
                    .append(" |\n");
        }
        return md.toString();
    }
}
