package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The quick preset's points name real benchmark classes, real parameters and values those parameters declare (a
 * renamed parameter or value would otherwise make the quick run fail or silently run every point), and a failure's
 * reason is the root cause of the stack trace JMH prints. The smoke preset runs every parameter value once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SuiteRunTest {
    @Test
    void everyQuickPointIsAValueItsBenchmarkDeclares() {
        Map<String, List<BenchmarkListEntry>> byClass = byClass();

        assertThat(byClass).containsKeys(SuiteRun.QUICK_POINTS.keySet().toArray(String[]::new));
        SuiteRun.QUICK_POINTS.forEach((benchmarkClass, points) -> points.forEach((param, values) -> assertThat(
                        byClass.get(benchmarkClass))
                .as("%s declares %s with the values %s", benchmarkClass, param, Arrays.toString(values))
                .anyMatch(e -> Arrays.asList(e.getParams().orElse(Map.of()).getOrDefault(param, new String[0]))
                        .containsAll(Arrays.asList(values)))));
    }

    @Test
    void smokeRunsEveryValueOfEveryParameterOnceInAsManyStepsAsTheLongestHasValues() {
        List<BenchmarkListEntry> listEncode = byClass().get("ListEncodeBenchmark");
        // encode: objects 100/1000/10000, payloadBytes 256/1024/16384, encoder WHOLE/STREAMING/CACHED_BYTES,
        // gzip false/true; copyCachedBytes: objects and payloadBytes
        List<Map<String, String[]>> steps = SuiteRun.smokeSteps(listEncode, new OptionsBuilder().build());

        assertThat(steps).hasSize(3);
        assertThat(steps.get(0))
                .containsOnlyKeys("encoder", "gzip", "objects", "payloadBytes")
                .allSatisfy((name, values) -> assertThat(values).hasSize(1));
        assertThat(steps.stream().map(s -> s.get("objects")[0])).containsExactly("100", "1000", "10000");
        assertThat(steps.stream().map(s -> s.get("payloadBytes")[0])).containsExactly("256", "1024", "16384");
        assertThat(steps.stream().map(s -> s.get("encoder")[0])).containsExactly("WHOLE", "STREAMING", "CACHED_BYTES");
        assertThat(steps.stream().map(s -> s.get("gzip")[0])).containsExactly("false", "true", "true");

        // a parameter the user sets is left to the user's values, and does not add steps
        Options userSizes = new OptionsBuilder()
                .param("objects", "100")
                .param("payloadBytes", "256")
                .param("encoder", "WHOLE")
                .build();
        List<Map<String, String[]>> given = SuiteRun.smokeSteps(listEncode, userSizes);
        assertThat(given).hasSize(2);
        assertThat(given).allSatisfy(s -> assertThat(s).containsOnlyKeys("gzip"));
        assertThat(given.stream().map(s -> s.get("gzip")[0])).containsExactly("false", "true");
        // copyCachedBytes has no gzip: it runs in the first step only, not twice alike
        assertThat(listEncode)
                .filteredOn(e -> e.getUsername().endsWith(".copyCachedBytes"))
                .singleElement()
                .satisfies(e -> assertThat(SuiteRun.smokeStepsOf(e, userSizes)).isEqualTo(1));
        assertThat(listEncode)
                .filteredOn(e -> e.getUsername().endsWith(".encode"))
                .singleElement()
                .satisfies(e -> assertThat(SuiteRun.smokeStepsOf(e, userSizes)).isEqualTo(2));
    }

    @Test
    void aClassWhoseEveryParameterTheUserSetsIsOneSmokeStep() {
        assertThat(SuiteRun.smokeSteps(
                        byClass().get("EnvelopeBenchmark"),
                        new OptionsBuilder()
                                .param("cipher", "JDK")
                                .param("payloadBytes", "1024")
                                .param("dekSourceType", "HKDF_SHA256_XNONCE_AES_GCM_SEED")
                                .build()))
                .containsExactly(Map.of());
    }

    private static Map<String, List<BenchmarkListEntry>> byClass() {
        return BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())
                .stream()
                .collect(Collectors.groupingBy(e ->
                        e.getUserClassQName().substring(e.getUserClassQName().lastIndexOf('.') + 1)));
    }

    @Test
    void theReasonIsTheRootCauseOfTheTrace() {
        String trace = """
                java.lang.IllegalStateException: setup failed
                \tat dev.cpbench.micro.kms.DecryptFanoutBenchmark.setUp(DecryptFanoutBenchmark.java:99)
                Caused by: dev.cpbench.fixtures.envelope.KeyServiceException: the KMS plugin at unix:///x did not answer Status within 60 s
                \tat dev.cpbench.fixtures.kms.GrpcKeyService.awaitReady(GrpcKeyService.java:140)
                """;

        assertThat(SuiteRun.FailureWatch.rootCause(trace))
                .isEqualTo(
                        "dev.cpbench.fixtures.envelope.KeyServiceException: the KMS plugin at unix:///x did not answer Status within 60 s");
        assertThat(SuiteRun.FailureWatch.rootCause("java.lang.NegativeArraySizeException: -1\n\tat x.y(Z.java:1)"))
                .isEqualTo("java.lang.NegativeArraySizeException: -1");
    }
}
