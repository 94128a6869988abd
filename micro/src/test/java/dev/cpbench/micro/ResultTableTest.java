package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The summary of a JMH JSON file has one aligned line per result with the class-qualified benchmark, the
 * parameters that are set, score ± error in the result's unit, p50/p99 for sampled results and B/op.
 * Columns that no result fills are left out. (Input: two results copied from the reference runs under results/jmh, raw data removed.)
 */
class ResultTableTest {
    @Test
    void oneReadableLinePerResult() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = getClass().getResourceAsStream("/jmh-result-sample.json")) {
            ResultTable.print(new ObjectMapper().readTree(in), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("Benchmark").contains("Params", "Score", "± Error", "p50", "p99", "Alloc B/op");
        assertThat(lines[1]).startsWith("EnvelopeBenchmark.decrypt ")
                .contains("cipher=ACCP dekSourceType=HKDF_SHA256_XNONCE_AES_GCM_SEED payloadBytes=1024")
                .contains("avgt", " 542 ", " 13.0 ", "ns/op", "1,232");
        assertThat(lines[2]).startsWith("DecryptFanoutBenchmark.callers64 ")
                .contains("mode=COALESCE", "transitLatencyMicros=1000", "sample", "ms/op", " 9.70 ")
                .doesNotContain("kmsSocket=");
        assertThat(lines[1].indexOf("avgt")).isEqualTo(lines[2].indexOf("sample")); // columns align
    }

    @Test
    void columnsNoResultFillsAreLeftOut() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = getClass().getResourceAsStream("/jmh-result-sample.json")) {
            com.fasterxml.jackson.databind.JsonNode all = new ObjectMapper().readTree(in);
            ((com.fasterxml.jackson.databind.node.ArrayNode) all).remove(1); // keep the avgt result only
            ResultTable.print(all, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n")[0]).doesNotContain("p50", "p99").contains("Alloc B/op");
    }
}
