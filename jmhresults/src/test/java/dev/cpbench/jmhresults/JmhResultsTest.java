package dev.cpbench.jmhresults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by JMH 1.37 itself ({@code results/jmh/20261205T113515Z-7058df1-full.json}, 3 forks of 5
 * iterations) read into typed results; an error JMH could not estimate is NaN, and every malformed file is a
 * one-line error that names it.
 */
@Timeout(30)
class JmhResultsTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatJmhWrote() throws Exception {
        Path file = Path.of(getClass().getResource("/jmh-1.37-full.json").toURI());

        List<JmhResult> results = JmhResults.read(file);

        assertThat(results).hasSize(3);
        JmhResult refill = results.get(0);
        assertThat(refill.benchmark()).isEqualTo("dev.cpbench.micro.listing.WatchCacheBenchmark.refill");
        assertThat(refill.shortName()).isEqualTo("WatchCacheBenchmark.refill");
        assertThat(refill.mode()).isEqualTo("avgt");
        assertThat(refill.threads()).isEqualTo(1);
        assertThat(refill.params()).isEqualTo(Map.of("objects", "1000", "payloadBytes", "1024"));
        assertThat(refill.primary().score()).isEqualTo(7.5615567427398505);
        assertThat(refill.primary().error()).isEqualTo(0.602033033521847);
        assertThat(refill.primary().unit()).isEqualTo("ms/op");
        assertThat(refill.primary().lowerIsBetter()).isTrue();
        assertThat(refill.primary().forks())
                .hasSize(3)
                .allSatisfy(fork -> assertThat(fork).hasSize(5));
        assertThat(refill.primary().forks().get(0)).startsWith(7.82308631640625, 8.052293389558233);
        assertThat(refill.primary().forkMeans().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow())
                .isCloseTo(refill.primary().score(), within(1e-9));
        assertThat(refill.secondary(JmhResult.ALLOC_NORM).orElseThrow().score()).isEqualTo(8582286.172565145);
        assertThat(refill.secondary("no.such.metric")).isEmpty();
    }

    @Test
    void anErrorJmhCouldNotEstimateIsNaN() throws Exception {
        Path file = Files.writeString(tmp.resolve("one-fork.json"), """
                [{"benchmark": "p.C.m", "mode": "thrpt", "threads": 2, "params": {},
                  "primaryMetric": {"score": 5.0, "scoreError": "NaN", "scoreUnit": "ops/ms", "rawData": [[5.0]],
                                    "scorePercentiles": {"50.0": 5.0}}}]
                """);

        Metric primary = JmhResults.read(file).get(0).primary();

        assertThat(primary.errorKnown()).isFalse();
        assertThat(primary.lowerIsBetter()).isFalse();
        assertThat(primary.percentiles()).containsEntry("50.0", 5.0);
    }

    @Test
    void aMalformedFileIsAOneLineErrorNamingIt() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        Path object = Files.writeString(tmp.resolve("object.json"), "{}");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "[{");
        Path noScore =
                Files.writeString(tmp.resolve("no-score.json"), "[{\"benchmark\": \"p.C.m\", \"primaryMetric\": {}}]");

        assertThatThrownBy(() -> JmhResults.read(tmp.resolve("missing.json")))
                .hasMessageEndingWith("missing.json: no such file");
        assertThatThrownBy(() -> JmhResults.read(empty)).hasMessageContaining("empty.json: empty file (0 bytes)");
        assertThatThrownBy(() -> JmhResults.read(object))
                .hasMessageEndingWith("object.json: not JMH JSON (expected an array of results)");
        assertThatThrownBy(() -> JmhResults.read(broken))
                .hasMessageContaining("broken.json: not readable as JMH JSON")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> JmhResults.read(noScore))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("no-score.json: result [0] lacks benchmark, primaryMetric.score or scoreUnit");
    }
}
