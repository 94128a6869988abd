package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.jmhresults.JmhResults;
import dev.cpbench.jmhresults.Metric;
import dev.cpbench.micro.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary of a JMH JSON file has one aligned line per result with the class-qualified benchmark, the
 * parameters that are set, score ± error in the result's unit, p50/p99 for sampled results and B/op.
 * Columns that no result fills are left out. A failed benchmark is a FAILED line with its reason; a NaN error gets
 * a note saying why. An empty or unreadable file is one line and exit 2. (Input: two results copied from the
 * reference runs under results/jmh, raw data removed.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResultTableTest {
    @Test
    void oneReadableLinePerResult() throws Exception {
        String[] lines = ResultTable.render(sample(), List.of()).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("Benchmark").contains("Params", "Score", "± Error", "p50", "p99", "Alloc B/op");
        assertThat(lines[1])
                .startsWith("EnvelopeBenchmark.decrypt ")
                .contains("cipher=ACCP dekSourceType=HKDF_SHA256_XNONCE_AES_GCM_SEED payloadBytes=1024")
                .contains("avgt", " 542 ", " 13.0 ", "ns/op", "1,232");
        assertThat(lines[2])
                .startsWith("DecryptFanoutBenchmark.callers64 ")
                .contains("mode=COALESCE", "transitLatencyMicros=1000", "sample", "ms/op", " 9.70 ")
                .doesNotContain("kmsSocket=");
        assertThat(lines[1].indexOf("avgt")).isEqualTo(lines[2].indexOf("sample")); // columns align
    }

    @Test
    void columnsNoResultFillsAreLeftOut() throws Exception {
        String table = ResultTable.render(sample().subList(0, 1), List.of()); // the avgt result only

        assertThat(table.split("\n")[0]).doesNotContain("p50", "p99").contains("Alloc B/op");
    }

    @Test
    void aFailureIsAFailedLineWithItsReason() throws Exception {
        String[] lines = ResultTable.render(
                        sample(),
                        List.of(new ResultTable.Failure(
                                "dev.cpbench.micro.kms.DecryptFanoutBenchmark.callers8",
                                Map.of("mode", "DIRECT", "kmsSocket", ""),
                                "thrpt",
                                "java.lang.IllegalStateException: no answer")))
                .split("\n");

        assertThat(lines[0]).endsWith("Failure");
        assertThat(lines[3])
                .startsWith("DecryptFanoutBenchmark.callers8 ")
                .contains("mode=DIRECT", "thrpt", "FAILED")
                .endsWith("java.lang.IllegalStateException: no answer")
                .doesNotContain("kmsSocket");
        assertThat(lines).noneMatch(line -> line.contains("NaN")); // the sample's errors are numbers
    }

    @Test
    void aNanErrorIsExplained() throws Exception {
        JmhResult r = sample().get(0);
        Metric p = r.primary();
        JmhResult unknownError = new JmhResult(
                r.benchmark(),
                r.mode(),
                r.threads(),
                r.params(),
                new Metric(p.score(), Double.NaN, p.unit(), p.percentiles(), p.forks()),
                r.secondary());
        assertThat(ResultTable.render(List.of(unknownError), List.of())).contains(ResultTable.NAN_NOTE);
    }

    @Test
    void anEmptyFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.json"));
        CliRun table = CliRun.of("table", empty.toString());

        assertThat(table.exit()).isEqualTo(2);
        assertThat(table.out()).isEmpty();
        assertThat(table.err().lines()).singleElement(STRING).contains(empty.toString(), "empty file");
    }

    @Test
    void aFileThatIsNotJsonIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path cut = Files.writeString(dir.resolve("cut.json"), "[{\"benchmark\": \"x\",");
        CliRun table = CliRun.of("table", cut.toString());

        assertThat(table.exit()).isEqualTo(2);
        assertThat(table.err().lines()).singleElement(STRING).contains(cut.toString(), "not readable as JMH JSON");
    }

    private List<JmhResult> sample() throws Exception {
        return JmhResults.read(
                Path.of(getClass().getResource("/jmh-result-sample.json").toURI()));
    }
}
