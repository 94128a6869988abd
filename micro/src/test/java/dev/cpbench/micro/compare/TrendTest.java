package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.micro.cli.CliRun;
import dev.cpbench.micro.compare.History.Entry;
import dev.cpbench.micro.compare.History.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trend of a synthetic history of 20 runs with 1% noise: ListDecodeBenchmark.fabric8ListPaged at 1000 objects
 * gets 10% slower at run 12, at 10000 objects 20% faster at run 8; EnvelopeBenchmark.decrypt (throughput) stays
 * flat; ListEncodeBenchmark.encode has 14 parameter sets, more than a chart takes.
 */
class TrendTest {
    private static final String DECODE = "dev.cpbench.micro.listing.ListDecodeBenchmark.fabric8ListPaged";
    private static final String ENVELOPE = "dev.cpbench.micro.envelope.EnvelopeBenchmark.decrypt";
    private static final String ENCODE = "dev.cpbench.micro.listing.ListEncodeBenchmark.encode";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private Path history;

    @BeforeEach
    void writeHistory() throws Exception {
        history = dir.resolve("history.jsonl");
        Random noise = new Random(42);
        for (int run = 1; run <= 20; run++) {
            List<Entry> results = new ArrayList<>();
            results.add(
                    entry(DECODE, "avgt", Map.of("objects", "1000"), (run >= 12 ? 11 : 10) * wobble(noise), "ms/op"));
            results.add(
                    entry(DECODE, "avgt", Map.of("objects", "10000"), (run >= 8 ? 80 : 100) * wobble(noise), "ms/op"));
            results.add(entry(ENVELOPE, "thrpt", Map.of(), 2000 * wobble(noise), "ops/ms"));
            for (int size = 1; size <= 14; size++) {
                results.add(entry(ENCODE, "thrpt", Map.of("size", "" + size), 50 * wobble(noise), "ops/s"));
            }
            String commit = String.format(Locale.US, "%07x%033d", run, 0);
            History.append(
                    history,
                    new Run(
                            "2026-11-%02dT12:00:00Z".formatted(run),
                            commit,
                            false,
                            "17.0.15",
                            "cpu",
                            "quick",
                            results));
        }
    }

    @Test
    void regressionAtRunTwelveIsReportedAndCharted() throws Exception {
        Path trendDir = dir.resolve("trend");

        CliRun run = CliRun.of("trend", "--history", history.toString(), "--out", trendDir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out().split("\n"))
                .containsExactly(
                        trendDir.resolve("trend.md").toString(),
                        "regression: ListDecodeBenchmark.fabric8ListPaged objects=1000 at run 12 (000000c), 9.98 → 11.0 ms/op (+10.5%)",
                        "improvement: ListDecodeBenchmark.fabric8ListPaged objects=10000 at run 8 (0000008), 99.5 → 80.4 ms/op (-19.2%)");
        String markdown = Files.readString(trendDir.resolve("trend.md"));
        assertThat(markdown)
                .contains(
                        "## ListDecodeBenchmark.fabric8ListPaged", "ms/op, lower is better", "ops/ms, higher is better")
                .contains(
                        "| objects=1000 | ms/op | 20 | ", "**regression** at run 12 (000000c): 9.98 → 11.0 (+10.5%) |")
                .contains("| (no params) | ops/ms | 20 | ")
                .contains("Not charted (over 12 series): size=13; size=14.");
        JsonNode json =
                new ObjectMapper().readTree(trendDir.resolve("trend.json").toFile());
        assertThat(json.path("runs").asInt()).isEqualTo(20);
        JsonNode decode = json.path("benchmarks").path(1);
        assertThat(decode.path("benchmark").asText()).isEqualTo(DECODE);
        assertThat(decode.path("series")
                        .path(0)
                        .path("changePoints")
                        .path(0)
                        .path("verdict")
                        .asText())
                .isEqualTo("regression");
        assertThat(decode.path("series")
                        .path(0)
                        .path("changePoints")
                        .path(0)
                        .path("run")
                        .asInt())
                .isEqualTo(12);
        for (String chart : List.of(
                "EnvelopeBenchmark.decrypt", "ListDecodeBenchmark.fabric8ListPaged", "ListEncodeBenchmark.encode")) {
            assertThat(Arrays.copyOf(Files.readAllBytes(trendDir.resolve(chart + ".png")), 8))
                    .isEqualTo(PNG_SIGNATURE);
            assertThat(svgRoot(trendDir.resolve(chart + ".svg"))).isEqualTo("svg");
        }
    }

    /**
     * The nightly's machine restarted on a CPU without AVX-512 and the JDK's AES-GCM ran 2.1× slower: the change
     * point is there, but it is the machine's, not a regression of the code.
     */
    @Test
    void aLevelChangeWhereTheCpuChangedIsTheMachinesNotARegression() throws Exception {
        Path cpuHistory = dir.resolve("cpu-history.jsonl");
        Random noise = new Random(7);
        for (int run = 1; run <= 12; run++) {
            String cpu = run >= 7 ? "AMD EPYC (aes avx2 vaes)" : "AMD EPYC (aes avx2 avx512f vaes)";
            double score = (run >= 7 ? 1410 : 670) * wobble(noise);
            History.append(
                    cpuHistory,
                    new Run(
                            "2026-12-%02dT03:00:00Z".formatted(run),
                            String.format(Locale.US, "%07x%033d", run, 0),
                            false,
                            "17.0.15",
                            cpu,
                            "full",
                            List.of(entry(ENVELOPE, "avgt", Map.of(), score, "ns/op"))));
        }
        Path trendDir = dir.resolve("trend");

        CliRun run = CliRun.of("trend", "--history", cpuHistory.toString(), "--out", trendDir.toString());

        assertThat(run.exit()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1])
                .startsWith("machine changed: EnvelopeBenchmark.decrypt (no params) at run 7 (0000007), ")
                .endsWith(", cpu AMD EPYC (aes avx2 avx512f vaes) → AMD EPYC (aes avx2 vaes)");
        assertThat(Files.readString(trendDir.resolve("trend.md")))
                .contains("| machine changed at run 7 (0000007): ")
                .doesNotContain("regression");
        JsonNode change = new ObjectMapper()
                .readTree(trendDir.resolve("trend.json").toFile())
                .at("/benchmarks/0/series/0/changePoints/0");
        assertThat(change.path("verdict").asText()).isEqualTo("machine changed");
        assertThat(change.path("machineChange").asText())
                .isEqualTo("cpu AMD EPYC (aes avx2 avx512f vaes) → AMD EPYC (aes avx2 vaes)");
    }

    @Test
    void regexSelectsTheBenchmarks() throws Exception {
        Path trendDir = dir.resolve("trend");

        assertThat(CliRun.of("trend", "--history", history.toString(), "--out", trendDir.toString(), "Envelope")
                        .exit())
                .isZero();

        JsonNode json =
                new ObjectMapper().readTree(trendDir.resolve("trend.json").toFile());
        assertThat(json.path("benchmarks")).hasSize(1);
        assertThat(json.path("benchmarks").path(0).path("benchmark").asText()).isEqualTo(ENVELOPE);
        assertThat(Files.readString(trendDir.resolve("trend.md")))
                .contains("## Change points\n\nNone.")
                .doesNotContain("ListDecode");
        assertThat(trendDir.resolve("ListDecodeBenchmark.fabric8ListPaged.png")).doesNotExist();
    }

    @Test
    void badUsageAndUnreadableHistoryExitTwo() throws Exception {
        assertThat(CliRun.of("trend", "--history", history.toString()).err())
                .contains("Missing required option: '--out=DIR'");
        assertThat(CliRun.of("trend", "--history", history.toString(), "--out", "x", "a", "b")
                        .err())
                .contains("Unmatched argument");
        assertThat(CliRun.of("trend", "--history", history.toString(), "--out", "x", "(")
                        .err())
                .contains("bad REGEX");
        assertThat(CliRun.of("trend", "--history", dir.resolve("none").toString(), "--out", "x")
                        .exit())
                .isEqualTo(2);
        Files.writeString(history, "not json\n");
        CliRun notJson = CliRun.of("trend", "--history", history.toString(), "--out", "x");
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.err()).contains("trend: cannot read the history", history + ":1: ");
        for (String[] bad : List.of(
                new String[] {"trend", "--history", history.toString()},
                new String[] {"trend", "--history", history.toString(), "--out", "x", "a", "b"},
                new String[] {"trend", "--history", history.toString(), "--out", "x", "("})) {
            assertThat(CliRun.of(bad).exit()).isEqualTo(2);
        }
    }

    private static Entry entry(String benchmark, String mode, Map<String, String> params, double score, String unit) {
        return new Entry(benchmark, mode, 1, params, score, Double.NaN, unit, null);
    }

    private static double wobble(Random noise) {
        return 1 + 0.01 * noise.nextGaussian();
    }

    /** The root element's name; the SVG's DOCTYPE names a DTD on the web, which is not fetched. */
    private static String svgRoot(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder()
                .parse(svg.toFile())
                .getDocumentElement()
                .getNodeName();
    }
}
