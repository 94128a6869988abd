package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.Term;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic inputs with known answers: a cold start whose KMS decrypts are exactly half its window, micro curves
 * that make coalescing twice, equally or half as fast, and runs at two corpus sizes.
 */
class CorrelatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * 1,000 decrypts × 10 ms by one API server = 10 s of a 20 s window (ready 10 s, list 10 s); the refill of 1,000
     * objects at 0.5 s per 1,000-object refill = 0.5 s, its envelope decrypts within it (not a term of their own);
     * 2,000 listed objects × 1 ms (a 100-object page of 0.1 s) encode = 2 s; 2,000 × 0.5 ms parse = 1 s.
     */
    @Test
    void decryptsThatAreHalfTheWindowAreAttributedHalfAndBatchingThatDoublesThroughputSavesAQuarter() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        Report report = Correlator.correlate(List.of(micro), List.of(run), 5);

        RunAttribution a = report.runs().get(0);
        assertThat(a.windowSeconds()).isEqualTo(20.0);
        Term kms = term(a, "kms-decrypt");
        assertThat(kms.count().value()).isEqualTo(1000);
        assertThat(kms.costSeconds().value()).isCloseTo(0.010, within(1e-12));
        assertThat(kms.wallSeconds().value()).isCloseTo(10.0, within(1e-9));
        assertThat(kms.share()).isCloseTo(0.5, within(1e-12));
        assertThat(kms.costSeconds().source().file()).isEqualTo("a.json");
        assertThat(kms.count().source().field()).isEqualTo("deltas.figures.apiserver_kms_decrypts");
        assertThat(term(a, "list-encode").wallSeconds().value()).isCloseTo(2.0, within(1e-9));
        assertThat(term(a, "client-parse").wallSeconds().value()).isCloseTo(1.0, within(1e-9));
        Term refill = term(a, "watch-cache-refill");
        assertThat(refill.phase()).isEqualTo("ready");
        assertThat(refill.count().source().field()).isEqualTo("deltas.figures.watch_cache_init_events");
        assertThat(refill.costSeconds().value()).isCloseTo(0.0005, within(1e-12));
        assertThat(refill.wallSeconds().value()).isCloseTo(0.5, within(1e-9));
        assertThat(a.terms()).extracting(Term::hotPath).doesNotContain("envelope-decrypt");
        assertThat(a.remainderSeconds()).isCloseTo(20.0 - 10 - 0.5 - 2 - 1, within(1e-9));
        assertThat(a.missing()).isEmpty();

        BatchingDecision d = report.batching().get(0);
        assertThat(d.decryptSeconds().value()).isEqualTo(10.0);
        assertThat(d.upperBoundPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(d.savingSeconds().value()).isCloseTo(5.0, within(1e-9));
        assertThat(d.savingPercent()).isCloseTo(25.0, within(1e-9));
        assertThat(d.verdict()).isEqualTo("worth-trying");
        assertThat(d.windowMicros()).isEqualTo(500);
        assertThat(report.diagnosis()).extracting(Report.Finding::symptom).contains("KMS decrypts are 50.0% of the window");
    }

    /**
     * The API servers measured their 1,000 decrypts at 0.5 s in all, the micro model says 10 s: the window is
     * attributed what the servers measured, the model kept beside it; without their histogram, the model.
     */
    @Test
    void theServersOwnMeasuredTimeIsAttributedWithTheModelBesideIt() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path measured = run("cold-start-1000", 1000, 10.0, 10.0, 0.5);

        Term kms = term(Correlator.correlate(List.of(micro), List.of(measured), 5).runs().get(0), "kms-decrypt");

        assertThat(kms.modelSeconds().value()).isCloseTo(10.0, within(1e-9));
        assertThat(kms.serverSeconds().value()).isCloseTo(0.5, within(1e-12));
        assertThat(kms.serverSeconds().source().field()).isEqualTo("deltas.figures.apiserver_kms_decrypt_seconds ÷ 1 at once");
        assertThat(kms.wallSeconds()).isEqualTo(kms.serverSeconds());
        assertThat(kms.modelOverServer()).isCloseTo(20.0, within(1e-9));

        ObjectNode json = (ObjectNode) JSON.readTree(measured.resolve("run.json").toFile());
        ((ObjectNode) json.path("deltas").path("figures")).remove("apiserver_kms_decrypt_seconds");
        JSON.writeValue(measured.resolve("run.json").toFile(), json);
        Term modelled = term(Correlator.correlate(List.of(micro), List.of(measured), 5).runs().get(0), "kms-decrypt");

        assertThat(modelled.serverSeconds()).isNull();
        assertThat(modelled.wallSeconds()).isEqualTo(modelled.modelSeconds());
        assertThat(modelled.modelOverServer()).isNaN();
    }

    /** The servers time the refill's decrypts only: a floor under the refill (model 0.5 s), never a cut below the model. */
    @Test
    void theServersDecryptTimeIsAFloorUnderTheRefill() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        Term above = refillWithServerDecrypts(micro, run, 2.0);
        Term below = refillWithServerDecrypts(micro, run, 0.1);

        assertThat(above.serverPartial()).isTrue();
        assertThat(above.wallSeconds().value()).isCloseTo(2.0, within(1e-12));
        assertThat(above.modelOverServer()).isCloseTo(0.25, within(1e-9));
        assertThat(Format.server(above)).isEqualTo("≥ 2.00 s (part)");
        assertThat(below.wallSeconds()).isEqualTo(below.modelSeconds());
        assertThat(below.wallSeconds().value()).isCloseTo(0.5, within(1e-9));
    }

    private Term refillWithServerDecrypts(Path micro, Path run, double seconds) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
        ((ObjectNode) json.path("deltas").path("figures")).put("from_storage_seconds", seconds);
        JSON.writeValue(run.resolve("run.json").toFile(), json);
        return term(Correlator.correlate(List.of(micro), List.of(run), 5).runs().get(0), "watch-cache-refill");
    }

    @Test
    void coalescingThatHalvesThroughputWouldHurtAndOneThatChangesNothingIsNotNeeded() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        BatchingDecision slower = Correlator.correlate(List.of(micro("slower.json", 0.05)), List.of(run), 5).batching().get(0);
        BatchingDecision same = Correlator.correlate(List.of(micro("same.json", 0.1)), List.of(run), 5).batching().get(0);

        assertThat(slower.verdict()).isEqualTo("would-hurt");
        assertThat(slower.savingSeconds().value()).isCloseTo(-10.0, within(1e-9));
        assertThat(same.verdict()).isEqualTo("not-needed");
        assertThat(same.savingSeconds().value()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void decryptsUnderTheThresholdAreNotNeededEvenWithoutMicroCurves() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 0.5); // 0.5 s of 20 s = 2.5% < 5%

        Report report = Correlator.correlate(List.of(), List.of(run), 5);

        BatchingDecision d = report.batching().get(0);
        assertThat(d.verdict()).isEqualTo("not-needed");
        assertThat(d.upperBoundPercent()).isCloseTo(2.5, within(1e-9));
        assertThat(d.missing()).isNotEmpty();
        assertThat(report.runs().get(0).terms()).isEmpty();
        assertThat(report.runs().get(0).missing()).hasSize(4); // a micro result for each hot path of a cold start
        assertThat(report.runs().get(0).remainderShare()).isEqualTo(1.0);
    }

    @Test
    void decryptsOverTheThresholdWithoutMicroCurvesAreUndecided() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        BatchingDecision d = Correlator.correlate(List.of(), List.of(run), 5).batching().get(0);

        assertThat(d.verdict()).isEqualTo("undecided");
        assertThat(d.summary()).contains("DecryptFanoutBenchmark");
    }

    @Test
    void theThresholdDecides() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        Path micro = micro("a.json", 0.2);

        assertThat(Correlator.correlate(List.of(micro), List.of(run), 30).batching().get(0).verdict()).isEqualTo("not-needed");
        assertThat(Correlator.correlate(List.of(micro), List.of(run), 25).batching().get(0).verdict()).isEqualTo("worth-trying");
    }

    /** A quick run's results (one fork: JMH gives no error) cannot carry a verdict that rests on them. */
    @Test
    void aVerdictThatRestsOnResultsWithoutAnErrorEstimateIsUndecided() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        Report report = Correlator.correlate(List.of(micro("quick.json", 0.2, Double.NaN)), List.of(run), 5);

        BatchingDecision d = report.batching().get(0);
        assertThat(d.verdict()).isEqualTo("undecided");
        assertThat(d.summary()).contains("rerun DecryptFanoutBenchmark with the full preset").contains("quick.json");
        Term encode = term(report.runs().get(0), "list-encode");
        assertThat(encode.costSeconds().errorUnknown()).isTrue();
        assertThat(encode.wallSeconds().errorUnknown()).isTrue();
        assertThat(Format.interval(encode.wallSeconds())).isEqualTo("2.00 s (error unknown)");
    }

    @Test
    void theUpperBoundStillDecidesWhenTheErrorIsUnknown() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 0.5); // 0.5 s of 20 s = 2.5% < 5%

        BatchingDecision d = Correlator.correlate(List.of(micro("quick.json", 0.2, Double.NaN)), List.of(run), 5)
                .batching().get(0);

        assertThat(d.verdict()).isEqualTo("not-needed");
        assertThat(d.upperBoundPercent()).isCloseTo(2.5, within(1e-9));
    }

    /** Two corpus sizes are fitted exactly by any line: the fit says so instead of a verdict. */
    @Test
    void aFitThroughTwoCorpusSizesSaysItIsTwoPoints() throws IOException {
        Path small = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        Path large = run("cold-start-2000", 2000, 10.0, 20.0, 10.0);

        Report report = Correlator.correlate(List.of(micro("a.json", 0.2)), List.of(large, small), 5);

        assertThat(report.scaling().get(0).fits()).extracting(Fit::growth).containsOnly(Scaling.TWO_POINTS);
        assertThat(fit(report, "phase:list").slope()).isCloseTo(0.01, within(1e-12));
    }

    /** The list phase grows with the corpus, decrypts stay 1,000: one grows linearly, the other is constant. */
    @Test
    void scalingSaysWhichTermsGrowWithTheCorpus() throws IOException {
        Path small = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        Path middle = run("cold-start-2000", 2000, 10.0, 20.0, 10.0);
        Path large = run("cold-start-4000", 4000, 10.0, 40.0, 10.0);

        Report report = Correlator.correlate(List.of(micro("a.json", 0.2)), List.of(large, small, middle), 5);

        assertThat(report.scaling()).hasSize(1);
        assertThat(report.scaling().get(0).objects()).containsExactly(1000L, 2000L, 4000L);
        Fit list = fit(report, "phase:list");
        assertThat(list.slope()).isCloseTo(0.01, within(1e-12));
        assertThat(list.intercept()).isCloseTo(0.0, within(1e-9));
        assertThat(list.growth()).isEqualTo("linear");
        assertThat(fit(report, "decrypts").growth()).isEqualTo("constant");
        assertThat(fit(report, "phase:ready").growth()).isEqualTo("constant");
        assertThat(fit(report, "list-encode").growth()).isEqualTo("linear");
    }

    @Test
    void aDirectoryWithoutRunJsonIsATypedErrorNamingIt() {
        assertThatThrownBy(() -> Correlator.correlate(List.of(), List.of(dir), 5))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no run.json");
    }

    @Test
    void aFileThatIsNotJmhJsonIsATypedErrorNamingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"benchmark\": 1}");

        assertThatThrownBy(() -> Correlator.correlate(List.of(bad), List.of(run("cold-start-1000", 1000, 1, 1, 1)), 5))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("expected an array");
    }

    private static Term term(RunAttribution a, String hotPath) {
        return a.terms().stream().filter(t -> t.hotPath().equals(hotPath)).findFirst().orElseThrow();
    }

    private static Fit fit(Report report, String term) {
        return report.scaling().get(0).fits().stream().filter(f -> f.term().equals(term)).findFirst().orElseThrow();
    }

    /**
     * DecryptFanoutBenchmark at Transit latency 0: one caller 10 ms per decrypt (0.1 ops/ms) direct, the coalesced
     * throughput given at every caller count; ListEncodeBenchmark 100-object lists at 10 lists/s (1 ms per object);
     * ListDecodeBenchmark 100-object parse at 50 ms (0.5 ms per object); WatchCacheBenchmark 1,000-object refill at
     * 500 ms; EnvelopeBenchmark decrypt at 1 µs. No errors: exact answers.
     */
    private Path micro(String name, double coalescedOpsPerMs) throws IOException {
        return micro(name, coalescedOpsPerMs, 0.0);
    }

    /** The same results, each with JMH's {@code scoreError} {@code error} (NaN, as JMH writes it for one fork). */
    private Path micro(String name, double coalescedOpsPerMs, double error) throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(result("kms.DecryptFanoutBenchmark.callers1", "sample", 1, 10.0, "ms/op", fanout("DIRECT")));
        for (int callers : new int[] {1, 8, 64}) {
            results.add(result("kms.DecryptFanoutBenchmark.callers" + callers, "thrpt", callers, 0.1, "ops/ms", fanout("DIRECT")));
            results.add(result("kms.DecryptFanoutBenchmark.callers" + callers, "thrpt", callers, coalescedOpsPerMs, "ops/ms", fanout("COALESCE")));
        }
        results.add(result("listing.ListEncodeBenchmark.encode", "thrpt", 1, 10.0, "ops/s",
                Map.of("encoder", "STREAMING", "gzip", "true", "objects", "100", "payloadBytes", "1024")));
        results.add(result("listing.ListDecodeBenchmark.jacksonParse", "avgt", 1, 50.0, "ms/op",
                Map.of("objects", "100", "payloadBytes", "1024")));
        results.add(result("listing.WatchCacheBenchmark.refill", "avgt", 1, 500.0, "ms/op",
                Map.of("objects", "1000", "payloadBytes", "1024")));
        results.add(result("envelope.EnvelopeBenchmark.decrypt", "avgt", 1, 1000.0, "ns/op",
                Map.of("cipher", "ACCP", "payloadBytes", "1024", "dekSourceType", "HKDF_SHA256_XNONCE_AES_GCM_SEED")));
        Path file = dir.resolve(name);
        results.forEach(r -> r.put("primaryMetric", Map.of("score", ((Map<?, ?>) r.get("primaryMetric")).get("score"),
                "scoreError", Double.isNaN(error) ? "NaN" : error, "scoreUnit", ((Map<?, ?>) r.get("primaryMetric")).get("scoreUnit"))));
        JSON.writeValue(file.toFile(), results);
        return file;
    }

    private static Map<String, String> fanout(String mode) {
        return Map.of("mode", mode, "transitLatencyMicros", "0", "windowMicros", "500", "maxBatch", "128");
    }

    private static Map<String, Object> result(String benchmark, String mode, int threads, double score, String unit,
            Map<String, String> params) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "dev.cpbench.micro." + benchmark);
        r.put("mode", mode);
        r.put("threads", threads);
        r.put("params", params);
        r.put("primaryMetric", Map.of("score", score, "scoreError", 0.0, "scoreUnit", unit));
        r.put("secondaryMetrics", Map.of());
        return r;
    }

    /**
     * A cold start through one embedded API server, pages of 100, 2 objects read per corpus object (two lists),
     * with {@code decrypts}=1,000 whose KMS latency sum is {@code decryptSeconds}, every object loaded into the cache once.
     */
    private Path run(String name, long objects, double readySeconds, double listSeconds, double decryptSeconds) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "cold-start");
        json.put("embedded", true);
        json.put("target", Map.of("kind", "embedded", "description", "synthetic", "listEncoder", "streaming"));
        json.put("harness", Map.of("processors", 4));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("client-gzip", true);
        options.put("embedded-kms", "plugin");
        options.put("embedded-transit-latency", "0s");
        options.put("page-size", 100);
        json.put("options", options);
        json.put("corpus", Map.of("objects", objects, "objectBytes", 1024));
        json.put("facts", Map.of("expectedColdStartDecrypts", 1000));
        json.put("objectReads", 2 * objects);
        json.put("expectedObjectReads", 2 * objects);
        json.put("endpoints", List.of(Map.of("name", "apiserver-0", "errorsByKind", Map.of())));
        json.put("deltas", Map.of("figures", Map.of("apiserver_kms_decrypts", 1000.0,
                "apiserver_kms_decrypt_seconds", decryptSeconds, "provider_decrypts", 1000.0,
                "watch_cache_init_events", (double) objects, "from_storage_transforms", (double) objects)));
        JSON.writeValue(run.resolve("run.json").toFile(), json);
        Files.writeString(run.resolve("phases.csv"), "phase,start_utc,end_utc,seconds\n"
                + "restart,a,b,0.000\nready,a,b," + readySeconds + "\nlist,a,b," + listSeconds + "\nsettle,a,b,2.000\n");
        return run;
    }
}
