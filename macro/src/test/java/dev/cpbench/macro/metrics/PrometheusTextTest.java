package dev.cpbench.macro.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
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
    void aCounterThatFellWasResetByARestart() {
        ScrapeSource api = new ScrapeSource("apiserver-0", ScrapeSource.Kind.APISERVER, URI.create("http://a/metrics"));
        Sample before = sample(api, "process_cpu_seconds_total 100\nprocess_resident_memory_bytes 500\n");
        Sample after = sample(api, "process_cpu_seconds_total 3\nprocess_resident_memory_bytes 200\n");
        assertThat(Sample.delta(before, after, Figure.CPU_SECONDS, ScrapeSource.Kind.APISERVER)).hasValue(3);
        assertThat(Sample.delta(before, after, Figure.RSS_BYTES, ScrapeSource.Kind.APISERVER)).hasValue(-300);
    }

    @Test
    void aCounterSeriesNotServedYetCountsFromZero() {
        ScrapeSource plugin = new ScrapeSource("kms-plugin", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Sample before = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Status\",code=\"OK\"} 4\n");
        Sample after = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Decrypt\",code=\"OK\"} 3\n");
        assertThat(Sample.delta(before, after, Figure.PROVIDER_DECRYPTS, ScrapeSource.Kind.PROVIDER)).hasValue(3);
    }

    @Test
    void missingFiguresAreNamedWithTheirSource() {
        ScrapeSource plugin = new ScrapeSource("provider-0", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Scrape scrape = sample(plugin, "go_goroutines 3\n").scrapes().get(0);
        assertThat(scrape.missing()).containsExactly("provider-0 (http://p/metrics) serves no cpbench_kms_plugin_rpcs_total"
                + " or vault_kubernetes_kms_decryption_operation_duration_seconds_count");
    }

    @Test
    void aCounterServedWithOtherLabelsOnlyIsNotMissing() {
        ScrapeSource plugin = new ScrapeSource("provider-0", ScrapeSource.Kind.PROVIDER, URI.create("http://p/metrics"));
        Scrape noDecryptYet = sample(plugin, "cpbench_kms_plugin_rpcs_total{method=\"Status\",code=\"OK\"} 4\n").scrapes().get(0);
        assertThat(noDecryptYet.missing()).isEmpty();
        assertThat(noDecryptYet.read(Figure.PROVIDER_DECRYPTS)).isEmpty();
    }

    private static Sample sample(ScrapeSource source, String text) {
        return new Sample("s", Instant.now(), List.of(new Scrape(source, Instant.now(), PrometheusText.parse(text, "t"), null)));
    }
}
