package dev.cpbench.macro.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Prometheus text parses as the exposition format defines it, and figures and deltas read from it as documented. */
class PrometheusTextTest {
    static final String APISERVER = """
            # HELP apiserver_envelope_encryption_kms_operations_latency_seconds KMS operation duration.
            # TYPE apiserver_envelope_encryption_kms_operations_latency_seconds histogram
            apiserver_envelope_encryption_kms_operations_latency_seconds_bucket{grpc_status_code="OK",method_name="/v2.KeyManagementService/Decrypt",provider_name="kms",le="0.0001"} 0
            apiserver_envelope_encryption_kms_operations_latency_seconds_count{grpc_status_code="OK",method_name="/v2.KeyManagementService/Decrypt",provider_name="kms"} 7
            apiserver_envelope_encryption_kms_operations_latency_seconds_count{grpc_status_code="DeadlineExceeded",method_name="/v2.KeyManagementService/Decrypt",provider_name="kms"} 2
            apiserver_envelope_encryption_kms_operations_latency_seconds_count{grpc_status_code="OK",method_name="/v2.KeyManagementService/Encrypt",provider_name="kms"} 1
            process_cpu_seconds_total 12.5
            go_goroutines 431
            weird_label{path="a\\"b\\\\c",other="x,y"} +Inf 1700000000000
            """;

    @Test
    void readsLabelsEscapesInfinityAndTimestamps() {
        PrometheusText text = PrometheusText.parse(APISERVER, "test");
        assertThat(text.samples()).hasSize(7);
        PrometheusText.Sample weird = text.samples().get(6);
        assertThat(weird.labels()).containsEntry("path", "a\"b\\c").containsEntry("other", "x,y");
        assertThat(weird.value()).isInfinite();
    }

    @Test
    void figuresPickTheirSeriesAndSumLabelSets() {
        PrometheusText text = PrometheusText.parse(APISERVER, "test");
        assertThat(Figure.APISERVER_KMS_DECRYPTS.read(text)).hasValue(9);
        assertThat(Figure.CPU_SECONDS.read(text)).hasValue(12.5);
        assertThat(Figure.THREADS.read(text)).hasValue(431);
        assertThat(Figure.OPEN_FDS.read(text)).isEmpty();
    }

    @Test
    void aMalformedLineIsNamed() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{a=b} 2\n", "http://x/metrics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://x/metrics line 2");
    }

    @Test
    void aCounterThatFellWithoutAStartTimeCountsFromZeroAndMayBeLow() {
        ScrapeSource api = new ScrapeSource("apiserver-0", ScrapeSource.Kind.APISERVER, URI.create("http://a/metrics"));
        Sample before = sample(api, "process_cpu_seconds_total 100\nprocess_resident_memory_bytes 500\n");
        Sample after = sample(api, "process_cpu_seconds_total 3\nprocess_resident_memory_bytes 200\n");
        List<String> notes = new ArrayList<>();
        assertThat(Sample.delta(before, after, Figure.CPU_SECONDS, ScrapeSource.Kind.APISERVER, notes::add))
                .hasValue(3);
        assertThat(Sample.delta(before, after, Figure.RSS_BYTES, ScrapeSource.Kind.APISERVER, notes::add))
                .hasValue(-300);
        assertThat(notes)
                .containsExactly(
                        "apiserver-0 cpu_seconds fell from 100 to 3 and it serves no process_start_time_seconds: "
                                + "counted from zero as after a restart; the delta may be low");
        assertThat(Sample.restarts(before, after)).isEmpty();
    }

    /**
     * The real-cluster case: each of 3 restarted API servers had made 2 Decrypts before and 3 after its restart. The
     * truth is 9; subtracting across processes said 3.
     */
    @Test
    void aCounterThatRestartedAndEndedAboveItsBaselineGrewByItsLaterValue() {
        List<ScrapeSource> servers = List.of(apiServer(0), apiServer(1), apiServer(2));
        Sample before = sample(servers, i -> decrypts(2, 1_700_000_000.25 + i));
        Sample after = sample(servers, i -> decrypts(3, 1_700_000_100.5 + i));
        List<String> notes = new ArrayList<>();

        assertThat(Sample.delta(before, after, Figure.APISERVER_KMS_DECRYPTS, ScrapeSource.Kind.APISERVER, notes::add))
                .hasValue(9);
        assertThat(notes)
                .as("a start time that moved explains the drop-free restart; nothing may be low")
                .isEmpty();
        assertThat(Sample.restarts(before, after))
                .hasSize(3)
                .first()
                .isEqualTo(
                        "apiserver-0 restarted between samples "
                                + "(start time 2023-11-14T22:13:20.250Z → 2023-11-14T22:15:00.500Z): its counters count from zero, so each of its deltas is its later value");
        assertThat(Sample.delta(before, after, Figure.THREADS, ScrapeSource.Kind.APISERVER))
                .as("a gauge is a difference")
                .hasValue(0);
    }

    @Test
    void anUnmovedStartTimeIsOneProcessWhoseCountersSubtract() {
        List<ScrapeSource> servers = List.of(apiServer(0));
        Sample before = sample(servers, i -> decrypts(2, 1_700_000_000));
        Sample after = sample(servers, i -> decrypts(7, 1_700_000_000));

        assertThat(Sample.delta(before, after, Figure.APISERVER_KMS_DECRYPTS, ScrapeSource.Kind.APISERVER))
                .hasValue(5);
        assertThat(Sample.restarts(before, after)).isEmpty();
    }

    private static ScrapeSource apiServer(int i) {
        return new ScrapeSource("apiserver-" + i, ScrapeSource.Kind.APISERVER, URI.create("http://a" + i + "/metrics"));
    }

    private static String decrypts(int count, double startTime) {
        return "apiserver_envelope_encryption_kms_operations_latency_seconds_count{grpc_status_code=\"OK\","
                + "method_name=\"/v2.KeyManagementService/Decrypt\",provider_name=\"kms\"} " + count + "\n"
                + "go_goroutines 40\nprocess_start_time_seconds " + startTime + "\n";
    }

    private static Sample sample(List<ScrapeSource> sources, IntFunction<String> text) {
        List<Scrape> scrapes = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            scrapes.add(new Scrape(sources.get(i), Instant.now(), PrometheusText.parse(text.apply(i), "test"), null));
        }
        return new Sample("s", Instant.now(), scrapes);
    }

    @Test
    void aCounterSeriesNotServedYetCountsFromZero() {
        ScrapeSource plugin =
                new ScrapeSource("kms-plugin", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Sample before = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Status\",code=\"OK\"} 4\n");
        Sample after = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Decrypt\",code=\"OK\"} 3\n");
        assertThat(Sample.delta(before, after, Figure.PROVIDER_DECRYPTS, ScrapeSource.Kind.PROVIDER))
                .hasValue(3);
    }

    @Test
    void missingFiguresAreNamedWithTheirSource() {
        ScrapeSource plugin =
                new ScrapeSource("provider-0", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Scrape scrape = sample(plugin, "go_goroutines 3\n").scrapes().get(0);
        assertThat(scrape.missing())
                .containsExactly("provider-0 (http://p/metrics) serves no cpbench_kms_plugin_rpcs_total"
                        + " or vault_kubernetes_kms_decryption_operation_duration_seconds_count");
    }

    @Test
    void aCounterServedWithOtherLabelsOnlyIsNotMissing() {
        ScrapeSource plugin =
                new ScrapeSource("provider-0", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Scrape noDecryptYet = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Status\",code=\"OK\"} 4\n")
                .scrapes()
                .get(0);
        assertThat(noDecryptYet.missing()).isEmpty();
        assertThat(noDecryptYet.read(Figure.PROVIDER_DECRYPTS)).isEmpty();
    }

    private static Sample sample(ScrapeSource source, String text) {
        return new Sample(
                "s", Instant.now(), List.of(new Scrape(source, Instant.now(), PrometheusText.parse(text, "t"), null)));
    }
}
