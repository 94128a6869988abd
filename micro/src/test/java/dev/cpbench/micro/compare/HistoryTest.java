package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpbench.micro.cli.CliRun;
import dev.cpbench.micro.compare.History.Entry;
import dev.cpbench.micro.compare.History.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history round-trips reference JMH results committed under results/jmh: one quick run whose errors are all
 * NaN (one iteration per fork), one full run with errors and allocation.
 */
class HistoryTest {
    private static final Path QUICK = Path.of("..", "results", "jmh", "20261122T210121Z-712e64b-dirty-quick.json");
    private static final Path FULL = Path.of("..", "results", "jmh", "20261122T205315Z-712e64b-full.json");

    @TempDir
    Path dir;

    @Test
    void jmhResultsBecomeEntries() throws Exception {
        Run run = History.fromJmh(QUICK, "2026-11-22T21:01:21Z", "712e64b", true, "17.0.15", "cpu", "quick");

        assertThat(run.results()).hasSize(6);
        Entry first = run.results().get(0);
        assertThat(first.benchmark()).isEqualTo("dev.cpbench.micro.listing.ListDecodeBenchmark.fabric8ListPaged");
        assertThat(first.mode()).isEqualTo("avgt");
        assertThat(first.threads()).isEqualTo(1);
        assertThat(first.params()).containsExactly(Map.entry("objects", "1000"), Map.entry("payloadBytes", "1024"));
        assertThat(first.score()).isEqualTo(14.652767305396825);
        assertThat(first.error()).isNaN();
        assertThat(first.unit()).isEqualTo("ms/op");
        assertThat(first.allocBytesPerOp()).isPositive();
    }

    @Test
    void appendedRunsReadBackEqual() throws Exception {
        Path history = dir.resolve("results/history/history.jsonl");
        Run quick = History.fromJmh(QUICK, "2026-11-22T21:01:21Z", "712e64b", true, "17.0.15", "cpu A", "quick");
        Run full = History.fromJmh(FULL, "2026-11-22T20:53:15Z", "712e64b", false, "17.0.15", "cpu A", "full");

        History.append(history, quick);
        History.append(history, full);

        List<String> lines = Files.readAllLines(history);
        assertThat(lines).hasSize(2);
        assertThat(Files.readString(history)).endsWith("}\n");
        assertThat(lines.get(0))
                .startsWith("{\"date\":\"2026-11-22T21:01:21Z\",\"commit\":\"712e64b\",\"dirty\":true,")
                .contains("\"params\":{\"objects\":\"1000\",\"payloadBytes\":\"1024\"}", "\"error\":null");
        assertThat(lines.get(1)).contains("\"error\":168.08290268794698");
        assertThat(History.read(history)).containsExactly(quick, full); // NaN errors compare equal in records
    }

    @Test
    void blankLinesAreSkippedAndMalformedLinesNamed() throws Exception {
        Path history = dir.resolve("history.jsonl");
        Run run = History.fromJmh(QUICK, "2026-11-22T21:01:21Z", "712e64b", true, "17.0.15", "cpu", "quick");
        History.append(history, run);
        Files.writeString(history, "\n", StandardOpenOption.APPEND);
        History.append(history, run);
        assertThat(History.read(history)).hasSize(2);

        Files.writeString(history, "{\"date\":\"2026-11-23T00:00:00Z\"}\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> History.read(history))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(history + ":4: ");
    }

    @Test
    void recordCommandAppendsAndSaysHowMany() throws Exception {
        Path history = dir.resolve("h/history.jsonl");
        CliRun record = CliRun.of(
                "record",
                "--history",
                history.toString(),
                "--jmh",
                QUICK.toString(),
                "--commit",
                "712e64b0",
                "--dirty",
                "--preset",
                "quick");

        assertThat(record.exit()).isZero();
        assertThat(record.out()).isEqualTo("recorded 6 results to " + history + "\n");
        Run run = History.read(history).get(0);
        assertThat(run.commit()).isEqualTo("712e64b0");
        assertThat(run.dirty()).isTrue();
        assertThat(run.jdk()).isEqualTo("17.0.15");
        assertThat(run.cpu()).isEqualTo(History.cpu());
        assertThat(run.date()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    /** Two "AMD EPYC" machines this project ran on, told apart by the flags that pick the JDK's AES-GCM code. */
    @Test
    void cpuIsTheModelNameWithTheFlagsThatChangeTheCode() {
        String avx512 = "fpu sse2 aes avx avx2 sha_ni avx512f avx512bw vaes vpclmulqdq rdpid";
        assertThat(History.cpu(
                        List.of("processor\t: 0", "model name\t: AMD EPYC", "flags\t\t: " + avx512, "processor\t: 1")))
                .isEqualTo("AMD EPYC (aes avx2 avx512f sha_ni vaes vpclmulqdq)");
        assertThat(History.cpu(List.of("model name\t: AMD EPYC", "flags\t\t: fpu aes avx2 sha_ni vaes vpclmulqdq")))
                .isEqualTo("AMD EPYC (aes avx2 sha_ni vaes vpclmulqdq)");
        assertThat(History.cpu(List.of("processor : 0"))).isEqualTo(System.getProperty("os.arch"));
    }

    @Test
    void badUsageExitsTwo() {
        CliRun missing = CliRun.of("record", "--history", "h", "--jmh", "j");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options: '--commit=SHA', '--preset=NAME'", "Usage:");
        assertThat(CliRun.of("record", "--bogus").exit()).isEqualTo(2);
        assertThat(CliRun.of("record", "--jmh").exit()).isEqualTo(2);
        assertThat(CliRun.of(
                                "record",
                                "--history",
                                "h",
                                "--jmh",
                                dir.resolve("none.json").toString(),
                                "--commit",
                                "c",
                                "--preset",
                                "quick")
                        .exit())
                .isEqualTo(1);
    }
}
