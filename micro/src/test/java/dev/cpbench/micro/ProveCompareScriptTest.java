package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/prove-compare.sh} with a fake {@code jmh.sh} beside it, from a calibration already in its
 * {@code --out}: each kind's tokens come from the fitted line, and a fit too loose to size a few tokens is refused
 * (with tokens to give instead) rather than injecting one token and calling it 3%.
 */
@Timeout(120)
class ProveCompareScriptTest {
    /** Plays {@code jmh.sh}: lists nothing; a comparison logs the candidate's JVM arguments and is inconclusive. */
    private static final String FAKE_JMH = """
            #!/usr/bin/env bash
            set -euo pipefail
            [[ "$1" != -l ]] || exit 0
            out=""; inject=""
            while (($#)); do
              case "$1" in --out) out="$2"; shift ;; --candidate-jvm-args) inject="$2"; shift ;; esac; shift
            done
            echo "$inject" >> "$LOG"; mkdir -p "$out"
            echo '{"looks": [{}], "stopped": "budget", "results": [{"verdict": "inconclusive",
              "verdictText": "inconclusive: could only detect changes ≥ 9.0%", "changePercent": 1.0, "pValue": 0.5,
              "mde80Percent": 9.0, "candidate": [1, 2], "allocVerdict": "no change"}]}' > "$out/compare.json"
            exit 3
            """;

    @TempDir
    Path tmp;

    private Path root;
    private Path out;

    @BeforeEach
    void checkoutWithAFakeJmh() throws Exception {
        root = ScriptRun.checkoutWithFakeJmh(tmp, "prove-compare.sh", FAKE_JMH);
        Files.createFile(Files.createDirectories(root.resolve("micro/target")).resolve("benchmarks.jar"));
        out = Files.createDirectories(tmp.resolve("proof"));
        Files.createDirectories(tmp.resolve("tmpdir"));
    }

    @Test
    void sizesEachKindWhereTheLineThroughTheForksReachesIt() throws Exception {
        // 650 ns/op without tokens; the forks with tokens lie on 630 + 1.7·T: 3% at T = 23.2, 5% at 30.9, 10% at 50.0
        calibration(640, 660, Map.of(25, 672.5, 50, 715.0, 100, 800.0, 400, 1310.0));

        ScriptRun.Result run = prove();

        assertThat(run.exit()).as(run.tail()).isZero();
        assertThat(log())
                .containsExactly(
                        "-Dcpbench.injectSlowdownTokens=0",
                        "-Dcpbench.injectSlowdownTokens=23",
                        "-Dcpbench.injectSlowdownTokens=31",
                        "-Dcpbench.injectSlowdownTokens=50");
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(5).allMatch(row -> !row.contains("error"));
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| 5% slower (31 tokens) | 1 | 0 / 1 | 1 |");
    }

    @Test
    void refusesAFitThatPutsAFewTokensBelowOneAndContinuesWithTheTokensItSuggests() throws Exception {
        // 1,150 ns/op without tokens but forks at 1,000 or 1,300; the line through the rest, 1,209.6 + 1.977·T, is
        // above 1,150 at T = 0, so 3% and 5% come out at T = -12.7 and -1.1. The 400-token forks alone give
        // (1,995 - 1,150) / 400 = 2.1125 ns a token: 34.5, 57.5 and 115 ns are 16, 27 and 54 tokens.
        calibration(1000, 1300, Map.of(25, 1290.0, 50, 1230.0, 100, 1460.0, 400, 1995.0));

        ScriptRun.Result refused = prove();

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.tail())
                .contains("cannot size 3%, 5%:")
                .contains("only at T = -12.7")
                .contains("--tokens \"3:16 5:27 10:54\"");
        assertThat(log()).as("no comparison ran").isEmpty();
        assertThat(out.resolve("calibration.csv")).doesNotExist();
        assertThat(out.resolve("calibration-refused.csv")).exists();

        ScriptRun.Result resumed = prove("--tokens", "3:16 5:27 10:54");

        assertThat(resumed.exit()).as(resumed.tail()).isZero();
        assertThat(log()).contains("-Dcpbench.injectSlowdownTokens=16", "-Dcpbench.injectSlowdownTokens=54");
    }

    /** Six rounds of forks, as the script's own sizing writes them: two without tokens, one at each size. */
    private void calibration(double without1, double without2, Map<Integer, Double> withTokens) throws IOException {
        List<String> rows = new ArrayList<>(List.of("commit,round,tokens,ns_per_op"));
        for (int round = 1; round <= 6; round++) {
            rows.add("c," + round + ",0," + without1);
            rows.add("c," + round + ",0," + without2);
            for (var size : withTokens.entrySet()) {
                rows.add("c," + round + "," + size.getKey() + "," + size.getValue());
            }
        }
        Files.write(out.resolve("calibration.csv"), rows);
    }

    /** One comparison of each kind; TMPDIR keeps the script off the machine's own JMH lock. */
    private ScriptRun.Result prove(String... options) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("bash", root.resolve("scripts/prove-compare.sh").toString(), "--out", out.toString()));
        command.addAll(List.of(options));
        command.add("1");
        return ScriptRun.run(
                command,
                Map.of(
                        "LOG",
                        tmp.resolve("log").toString(),
                        "TMPDIR",
                        tmp.resolve("tmpdir").toString()),
                1);
    }

    private List<String> log() throws IOException {
        Path log = tmp.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
