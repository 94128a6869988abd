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
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The quick preset's points name real benchmark classes, real parameters and values those parameters declare (a
 * renamed parameter or value would otherwise make the quick run fail or silently run every point), and a failure's
 * reason is the root cause of the stack trace JMH prints.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SuiteRunTest {
    @Test
    void everyQuickPointIsAValueItsBenchmarkDeclares() {
        Map<String, List<BenchmarkListEntry>> byClass = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())
                .stream()
                .collect(Collectors.groupingBy(e ->
                        e.getUserClassQName().substring(e.getUserClassQName().lastIndexOf('.') + 1)));

        assertThat(byClass).containsKeys(SuiteRun.QUICK_POINTS.keySet().toArray(String[]::new));
        SuiteRun.QUICK_POINTS.forEach((benchmarkClass, points) -> points.forEach((param, values) -> assertThat(
                        byClass.get(benchmarkClass))
                .as("%s declares %s with the values %s", benchmarkClass, param, Arrays.toString(values))
                .anyMatch(e -> Arrays.asList(e.getParams().orElse(Map.of()).getOrDefault(param, new String[0]))
                        .containsAll(Arrays.asList(values)))));
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
