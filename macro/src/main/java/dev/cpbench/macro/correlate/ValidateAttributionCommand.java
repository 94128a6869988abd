package dev.cpbench.macro.correlate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.macro.common.RunDirectory;
import dev.cpbench.macro.correlate.AttributionValidation.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./macro.sh validate-attribution}: runs with an injected cost against runs without, one row per hot path. */
@Command(
        name = "validate-attribution",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Checks correlation's attribution by changing the system: each run made with --inject HOT_PATH=+COST",
            "is correlated against baseline runs of the same set-up, and the wall time the injection added must be",
            "attributed to that hot path (80-120% of it) and not to the others (at most 20%). Writes validation.md",
            "and validation.json to --out. scripts/validate-attribution.sh makes the runs and calls this.",
            "Example: ./macro.sh validate-attribution --micro results/jmh/A.json \\",
            "           --baseline runs/cold-start-10000-a,runs/cold-start-10000-b --injected runs/cold-start-10000-c --out /tmp/v"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every injection recovered",
            "1:an injection not recovered, or too small to tell from noise",
            "2:an input is unusable or an option is wrong"
        })
public final class ValidateAttributionCommand implements Callable<Integer> {
    @Option(
            names = "--micro",
            split = ",",
            required = true,
            paramLabel = "JMH.json",
            description = "JMH JSON files from ./jmh.sh, as for correlate.")
    List<Path> micro;

    @Option(
            names = "--baseline",
            split = ",",
            required = true,
            paramLabel = "RUN_DIR",
            description = "Runs without --inject; several of one set-up are compared by their medians.")
    List<Path> baseline;

    @Option(
            names = "--injected",
            split = ",",
            required = true,
            paramLabel = "RUN_DIR",
            description =
                    "Runs with one --inject each; runs of the same injection and set-up are taken together (medians).")
    List<Path> injected;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: runs/validation-<UTC time>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Row> rows;
        try {
            rows = AttributionValidation.validate(micro, baseline, injected);
        } catch (CorrelationInputException e) {
            System.err.println("validate-attribution: " + e.getMessage());
            return 2;
        }
        Path dir = out != null
                ? Files.createDirectories(out)
                : RunDirectory.create(Path.of("runs"), "validation", Instant.now());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 1);
        json.put("micro", micro.stream().map(Path::toString).toList());
        json.put("rows", rows);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("validation.json").toFile(), json);
        String table = table(rows);
        Files.writeString(dir.resolve("validation.md"), markdown(rows, table), StandardCharsets.UTF_8);
        System.out.print(table);
        System.out.println("validation: " + dir.resolve("validation.md") + " (also validation.json)");
        return rows.stream().allMatch(Row::recovered) ? 0 : 1;
    }

    private String markdown(List<Row> rows, String table) {
        StringBuilder md = new StringBuilder("# Attribution validation by injection\n\n");
        md.append(
                        "Each row: runs that added a known cost to one hot path (`--inject`) against runs of the same set-up without it. ")
                .append(
                        "The added wall time (median window, injected − baseline) must be attributed to the hot path's term ")
                .append(String.format(
                        Locale.US,
                        "(%.0f-%.0f%% of it) and not to the others (at most %.0f%%); an addition under %.0f× the baselines' spread ",
                        100 * AttributionValidation.MIN_SHARE,
                        100 * AttributionValidation.MAX_SHARE,
                        100 * AttributionValidation.MAX_ELSEWHERE,
                        AttributionValidation.MIN_SIGNAL_OVER_SPREAD))
                .append(
                        "cannot be told from noise. Where the API servers measure the hot path (their histograms), the term is their ")
                .append(
                        "figure and knows nothing of the injection; elsewhere it is count × (micro cost + the injected cost) ÷ parallelism, ")
                .append("so the row tests the count and the parallelism.\n\n");
        md.append(table).append('\n');
        for (Row r : rows) {
            md.append("- **")
                    .append(r.injected())
                    .append("** (")
                    .append(r.setup())
                    .append("): ")
                    .append(r.verdict())
                    .append(": ")
                    .append(r.why())
                    .append(". Baselines: ")
                    .append(String.join(", ", r.baselineRuns()))
                    .append("; injected: ")
                    .append(String.join(", ", r.injectedRuns()))
                    .append(".\n");
        }
        md.append("\nMicro inputs: ")
                .append(String.join(", ", micro.stream().map(Path::toString).toList()))
                .append('\n');
        return md.toString();
    }

    private static String table(List<Row> rows) {
        StringBuilder t =
                new StringBuilder("| injected | carried by | runs (base/inj) | window base → injected | added wall | "
                        + "added to its phase | attributed to it | elsewhere | from | verdict |\n"
                        + "|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            t.append(String.format(
                    Locale.US,
                    "| %s | %s | %d/%d | %.3f s (spread %.3f) → %.3f s | %.3f s | %s %+.3f s | %.3f s (%s) | %.3f s (%s) | %s | %s |%n",
                    r.injected(),
                    r.carrier(),
                    r.baselineRuns().size(),
                    r.injectedRuns().size(),
                    r.baselineWindowSeconds(),
                    r.baselineSpreadSeconds(),
                    r.injectedWindowSeconds(),
                    r.addedSeconds(),
                    r.phase(),
                    r.phaseAddedSeconds(),
                    r.attributedSeconds(),
                    Format.wholePercent(r.attributedShare()),
                    r.elsewhereSeconds(),
                    Format.wholePercent(r.elsewhereShare()),
                    r.serverMeasured() ? "servers' histogram" : "model",
                    r.verdict()));
        }
        return t.toString();
    }
}
