package dev.cpbench.macro.correlate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.macro.common.RunDirectory;
import dev.cpbench.macro.correlate.Report.BatchingDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./macro.sh correlate}: micro results and macro runs in, report.md/json/html and charts out. */
@Command(
        name = "correlate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Joins JMH micro results with macro runs: splits each run's window into hot paths",
            "(count in the run × micro cost per operation) and the unexplained rest, decides whether KMS decrypt",
            "micro-batching would help, diagnoses symptoms, and fits how each term grows with the corpus.",
            "Writes report.md, report.json, report.html and charts/*.png|svg to --out.",
            "Example: ./macro.sh correlate --micro results/jmh/A.json,results/jmh/B.json \\",
            "           --macro results/macro/cold-start-10000-...,results/macro/cold-start-50000-... --out /tmp/report"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:report written", "2:an input is unusable or an option is wrong"})
public final class CorrelateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--micro",
            split = ",",
            paramLabel = "JMH.json",
            description =
                    "JMH JSON files from ./jmh.sh; where several hold the same benchmark and parameters, the last wins. "
                            + "Without any, every hot path is reported missing.")
    List<Path> micro = List.of();

    @Option(
            names = "--macro",
            split = ",",
            required = true,
            paramLabel = "RUN_DIR",
            description = "Macro run directories (./macro.sh cold-start or sustained), one or more.")
    List<Path> macro;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report directory (default: runs/correlation-<UTC time>).")
    Path out;

    @Option(
            names = "--decision-threshold",
            defaultValue = "5%",
            paramLabel = "PERCENT",
            description =
                    "Saving, in percent of the run's window, from which micro-batching is worth trying (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Override
    public Integer call() throws IOException {
        double thresholdPercent = thresholdPercent();
        Report computed;
        try {
            computed = Correlator.correlate(micro, macro, thresholdPercent);
        } catch (CorrelationInputException e) {
            System.err.println("correlate: " + e.getMessage());
            return 2;
        }
        Path dir = out != null
                ? Files.createDirectories(out)
                : RunDirectory.create(Path.of("runs"), "correlation", Instant.now());
        List<Report.Chart> charts = Charts.write(computed, dir);
        Report report = new Report(
                computed.schemaVersion(),
                computed.inputs(),
                computed.runs(),
                computed.batching(),
                computed.diagnosis(),
                computed.scaling(),
                computed.latencyCurves(),
                computed.fanoutCurves(),
                charts);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), report);
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(report), StandardCharsets.UTF_8);
        HtmlReport.write(report, dir.resolve("report.html"));
        for (BatchingDecision d : report.batching()) {
            System.out.println(d.run() + ": " + d.verdict() + " — " + d.summary());
        }
        System.out.println("report: " + dir.resolve("report.md") + " (also report.json, report.html, charts/)");
        return 0;
    }

    private double thresholdPercent() {
        String value = threshold.strip();
        try {
            double percent = Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
            if (percent > 0 && percent < 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--decision-threshold must be a percentage between 0 and 100, e.g. 5%, got '" + threshold + "'");
    }
}
