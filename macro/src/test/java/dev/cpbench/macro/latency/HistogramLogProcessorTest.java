package dev.cpbench.macro.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestRuns;
import dev.cpbench.macro.metadata.MetadataLoadCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * HdrHistogram's own {@code HistogramLogProcessor} (the 2.2.2 jar on the class path, run as its {@code main} would,
 * with no {@code -tag} and the default {@code -start 0}; {@code -o}, {@code -csv} and {@code -outputValueUnitRatio 1000}
 * only choose how it prints) reads every {@code .hlog} the corpus scenarios, a tenant scenario and metadata-load write,
 * and its whole-run count and percentiles equal {@code latency.csv}'s; every line starts at or after the log's start
 * time and its {@code Interval_Max} column is the line's maximum in µs, the unit the header states.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HistogramLogProcessorTest {
    @Test
    void coldStartLogs(@TempDir Path out) throws Exception {
        assertThat(MacroCli.commandLine()
                        .execute(
                                "cold-start",
                                "--target",
                                "embedded",
                                "--embedded-api-servers",
                                "2",
                                "--embedded-kms",
                                "in_process",
                                "--objects",
                                "300",
                                "--page-size",
                                "50",
                                "--settle",
                                "0s",
                                "--out",
                                out.toString()))
                .isZero();
        assertScenarioLogsMatchLatencyCsv(TestRuns.onlyRunDir(out), List.of("list", "list-page"));
    }

    @Test
    void sustainedLogs(@TempDir Path out) throws Exception {
        assertThat(MacroCli.commandLine()
                        .execute(
                                "sustained",
                                "--target",
                                "embedded",
                                "--embedded-api-servers",
                                "2",
                                "--embedded-kms",
                                "in_process",
                                "--objects",
                                "200",
                                "--page-size",
                                "50",
                                "--workers",
                                "2",
                                "--duration",
                                "2s",
                                "--settle",
                                "0s",
                                "--out",
                                out.toString()))
                .isZero();
        assertScenarioLogsMatchLatencyCsv(TestRuns.onlyRunDir(out), List.of("list", "list-page"));
    }

    @Test
    void tenantScenarioLogs(@TempDir Path out) throws Exception {
        assertThat(MacroCli.commandLine()
                        .execute(
                                "bootstrap",
                                "--target",
                                "embedded",
                                "--embedded-api-servers",
                                "2",
                                "--embedded-kms",
                                "in_process",
                                "--tenants",
                                "6",
                                "--workers",
                                "2",
                                "--objects-per-tenant",
                                "1",
                                "--warmup",
                                "0s",
                                "--steady-wait",
                                "0s",
                                "--post-bootstrap-settle",
                                "0s",
                                "--sample-interval",
                                "200ms",
                                "--out",
                                out.toString()))
                .isZero();
        assertScenarioLogsMatchLatencyCsv(TestRuns.onlyRunDir(out), List.of("create", "tenant"));
    }

    @Test
    void metadataLoadLog(@TempDir Path out) throws Exception {
        assertThat(new CommandLine(new MetadataLoadCommand())
                        .execute("-n", "2000", "-c", "10", "--out", out.toString()))
                .isZero();
        Path dir = TestRuns.onlyRunDir(out);
        Map<String, String> csv = new TreeMap<>();
        Files.readAllLines(dir.resolve("latency.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .forEach(c -> csv.put(c[0], c[1]));
        String[] total = processorTotals(dir.resolve("latency.hlog"), out);

        assertThat(Long.parseLong(total[5]))
                .as("Total_Count: every answered request, none dropped")
                .isEqualTo(2000);
        assertThat(List.of(total[6], total[7], total[8], total[9], total[11]))
                .as("Total_50%, 90%, 99%, 99.9%, Max against latency.csv")
                .containsExactly(csv.get("50"), csv.get("90"), csv.get("99"), csv.get("99.9"), csv.get("100"));
        assertLinesStartAtZeroWithMaxInMicros(dir.resolve("latency.hlog"));
    }

    /** For each operation: the processor's totals equal latency.csv's row for all endpoints (or the only one). */
    private static void assertScenarioLogsMatchLatencyCsv(Path dir, List<String> operations) throws Exception {
        Map<String, String[]> rows = new TreeMap<>();
        List<String> csv = Files.readAllLines(dir.resolve("latency.csv"));
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",");
            if (c[1].equals("all") || !rows.containsKey(c[0])) {
                rows.put(c[0], c);
            }
        }
        List<String> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".hlog"))
                    .sorted()
                    .toList();
        }
        assertThat(logs)
                .as("the operations this test expects")
                .containsAll(operations.stream().map(o -> o + ".hlog").toList());
        for (String log : logs) {
            String operation = log.substring(0, log.length() - ".hlog".length());
            String[] row = rows.get(operation);
            String[] total = processorTotals(dir.resolve(log), dir.resolve("processor-" + operation));
            // latency.csv: operation,endpoint,count,p50_ms,p90_ms,p95_ms,p99_ms,max_ms
            assertThat(List.of(total[5], total[6], total[7], total[8], total[11]))
                    .as(log + ": Total_Count, 50%, 90%, 99%, Max")
                    .containsExactly(row[2], row[3], row[4], row[6], row[7]);
            assertLinesStartAtZeroWithMaxInMicros(dir.resolve(log));
        }
    }

    /** The last line of the processor's interval CSV: the totals over every interval it read. */
    private static String[] processorTotals(Path log, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path intervals = outDir.resolve("intervals.csv");
        new HistogramLogProcessor(new String[] {
                    "-i", log.toString(), "-o", intervals.toString(), "-csv", "-outputValueUnitRatio", "1000"
                })
                .run();
        List<String> lines = Files.readAllLines(intervals).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("\""))
                .toList();
        assertThat(lines).as(log + ": the processor read interval lines").isNotEmpty();
        return lines.get(lines.size() - 1).split(",");
    }

    /** Each interval line: start ≥ 0 s; Interval_Max is the decoded histogram's max in µs. */
    private static void assertLinesStartAtZeroWithMaxInMicros(Path log) throws IOException {
        List<String[]> columns = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("#") && !line.startsWith("\"")) {
                columns.add(line.replaceFirst("^Tag=[^,]*,", "").split(","));
            }
        }
        List<Histogram> decoded = IntervalLog.read(log);
        assertThat(columns).hasSameSizeAs(decoded);
        assertThat(decoded.stream().filter(h -> h.getTag() == null))
                .as(log + ": untagged lines, the whole")
                .isNotEmpty();
        for (int i = 0; i < columns.size(); i++) {
            assertThat(Double.parseDouble(columns.get(i)[0]))
                    .as(log + " line " + i + " start")
                    .isGreaterThanOrEqualTo(0);
            assertThat(columns.get(i)[2])
                    .as(log + " line " + i + " Interval_Max")
                    .isEqualTo(String.format(
                            Locale.US, "%.3f", (double) decoded.get(i).getMaxValue()));
        }
    }
}
