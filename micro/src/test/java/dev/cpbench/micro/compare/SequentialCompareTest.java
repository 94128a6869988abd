package dev.cpbench.micro.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequential comparison end to end, without JMH: {@code --java} is a script that plays one JMH fork, writing a
 * JMH JSON result whose score is drawn (seeded by the fork's file name) from a normal distribution, the candidate's
 * mean shifted. The rule under test: a calm, unchanged pair stops early with "no change" (exit 0); a noisy one adds
 * forks up to {@code --max-forks} and ends inconclusive (exit 3), never "no change"; a clear regression stops early
 * with exit 1.
 */
@Timeout(180)
class SequentialCompareTest {
    /** Arguments: JMH's, then {@code -f 1 -rf json -rff FILE}; the "JMH args" are MEAN SD SHIFT_PERCENT. */
    private static final String FAKE_JMH = """
            #!/usr/bin/env bash
            set -euo pipefail
            args=("$@"); j=0
            while [[ "${args[j]}" != -jar ]]; do j=$((j + 1)); done
            jar="${args[j + 1]}"; mean="${args[j + 2]}"; sd="${args[j + 3]}"; shift_percent="${args[j + 4]}"; out="${@: -1}"
            [[ "$jar" == *candidate* ]] || shift_percent=0
            seed=$(printf '%s' "$out" | cksum | cut -d' ' -f1)
            score=$(awk -v s="$seed" -v m="$mean" -v sd="$sd" -v p="$shift_percent" 'BEGIN { srand(s % 2147483647);
              u = rand(); if (u == 0) u = 1e-9; z = sqrt(-2 * log(u)) * cos(6.283185307 * rand());
              printf "%.4f", m * (1 + p / 100) + sd * z }')
            cat > "$out" <<JSON
            [{"benchmark": "dev.cpbench.micro.envelope.EnvelopeBenchmark.decrypt", "mode": "avgt", "threads": 1,
              "params": {"payloadBytes": "1024"},
              "primaryMetric": {"score": $score, "scoreUnit": "ns/op", "rawData": [[$score, $score]]}}]
            JSON
            """;

    @TempDir
    Path tmp;

    @Test
    void aCalmUnchangedPairStopsEarlyWithNoChange() throws Exception {
        JsonNode report = compare("calm", "600", "6", "0", "60");

        assertThat(report.path("exit").asInt()).isZero();
        assertThat(result(report).path("verdict").asText()).isEqualTo("no change");
        assertThat(result(report).path("mde80Percent").asDouble()).isLessThanOrEqualTo(5);
        assertThat(report.path("stopped").asText()).isEqualTo("every result decided");
        assertThat(report.path("forksPerSide").asInt()).isLessThan(60);
    }

    @Test
    void aNoisyPairRunsToMaxForksAndIsInconclusive() throws Exception {
        JsonNode report = compare("noisy", "600", "72", "0", "20");

        assertThat(report.path("exit").asInt()).isEqualTo(SequentialCompare.EXIT_INCONCLUSIVE);
        assertThat(result(report).path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(result(report).path("verdictText").asText())
                .startsWith("inconclusive: could only detect changes ≥ ");
        assertThat(report.path("stopped").asText()).isEqualTo("--max-forks 20 reached");
        assertThat(report.path("forksPerSide").asInt()).isEqualTo(20);
        assertThat(report.path("looks")).hasSize(6); // 10, 12, 14, 16, 18, 20
        // the fake's two iterations per fork are equal: all of the spread is the forks' levels
        assertThat(result(report).path("noise").path("iterations").asInt()).isEqualTo(2);
        assertThat(result(report).path("noise").path("withinPercent").asDouble())
                .isZero();
        assertThat(result(report).path("noise").path("betweenPercent").asDouble())
                .isBetween(6.0, 18.0);
    }

    @Test
    void aClearRegressionStopsEarlyWithExitOne() throws Exception {
        JsonNode report = compare("slower", "600", "12", "20", "60");

        assertThat(report.path("exit").asInt()).isEqualTo(1);
        assertThat(result(report).path("verdict").asText()).isEqualTo("regression");
        assertThat(report.path("forksPerSide").asInt()).isLessThan(60);
    }

    /** Runs SequentialCompare with the fake JMH; its compare.json with the exit code added. */
    private JsonNode compare(String name, String mean, String sd, String shiftPercent, String maxForks)
            throws Exception {
        Path fake = tmp.resolve("fake-jmh.sh");
        if (!Files.exists(fake)) {
            Files.writeString(fake, FAKE_JMH);
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        }
        Path baselineJar = Files.writeString(tmp.resolve("baseline.jar"), "");
        Path candidateJar = Files.writeString(tmp.resolve("candidate.jar"), "");
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "--baseline-jar",
                baselineJar.toString(),
                "--candidate-jar",
                candidateJar.toString(),
                "--out",
                out.toString(),
                "--java",
                fake.toString(),
                "--max-forks",
                maxForks,
                "--budget",
                "1h",
                "--",
                mean,
                sd,
                shiftPercent));
        int exit = SequentialCompare.run(CompareCommand.parse(args.toArray(String[]::new)));
        com.fasterxml.jackson.databind.node.ObjectNode report = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        return report.put("exit", exit);
    }

    private static JsonNode result(JsonNode report) {
        return report.path("results").get(0);
    }
}
