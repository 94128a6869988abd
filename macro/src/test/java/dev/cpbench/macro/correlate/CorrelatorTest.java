package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Fit;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.Term;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * 2,000 listed objects × 1 ms (a 100-object page of 0.1 s) encode = 2 s; 2,000 × 0.5 ms parse = 1 s; 20 pages ×
     * 50 ms of their own CPU at 4/3 threads at once = 0.75 s.
     */
    @Test
    void decryptsThatAreHalfTheWindowAreAttributedHalfAndBatchingThatDoublesThroughputSavesAQuarter()
            throws IOException {
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
        assertThat(term(a, "list-page").wallSeconds().value()).isCloseTo(0.75, within(1e-9));
        assertThat(a.remainderSeconds()).isCloseTo(20.0 - 10 - 0.5 - 2 - 1 - 0.75, within(1e-9));
        assertThat(a.missing()).isEmpty();

        BatchingDecision d = report.batching().get(0);
        assertThat(d.decryptSeconds().value()).isEqualTo(10.0);
        assertThat(d.upperBoundPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(d.savingSeconds().value()).isCloseTo(5.0, within(1e-9));
        assertThat(d.savingPercent()).isCloseTo(25.0, within(1e-9));
        assertThat(d.verdict()).isEqualTo("worth-trying");
        assertThat(d.windowMicros()).isEqualTo(500);
        assertThat(report.diagnosis())
                .extracting(Report.Finding::symptom)
                .contains("KMS decrypts are 50.0% of the window");
    }

    /**
     * The API servers measured their 1,000 decrypts at 0.5 s in all, the micro model says 10 s: the window is
     * attributed what the servers measured, the model kept beside it; without their histogram, the model.
     */
    @Test
    void theServersOwnMeasuredTimeIsAttributedWithTheModelBesideIt() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path measured = run("cold-start-1000", 1000, 10.0, 10.0, 0.5);

        Term kms = term(
                Correlator.correlate(List.of(micro), List.of(measured), 5)
                        .runs()
                        .get(0),
                "kms-decrypt");

        assertThat(kms.modelSeconds().value()).isCloseTo(10.0, within(1e-9));
        assertThat(kms.serverSeconds().value()).isCloseTo(0.5, within(1e-12));
        assertThat(kms.serverSeconds().source().field())
                .isEqualTo("deltas.figures.apiserver_kms_decrypt_seconds ÷ 1 at once");
        assertThat(kms.wallSeconds()).isEqualTo(kms.serverSeconds());
        assertThat(kms.modelOverServer()).isCloseTo(20.0, within(1e-9));

        ObjectNode json =
                (ObjectNode) JSON.readTree(measured.resolve("run.json").toFile());
        ((ObjectNode) json.path("deltas").path("figures")).remove("apiserver_kms_decrypt_seconds");
        JSON.writeValue(measured.resolve("run.json").toFile(), json);
        Term modelled = term(
                Correlator.correlate(List.of(micro), List.of(measured), 5)
                        .runs()
                        .get(0),
                "kms-decrypt");

        assertThat(modelled.serverSeconds()).isNull();
        assertThat(modelled.wallSeconds()).isEqualTo(modelled.modelSeconds());
        assertThat(modelled.modelOverServer()).isNaN();
    }

    /**
     * The servers time the refill's decrypts only: the refill is their time for those (less the KMS Decrypts that DEK
     * cache misses wait for inside them, 0.5 s, which are kms-decrypt's: an injected KMS wait was counted twice
     * before) plus the model of the rest, 1,000 × (0.5 ms refill − 1 µs decrypt) = 0.499 s; without the decrypt's micro
     * result, the larger of the servers' part and the whole model.
     */
    @Test
    void theRefillIsTheServersDecryptTimeLessTheirKmsWaitPlusTheModelledRest() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 0.5);

        Term above = refillWithServerDecrypts(micro, run, 2.5);
        Term below = refillWithServerDecrypts(micro, run, 0.6);

        assertThat(above.serverPartial()).isTrue();
        assertThat(above.wallSeconds().value()).isCloseTo(2.499, within(1e-9));
        assertThat(above.wallSeconds().source().field())
                .startsWith("deltas.figures.from_storage_seconds − deltas.figures.apiserver_kms_decrypt_seconds")
                .contains("− EnvelopeBenchmark.decrypt) ÷ parallelism 1");
        assertThat(above.modelOverServer()).isCloseTo(0.25, within(1e-9));
        assertThat(Format.server(above)).isEqualTo("≥ 2.00 s (part)");
        assertThat(below.wallSeconds().value()).isCloseTo(0.599, within(1e-9));

        new SyntheticInputs(dir).editMicro(micro, result -> {
            if (result.path("benchmark").asText().endsWith("EnvelopeBenchmark.decrypt")) {
                result.put("benchmark", "dev.cpbench.micro.envelope.EnvelopeBenchmark.other");
            }
        });
        Term withoutPartMicro = refillWithServerDecrypts(micro, run, 0.6);
        assertThat(withoutPartMicro.wallSeconds()).isEqualTo(withoutPartMicro.modelSeconds());
    }

    /** A validation run's injected cost is part of its hot path's model, and of no other. */
    @Test
    void anInjectedCostIsAddedToItsHotPathsModelOnly() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        new SyntheticInputs(dir)
                .edit(
                        run,
                        json -> ((ObjectNode) json.path("options"))
                                .putArray("inject")
                                .add("list-encode=+1ms"));

        RunAttribution a =
                Correlator.correlate(List.of(micro), List.of(run), 5).runs().get(0);

        Term encode = term(a, "list-encode");
        assertThat(encode.modelSeconds().value())
                .as("2,000 objects × (1 ms micro + 1 ms injected) ÷ 1")
                .isCloseTo(4.0, within(1e-9));
        assertThat(encode.modelSeconds().source().field()).contains("+ injected 1000 µs");
        assertThat(term(a, "client-parse").wallSeconds().value()).isCloseTo(1.0, within(1e-9));
        assertThat(term(a, "watch-cache-refill").wallSeconds().value()).isCloseTo(0.5, within(1e-9));
    }

    /**
     * A page's CPU is 200 ms, of which its 100 objects' encoding (1 ms each) and parse (0.5 ms each) are terms of their
     * own: list-page is the 50 ms left per page, over the run's 20 pages; the page kept 4/3 threads busy (200 ms of CPU
     * in 150 ms), so the one lister's pages take 1 s ÷ 4/3.
     */
    @Test
    void theListPageTermIsThePagesCpuLessItsEncodingAndParse() throws IOException {
        Path micro = micro("a.json", 0.2, 1.0);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        RunAttribution a =
                Correlator.correlate(List.of(micro), List.of(run), 5).runs().get(0);

        Term page = term(a, "list-page");
        assertThat(page.count().value()).isEqualTo(20);
        assertThat(page.count().source().field()).isEqualTo("endpoints[].pages (sum)");
        assertThat(page.costSeconds().value()).isCloseTo(0.050, within(1e-12));
        assertThat(page.costSeconds().source().field())
                .contains("cpu.time.norm − 100 × (ListEncodeBenchmark.encode + ListDecodeBenchmark.jacksonParse");
        assertThat(page.costSeconds().high())
                .as("the CPU's upper end less the encoding's and parse's lower ends")
                .isGreaterThan(page.costSeconds().value());
        assertThat(page.parallelism()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(page.wallSeconds().value()).isCloseTo(0.75, within(1e-9));
        assertThat(page.allocBytesPerOp()).isNull();
        assertThat(a.phases().stream()
                        .filter(p -> p.phase().equals("list"))
                        .findFirst()
                        .orElseThrow()
                        .explainedSeconds())
                .as("encode 2 s + parse 1 s + pages 0.75 s")
                .isCloseTo(3.75, within(1e-9));
    }

    @Test
    void aPageResultWithoutItsCpuLeavesTheTermOutAndSaysWhy() throws IOException {
        Path micro = micro("a.json", 0.2);
        new SyntheticInputs(dir).editMicro(micro, result -> result.remove("secondaryMetrics"));
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        RunAttribution a =
                Correlator.correlate(List.of(micro), List.of(run), 5).runs().get(0);

        assertThat(a.terms()).extracting(Term::hotPath).doesNotContain("list-page");
        assertThat(a.missing())
                .anySatisfy(m ->
                        assertThat(m).startsWith("list-page: a.json has no cpu.time.norm for ListPageBenchmark.page"));
    }

    /**
     * Embedded, the API servers share the harness's cores with its JIT compiler: 2 processors, 3 API servers listing,
     * the compiler busy 5 of the list phase's 10 s → 1.5 cores left for the list's hot paths.
     */
    @Test
    void theJitCompilersCoresAreNotTheHotPaths() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        new SyntheticInputs(dir).edit(run, json -> {
            json.set("harness", JSON.valueToTree(Map.of("processors", 2)));
            json.set(
                    "endpoints",
                    JSON.valueToTree(List.of(Map.of("name", "a"), Map.of("name", "b"), Map.of("name", "c"))));
            json.set(
                    "phases", JSON.valueToTree(List.of(Map.of("name", "list", "seconds", 10.0, "jitCpuSeconds", 5.0))));
        });

        RunAttribution a =
                Correlator.correlate(List.of(micro), List.of(run), 5).runs().get(0);

        Term encode = term(a, "list-encode");
        assertThat(encode.parallelism()).isCloseTo(1.5, within(1e-9));
        assertThat(encode.wallSeconds().value()).isCloseTo(2.0 / 1.5, within(1e-9));
        assertThat(encode.modelSeconds().source().field()).contains("2 processors − 0.50 cores compiling");
        assertThat(term(a, "watch-cache-refill").parallelism())
                .as("no JIT figure for ready: the processors")
                .isEqualTo(2.0);
    }

    /**
     * The servers waited 6 s for their provider in a 10 s ready phase whose 4 processors ran 36 CPU-s of other work:
     * the cores were idle 1 s of it, so the wait explains 1 s, not 6 s; where 10 of those CPU-s were the JIT
     * compiler's (beside the servers, on 1 core), the servers' 26 CPU-s kept 3 cores busy 8.67 s: 1.33 s idle. A
     * phase with idle cores to spare keeps all 6 s, and neither the model nor a real cluster's figure is capped.
     */
    @Test
    void aProviderWaitExplainsNoMoreThanThePhasesIdleTimeOnTheStandIn() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path busy = run("cold-start-1000", 1000, 10.0, 10.0, 6.0);
        new SyntheticInputs(dir)
                .edit(
                        busy,
                        json -> json.set(
                                "phases",
                                JSON.valueToTree(
                                        List.of(Map.of("name", "ready", "seconds", 10.0, "harnessCpuSeconds", 36.0)))));
        Path idle = run("cold-start-2000", 1000, 10.0, 10.0, 6.0);
        new SyntheticInputs(dir)
                .edit(
                        idle,
                        json -> json.set(
                                "phases",
                                JSON.valueToTree(
                                        List.of(Map.of("name", "ready", "seconds", 10.0, "harnessCpuSeconds", 4.0)))));
        Path real = run("cold-start-3000", 1000, 10.0, 10.0, 6.0);
        new SyntheticInputs(dir).edit(real, json -> {
            json.put("embedded", false);
            json.set(
                    "phases",
                    JSON.valueToTree(List.of(Map.of("name", "ready", "seconds", 10.0, "harnessCpuSeconds", 36.0))));
        });

        Path compiling = run("cold-start-4000", 1000, 10.0, 10.0, 6.0);
        new SyntheticInputs(dir)
                .edit(
                        compiling,
                        json -> json.set(
                                "phases",
                                JSON.valueToTree(List.of(Map.of(
                                        "name",
                                        "ready",
                                        "seconds",
                                        10.0,
                                        "harnessCpuSeconds",
                                        36.0,
                                        "jitCpuSeconds",
                                        10.0)))));

        List<RunAttribution> runs = Correlator.correlate(List.of(micro), List.of(busy, idle, real, compiling), 5)
                .runs();

        Term capped = term(runs.get(0), "kms-decrypt");
        assertThat(capped.wallSeconds().value()).isCloseTo(1.0, within(1e-9));
        assertThat(capped.wallSeconds().source().field())
                .contains("capped at the phase's idle time")
                .contains("seconds − (harnessCpuSeconds − jitCpuSeconds) ÷ (4 processors − JIT cores)");
        assertThat(capped.serverSeconds().value())
                .as("the servers' own figure is kept")
                .isCloseTo(6.0, within(1e-9));
        assertThat(term(runs.get(1), "kms-decrypt").wallSeconds().value()).isCloseTo(6.0, within(1e-9));
        assertThat(term(runs.get(2), "kms-decrypt").wallSeconds().value()).isCloseTo(6.0, within(1e-9));
        assertThat(term(runs.get(3), "kms-decrypt").wallSeconds().value()).isCloseTo(10.0 - 26.0 / 3, within(1e-9));
    }

    /**
     * A window mostly unexplained says where its largest unexplained phase spent the harness's CPU, by threads, as
     * the run recorded it (list: 8 CPU-s in 30 s, the JIT a quarter of them).
     */
    @Test
    void theUnexplainedFindingShowsThePhasesCpuByThreads() throws IOException {
        Path micro = micro("a.json", 0.2);
        Path run = run("cold-start-1000", 1000, 1.0, 30.0, 0.01);
        new SyntheticInputs(dir)
                .edit(
                        run,
                        json -> json.set(
                                "phases",
                                JSON.valueToTree(List.of(Map.of(
                                        "name",
                                        "list",
                                        "seconds",
                                        30.0,
                                        "harnessCpuSeconds",
                                        8.0,
                                        "cpuByThreads",
                                        Map.of("apiServers", 4.0, "jit", 2.0, "gc", 2.0, "kms", 0.0))))));

        Report report = Correlator.correlate(List.of(micro), List.of(run), 5);

        assertThat(report.runs().get(0).phases())
                .filteredOn(p -> p.phase().equals("list"))
                .singleElement()
                .extracting(PhaseTime::cpuByThreads)
                .isEqualTo(Map.of("apiServers", 4.0, "jit", 2.0, "gc", 2.0, "kms", 0.0));
        assertThat(report.diagnosis())
                .filteredOn(f -> f.symptom().equals("most of the window is outside every micro benchmark"))
                .singleElement()
                .extracting(Report.Finding::evidence)
                .asString()
                .contains("most in the list phase")
                .contains("the harness's 8.00 CPU-s in it (0.27 cores busy)")
                .contains("apiServers 50%")
                .contains("jit 25%")
                .contains("gc 25%")
                .doesNotContain("kms");
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

        BatchingDecision slower = Correlator.correlate(List.of(micro("slower.json", 0.05)), List.of(run), 5)
                .batching()
                .get(0);
        BatchingDecision same = Correlator.correlate(List.of(micro("same.json", 0.1)), List.of(run), 5)
                .batching()
                .get(0);

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
        assertThat(report.runs().get(0).missing()).hasSize(5); // a micro result for each hot path of a cold start
        assertThat(report.runs().get(0).remainderShare()).isEqualTo(1.0);
    }

    @Test
    void decryptsOverTheThresholdWithoutMicroCurvesAreUndecided() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        BatchingDecision d =
                Correlator.correlate(List.of(), List.of(run), 5).batching().get(0);

        assertThat(d.verdict()).isEqualTo("undecided");
        assertThat(d.summary()).contains("DecryptFanoutBenchmark");
    }

    @Test
    void theThresholdDecides() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);
        Path micro = micro("a.json", 0.2);

        assertThat(Correlator.correlate(List.of(micro), List.of(run), 30)
                        .batching()
                        .get(0)
                        .verdict())
                .isEqualTo("not-needed");
        assertThat(Correlator.correlate(List.of(micro), List.of(run), 25)
                        .batching()
                        .get(0)
                        .verdict())
                .isEqualTo("worth-trying");
    }

    /** A quick run's results (one fork: JMH gives no error) cannot carry a verdict that rests on them. */
    @Test
    void aVerdictThatRestsOnResultsWithoutAnErrorEstimateIsUndecided() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 10.0);

        Report report = Correlator.correlate(List.of(micro("quick.json", 0.2, Double.NaN)), List.of(run), 5);

        BatchingDecision d = report.batching().get(0);
        assertThat(d.verdict()).isEqualTo("undecided");
        assertThat(d.summary())
                .contains("rerun DecryptFanoutBenchmark with the full preset")
                .contains("quick.json");
        Term encode = term(report.runs().get(0), "list-encode");
        assertThat(encode.costSeconds().errorUnknown()).isTrue();
        assertThat(encode.wallSeconds().errorUnknown()).isTrue();
        assertThat(Format.interval(encode.wallSeconds())).isEqualTo("2.00 s (error unknown)");
    }

    @Test
    void theUpperBoundStillDecidesWhenTheErrorIsUnknown() throws IOException {
        Path run = run("cold-start-1000", 1000, 10.0, 10.0, 0.5); // 0.5 s of 20 s = 2.5% < 5%

        BatchingDecision d = Correlator.correlate(List.of(micro("quick.json", 0.2, Double.NaN)), List.of(run), 5)
                .batching()
                .get(0);

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
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("no run.json");
    }

    @Test
    void aFileThatIsNotJmhJsonIsATypedErrorNamingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"benchmark\": 1}");

        assertThatThrownBy(() -> Correlator.correlate(List.of(bad), List.of(run("cold-start-1000", 1000, 1, 1, 1)), 5))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("expected an array");
    }

    private static Term term(RunAttribution a, String hotPath) {
        return a.terms().stream()
                .filter(t -> t.hotPath().equals(hotPath))
                .findFirst()
                .orElseThrow();
    }

    private static Fit fit(Report report, String term) {
        return report.scaling().get(0).fits().stream()
                .filter(f -> f.term().equals(term))
                .findFirst()
                .orElseThrow();
    }

    private Path micro(String name, double coalescedOpsPerMs) throws IOException {
        return new SyntheticInputs(dir).micro(name, coalescedOpsPerMs, 0.0);
    }

    private Path micro(String name, double coalescedOpsPerMs, double error) throws IOException {
        return new SyntheticInputs(dir).micro(name, coalescedOpsPerMs, error);
    }

    private Path run(String name, long objects, double readySeconds, double listSeconds, double decryptSeconds)
            throws IOException {
        return new SyntheticInputs(dir).run(name, objects, readySeconds, listSeconds, decryptSeconds);
    }
}
