package dev.cpbench.macro.correlate;

import dev.cpbench.jmhresults.JmhResult;
import dev.cpbench.macro.correlate.MicroResults.Result;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.Source;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The declared mapping from what a macro run counts to what a micro benchmark costs. One row per hot path:
 *
 * <table>
 * <caption>hot path → macro count × micro cost</caption>
 * <tr><th>hot path</th><th>phase (cold-start / sustained)</th><th>count (run.json)</th><th>micro cost (JMH)</th>
 *     <th>runs on, parallelism</th></tr>
 * <tr><td>kms-decrypt</td><td>ready / load</td><td>deltas.figures.apiserver_kms_decrypts, else provider_decrypts,
 *     else transit_decrypt_items</td><td>DecryptFanoutBenchmark.callers1, sample, mode=DIRECT, transitLatencyMicros
 *     of the run ({@link KmsCurves#transitLatencyMicros}); with the embedded in-process KMS,
 *     EnvelopeBenchmark.decryptDekMiss (avgt, cipher=ACCP)</td><td>waits on the provider; one caller per API
 *     server</td></tr>
 * <tr><td>watch-cache-refill</td><td>ready / –</td><td>deltas.figures.watch_cache_init_events, else
 *     from_storage_transforms</td><td>WatchCacheBenchmark.refill, avgt, objects nearest the corpus's, payloadBytes
 *     nearest; per refill ÷ objects</td><td>API server CPU</td></tr>
 * <tr><td>envelope-decrypt</td><td>– / load</td><td>deltas.figures.from_storage_transforms</td>
 *     <td>EnvelopeBenchmark.decrypt, avgt, cipher=ACCP, payloadBytes nearest the corpus's</td><td>API server CPU</td></tr>
 * <tr><td>list-encode</td><td>list / load</td><td>objectReads</td><td>ListEncodeBenchmark.encode, thrpt,
 *     encoder = the run's (STREAMING on a cluster: kube-apiserver's default since 1.33), gzip = the client's, objects
 *     nearest the page size, payloadBytes nearest; per list ÷ objects</td><td>API server CPU</td></tr>
 * <tr><td>client-parse</td><td>list / load</td><td>objectReads</td><td>ListDecodeBenchmark.jacksonParse, avgt,
 *     objects nearest the page size, payloadBytes nearest; per list ÷ objects</td><td>the harness's CPU</td></tr>
 * <tr><td>list-page</td><td>list / load</td><td>endpoints[].pages (summed)</td><td>ListPageBenchmark.page, avgt,
 *     its cpu.time.norm (CPU of all threads per page), gzip = the client's, pageSize and corpusObjects nearest; less
 *     pageSize × (list-encode + client-parse per object), which are terms of their own</td><td>the harness's CPU
 *     (the benchmark's server and client are both Java on one machine)</td></tr>
 * </table>
 *
 * <p>Where the API servers measure a hot path themselves, run.json has the sum of their histogram (kms-decrypt:
 * {@code apiserver_envelope_encryption_kms_operations_latency_seconds}, Decrypt; envelope-decrypt:
 * {@code apiserver_storage_transformation_duration_seconds}, from_storage). The refill's decrypts are part of the
 * refill, so for watch-cache-refill the servers' transformation time is a part, to which the model of the rest is added.
 *
 * <p>A cold start's refill holds its envelope decrypts (the refill benchmark decrypts too), so envelope-decrypt is
 * a term of sustained runs only; kms-decrypt stays a term of its own, as the refill benchmark's KMS is in-process
 * (one Decrypt per refill, microseconds) while a run's may be a plugin over Transit.
 *
 * <p>Parallelism turns one thread's work into wall time: the streams at once (one per API server; in sustained runs,
 * the listers for everything but the provider), capped for work on the harness (the client, and everything when the
 * API servers are the embedded stand-in in the harness's JVM) by the harness's processors less the cores its JIT
 * compiler kept busy in that phase (run.json phases[].jitCpuSeconds: a Go kube-apiserver compiles nothing at run time,
 * and the injection check showed the compiler's share missing from the model). Waiting on the provider is not capped by
 * processors; on the embedded stand-in it explains at most the phase's idle time (the cores' CPU recorded per phase).
 */
enum HotPath {
    KMS_DECRYPT(
            "kms-decrypt",
            "KMS v2 Decrypt of a DEK seed after a restart (a DEK cache miss): gRPC over a Unix socket into the Transit-backed plugin",
            Runs.PROVIDER,
            "DecryptFanoutBenchmark.callers1 (sample, mode=DIRECT) at the run's Transit latency; for --embedded-kms in_process, "
                    + "EnvelopeBenchmark.decryptDekMiss (avgt, cipher=ACCP)",
            List.of(KmsCurves.SINGLE_CALLER, Benchmarks.DEK_MISS),
            "deltas.figures.apiserver_kms_decrypt_seconds",
            "deltas.figures.apiserver_kms_decrypts",
            "deltas.figures.provider_decrypts",
            "deltas.figures.transit_decrypt_items") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            if (run.option("embedded-kms").filter(k -> k.equals("in_process")).isPresent()) {
                return micro.find(Benchmarks.DEK_MISS, "avgt", Map.of("cipher", "ACCP"), Map.of("payloadBytes", (double)
                        run.objectBytes()));
            }
            return kms.transitLatencyMicros(run).flatMap(kms::singleCallerDirect);
        }
    },
    WATCH_CACHE_REFILL(
            "watch-cache-refill",
            "an API server's watch-cache refill after a restart, per Secret: the store's snapshot, envelope decrypt, decode into the cache's object",
            Runs.APISERVER,
            "WatchCacheBenchmark.refill (avgt) at the corpus's size",
            List.of(Benchmarks.REFILL),
            "deltas.figures.from_storage_seconds",
            "deltas.figures.watch_cache_init_events",
            "deltas.figures.from_storage_transforms") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(
                    Benchmarks.REFILL,
                    "avgt",
                    Map.of(),
                    Map.of("objects", (double) run.objects(), "payloadBytes", (double) run.objectBytes()));
        }

        /** The servers time the refill's envelope decrypts, not its reads from the store or its decoding. */
        @Override
        Optional<HotPath> serverMeasuredPart() {
            return Optional.of(ENVELOPE_DECRYPT);
        }
    },
    ENVELOPE_DECRYPT(
            "envelope-decrypt",
            "envelope decrypt of one object read from etcd with a warm DEK cache (KDF memo, AES-GCM, protobuf)",
            Runs.APISERVER,
            "EnvelopeBenchmark.decrypt (avgt, cipher=ACCP)",
            List.of(Benchmarks.DECRYPT),
            "deltas.figures.from_storage_seconds",
            "deltas.figures.from_storage_transforms") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(Benchmarks.DECRYPT, "avgt", Map.of("cipher", "ACCP"), Map.of("payloadBytes", (double)
                    run.objectBytes()));
        }
    },
    LIST_ENCODE(
            "list-encode",
            "watch-cache LIST serialisation of one object (the run's encoder; gzip when the client asks for it)",
            Runs.APISERVER,
            "ListEncodeBenchmark.encode (thrpt) with the run's encoder and gzip",
            List.of(Benchmarks.LIST_ENCODE),
            null,
            "objectReads") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            String encoder = run.target("listEncoder").orElse("streaming").toUpperCase(Locale.US);
            String gzip = run.option("client-gzip").orElse("true");
            return micro.find(
                    Benchmarks.LIST_ENCODE,
                    "thrpt",
                    Map.of("encoder", encoder, "gzip", gzip),
                    Map.of("objects", pageObjects(run), "payloadBytes", (double) run.objectBytes()));
        }
    },
    CLIENT_PARSE(
            "client-parse",
            "the client parsing one listed object into fabric8's model (Jackson)",
            Runs.CLIENT,
            "ListDecodeBenchmark.jacksonParse (avgt)",
            List.of(Benchmarks.CLIENT_PARSE),
            null,
            "objectReads") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(
                    Benchmarks.CLIENT_PARSE,
                    "avgt",
                    Map.of(),
                    Map.of("objects", pageObjects(run), "payloadBytes", (double) run.objectBytes()));
        }
    },
    LIST_PAGE(
            "list-page",
            "one page's round trip less its encoding and parse: the request, the watch cache's page and continue token, HTTP over loopback, gzip's inflation, fabric8's handling",
            Runs.CLIENT,
            "ListPageBenchmark.page (avgt, with cpu.time.norm) with the client's gzip",
            List.of(Benchmarks.LIST_PAGE),
            null,
            "endpoints[].pages") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(
                    Benchmarks.LIST_PAGE,
                    "avgt",
                    Map.of("gzip", run.option("client-gzip").orElse("true")),
                    Map.of(
                            "pageSize",
                            pageObjects(run),
                            "corpusObjects",
                            (double) run.objects(),
                            "payloadBytes",
                            (double) run.objectBytes()));
        }

        /**
         * The page's CPU (all threads: the server's and the client's event loops work at once) less what the
         * list-encode and client-parse terms already cost of it, per object × the page's objects; the interval's ends
         * are the differences of the inputs' opposite ends. Empty (with why in {@code missing}) without the CPU
         * measure or either of the two.
         */
        @Override
        Optional<Quantity> cost(Result page, MacroRun run, MicroResults micro, KmsCurves kms, List<String> missing) {
            Optional<Quantity> cpu = page.cpuSecondsPerOp();
            Optional<Result> encode = LIST_ENCODE.micro(run, micro, kms);
            Optional<Result> parse = CLIENT_PARSE.micro(run, micro, kms);
            if (cpu.isEmpty()) {
                missing.add(id + ": " + page.file() + " has no " + JmhResult.CPU_NORM + " for " + page.benchmark()
                        + " (./jmh.sh's presets measure it with ProcessCpuProfiler)");
            }
            if (encode.isEmpty() || parse.isEmpty()) {
                missing.add(id + ": the page's encoding and parse are taken off its CPU, and the --micro files lack "
                        + (encode.isEmpty() ? LIST_ENCODE.microWanted : CLIENT_PARSE.microWanted));
            }
            if (cpu.isEmpty() || encode.isEmpty() || parse.isEmpty()) {
                return Optional.empty();
            }
            double objects = Double.parseDouble(page.param("pageSize"));
            Quantity e = encode.get().secondsPerOp(operationsPerResult(encode.get()));
            Quantity p = parse.get().secondsPerOp(operationsPerResult(parse.get()));
            Quantity c = cpu.get();
            double value = Math.max(0, c.value() - objects * (e.value() + p.value()));
            Source source = new Source(
                    c.source().file() + ", " + e.source().file() + ", "
                            + p.source().file(),
                    page.benchmark() + " " + page.params() + " " + JmhResult.CPU_NORM + " − " + Format.number(objects)
                            + " × (" + Benchmarks.LIST_ENCODE + " + " + Benchmarks.CLIENT_PARSE + " per object)");
            if (c.errorUnknown() || e.errorUnknown() || p.errorUnknown()) {
                return Optional.of(Quantity.errorUnknown(value, "s", source));
            }
            return Optional.of(new Quantity(
                    value,
                    Math.max(0, c.low() - objects * (e.high() + p.high())),
                    Math.max(0, c.high() - objects * (e.low() + p.low())),
                    "s",
                    source));
        }

        /** The page's allocation includes the encoding's and the parse's: not this term's alone. */
        @Override
        Double allocationPerOperation(Result result) {
            return null;
        }

        /**
         * A page keeps the server's worker, its event loop and the client's busy at once (the encoder writes while the
         * client inflates and parses): its CPU over its wall time in the micro benchmark (about 1.4 with gzip).
         */
        @Override
        double threadsPerStream(Result page) {
            return page.cpuSecondsPerOp()
                    .map(cpu -> Math.max(1, cpu.value() / page.secondsPerOp(1).value()))
                    .orElse(1.0);
        }
    };

    /** The micro benchmarks (Class.method) the hot paths read; HotPathBenchmarksTest checks that each exists. */
    static final class Benchmarks {
        static final String DEK_MISS = "EnvelopeBenchmark.decryptDekMiss";
        static final String DECRYPT = "EnvelopeBenchmark.decrypt";
        static final String REFILL = "WatchCacheBenchmark.refill";
        static final String LIST_ENCODE = "ListEncodeBenchmark.encode";
        static final String CLIENT_PARSE = "ListDecodeBenchmark.jacksonParse";
        static final String LIST_PAGE = "ListPageBenchmark.page";

        private Benchmarks() {}
    }

    /** Where a hot path's work happens, which sets how much of it runs at once. */
    enum Runs {
        PROVIDER,
        APISERVER,
        CLIENT
    }

    final String id;
    final String description;
    final Runs runs;
    /** What {@link #micro} looks for, for the report's "missing" lines. */
    final String microWanted;
    /** The benchmarks (Class.method) {@link #micro} reads. */
    final List<String> benchmarks;
    /** Where run.json has the API servers' own measured seconds for it (a histogram's sum); null when they measure none. */
    final String serverSecondsField;
    /** Where run.json counts it, in order of preference. */
    final List<String> countFields;

    HotPath(
            String id,
            String description,
            Runs runs,
            String microWanted,
            List<String> benchmarks,
            String serverSecondsField,
            String... countFields) {
        this.id = id;
        this.description = description;
        this.runs = runs;
        this.microWanted = microWanted;
        this.benchmarks = benchmarks;
        this.serverSecondsField = serverSecondsField;
        this.countFields = List.of(countFields);
    }

    /**
     * The API servers' own measured seconds for this, summed over them; empty when the run has none. A from-storage
     * transformation that misses the DEK cache waits for its KMS Decrypt inside the measure; that wait is kms-decrypt's,
     * so the servers' KMS Decrypt seconds are taken off (an injected KMS wait showed it counted twice).
     */
    Optional<Quantity> serverSeconds(MacroRun run) {
        if (serverSecondsField == null) {
            return Optional.empty();
        }
        Optional<Quantity> measured = run.number(serverSecondsField, "s");
        if (this == KMS_DECRYPT) {
            return measured;
        }
        return measured.map(total -> KMS_DECRYPT
                .serverSeconds(run)
                .map(kms -> Quantity.exact(
                        Math.max(0, total.value() - kms.value()),
                        "s",
                        new Source(
                                total.source().file(),
                                total.source().field() + " − " + kms.source().field())))
                .orElse(total));
    }

    /** How many times the run did this; empty when the run did not record it. */
    Optional<Quantity> count(MacroRun run) {
        return run.firstNumber("count", countFields.toArray(String[]::new));
    }

    /** The micro result that costs one operation for this run; empty when the micro inputs lack it. */
    abstract Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms);

    /**
     * Seconds per counted operation from {@link #micro}'s result: its time per operation ÷ the operations it covers;
     * empty, with why added to {@code missing}, where a hot path needs more than that result.
     */
    Optional<Quantity> cost(Result result, MacroRun run, MicroResults micro, KmsCurves kms, List<String> missing) {
        return Optional.of(result.secondsPerOp(operationsPerResult(result)));
    }

    /** Bytes allocated per counted operation ({@code gc.alloc.rate.norm}); null when not measured or not this term's. */
    Double allocationPerOperation(Result result) {
        return result.allocNorm() == null ? null : result.allocNorm() / operationsPerResult(result);
    }

    /** Macro operations one micro operation covers: its {@code objects} parameter (a list of them), else 1. */
    static double operationsPerResult(Result result) {
        String objects = result.param("objects");
        return objects.isEmpty() ? 1 : Double.parseDouble(objects);
    }

    /** The phase this runs in, for a scenario; empty for scenarios without a mapping. */
    Optional<String> phase(String scenario) {
        return switch (scenario) {
            case "cold-start" ->
                switch (this) {
                    case KMS_DECRYPT, WATCH_CACHE_REFILL -> Optional.of("ready");
                    case ENVELOPE_DECRYPT -> Optional.empty(); // within the refill
                    case LIST_ENCODE, CLIENT_PARSE, LIST_PAGE -> Optional.of("list");
                };
            case "sustained" -> this == WATCH_CACHE_REFILL ? Optional.empty() : Optional.of("load");
            default -> Optional.empty();
        };
    }

    /**
     * The term that carries this hot path's time in a scenario: itself where it is a term of its own, the refill for a
     * cold start's envelope decrypts (they happen inside it); empty where the scenario does not do it.
     */
    Optional<HotPath> carrier(String scenario) {
        if (this == ENVELOPE_DECRYPT && scenario.equals("cold-start")) {
            return Optional.of(WATCH_CACHE_REFILL);
        }
        return phase(scenario).map(p -> this);
    }

    /** The phases whose sum is a scenario's observed window. */
    static List<String> window(String scenario) {
        return switch (scenario) {
            case "cold-start" -> List.of("restart", "ready", "list");
            case "sustained" -> List.of("load");
            default -> List.of();
        };
    }

    /**
     * Threads doing this at once in a phase of the run (see the class comment): the streams × the threads one stream
     * keeps busy; on the harness, at most its processors less the cores its JIT compiler kept busy in the phase (where
     * the run recorded them).
     */
    double parallelism(MacroRun run, String phase, Result micro) {
        double uncapped = streams(run) * threadsPerStream(micro);
        boolean onHarness = runs == Runs.CLIENT || (runs == Runs.APISERVER && run.embedded());
        if (!onHarness) {
            return uncapped;
        }
        double jit = run.jitCores(phase).map(Quantity::value).orElse(0.0);
        return Math.min(uncapped, Math.max(1, run.harnessProcessors() - jit));
    }

    /**
     * The hot path whose operations are the part of this one the servers' own figure measures (the refill's decrypts);
     * empty when the figure is the whole of it or there is none.
     */
    Optional<HotPath> serverMeasuredPart() {
        return Optional.empty();
    }

    /** Threads one stream of this work keeps busy at once, as its micro benchmark measured it: 1 unless said. */
    double threadsPerStream(Result micro) {
        return 1;
    }

    /**
     * The streams doing this at once, not capped by processors: what divides a server-measured sum, whose each
     * operation's time already includes any wait for a CPU.
     */
    double streams(MacroRun run) {
        boolean listers = run.scenario().equals("sustained") && runs != Runs.PROVIDER;
        return listers ? Integer.parseInt(run.option("workers").orElse("1")) : run.endpoints();
    }

    private static double pageObjects(MacroRun run) {
        int page = Integer.parseInt(run.option("page-size").orElse("500"));
        return page == 0 ? run.objects() : Math.min(page, run.objects());
    }
}
