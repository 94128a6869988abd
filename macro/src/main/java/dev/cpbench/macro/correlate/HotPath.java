package dev.cpbench.macro.correlate;

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
 * </table>
 *
 * <p>Where the API servers measure a hot path themselves, run.json has the sum of their histogram (kms-decrypt:
 * {@code apiserver_envelope_encryption_kms_operations_latency_seconds}, Decrypt; envelope-decrypt:
 * {@code apiserver_storage_transformation_duration_seconds}, from_storage). The refill's decrypts are part of the
 * refill, so for watch-cache-refill the servers' transformation time is a floor, not the whole.
 *
 * <p>A cold start's refill holds its envelope decrypts (the refill benchmark decrypts too), so envelope-decrypt is
 * a term of sustained runs only; kms-decrypt stays a term of its own, as the refill benchmark's KMS is in-process
 * (one Decrypt per refill, microseconds) while a run's may be a plugin over Transit.
 *
 * <p>Parallelism turns one thread's work into wall time: the streams at once (one per API server; in sustained runs,
 * the listers for everything but the provider), capped for work on the harness (the client, and everything when the
 * API servers are the embedded stand-in in the harness's JVM) by the harness's processors less the cores its JIT
 * compiler kept busy in that phase (run.json phases[].jitCpuSeconds: a Go kube-apiserver compiles nothing at run time,
 * and the injection check showed the compiler's share missing from the model). Waiting on the provider is not capped.
 */
enum HotPath {
    KMS_DECRYPT("kms-decrypt", "KMS v2 Decrypt of a DEK seed after a restart (a DEK cache miss): gRPC over a Unix socket into the Transit-backed plugin", Runs.PROVIDER,
            "DecryptFanoutBenchmark.callers1 (sample, mode=DIRECT) at the run's Transit latency; for --embedded-kms in_process, "
                    + "EnvelopeBenchmark.decryptDekMiss (avgt, cipher=ACCP)",
            List.of(KmsCurves.SINGLE_CALLER, Benchmarks.DEK_MISS), "deltas.figures.apiserver_kms_decrypt_seconds", false,
            "deltas.figures.apiserver_kms_decrypts", "deltas.figures.provider_decrypts", "deltas.figures.transit_decrypt_items") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            if (run.option("embedded-kms").filter(k -> k.equals("in_process")).isPresent()) {
                return micro.find(Benchmarks.DEK_MISS, "avgt", Map.of("cipher", "ACCP"),
                        Map.of("payloadBytes", (double) run.objectBytes()));
            }
            return kms.transitLatencyMicros(run).flatMap(kms::singleCallerDirect);
        }
    },
    WATCH_CACHE_REFILL("watch-cache-refill", "an API server's watch-cache refill after a restart, per Secret: the store's snapshot, envelope decrypt, decode into the cache's object", Runs.APISERVER,
            "WatchCacheBenchmark.refill (avgt) at the corpus's size", List.of(Benchmarks.REFILL), "deltas.figures.from_storage_seconds", true,
            "deltas.figures.watch_cache_init_events", "deltas.figures.from_storage_transforms") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(Benchmarks.REFILL, "avgt", Map.of(),
                    Map.of("objects", (double) run.objects(), "payloadBytes", (double) run.objectBytes()));
        }
    },
    ENVELOPE_DECRYPT("envelope-decrypt", "envelope decrypt of one object read from etcd with a warm DEK cache (KDF memo, AES-GCM, protobuf)", Runs.APISERVER,
            "EnvelopeBenchmark.decrypt (avgt, cipher=ACCP)", List.of(Benchmarks.DECRYPT), "deltas.figures.from_storage_seconds", false,
            "deltas.figures.from_storage_transforms") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(Benchmarks.DECRYPT, "avgt", Map.of("cipher", "ACCP"),
                    Map.of("payloadBytes", (double) run.objectBytes()));
        }
    },
    LIST_ENCODE("list-encode", "watch-cache LIST serialisation of one object (the run's encoder; gzip when the client asks for it)", Runs.APISERVER,
            "ListEncodeBenchmark.encode (thrpt) with the run's encoder and gzip", List.of(Benchmarks.LIST_ENCODE), null, false, "objectReads") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            String encoder = run.target("listEncoder").orElse("streaming").toUpperCase(Locale.ROOT);
            String gzip = run.option("client-gzip").orElse("true");
            return micro.find(Benchmarks.LIST_ENCODE, "thrpt", Map.of("encoder", encoder, "gzip", gzip),
                    Map.of("objects", pageObjects(run), "payloadBytes", (double) run.objectBytes()));
        }
    },
    CLIENT_PARSE("client-parse", "the client parsing one listed object into fabric8's model (Jackson)", Runs.CLIENT,
            "ListDecodeBenchmark.jacksonParse (avgt)", List.of(Benchmarks.CLIENT_PARSE), null, false, "objectReads") {
        @Override
        Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms) {
            return micro.find(Benchmarks.CLIENT_PARSE, "avgt", Map.of(),
                    Map.of("objects", pageObjects(run), "payloadBytes", (double) run.objectBytes()));
        }
    };

    /** The micro benchmarks (Class.method) the hot paths read; HotPathBenchmarksTest checks that each exists. */
    static final class Benchmarks {
        static final String DEK_MISS = "EnvelopeBenchmark.decryptDekMiss";
        static final String DECRYPT = "EnvelopeBenchmark.decrypt";
        static final String REFILL = "WatchCacheBenchmark.refill";
        static final String LIST_ENCODE = "ListEncodeBenchmark.encode";
        static final String CLIENT_PARSE = "ListDecodeBenchmark.jacksonParse";

        private Benchmarks() {
        }
    }

    /** Where a hot path's work happens, which sets how much of it runs at once. */
    enum Runs { PROVIDER, APISERVER, CLIENT }

    final String id;
    final String description;
    final Runs runs;
    /** What {@link #micro} looks for, for the report's "missing" lines. */
    final String microWanted;
    /** The benchmarks (Class.method) {@link #micro} reads. */
    final List<String> benchmarks;
    /** Where run.json has the API servers' own measured seconds for it (a histogram's sum); null when they measure none. */
    final String serverSecondsField;
    /** The server's figure covers part of the hot path (the refill's decrypts): the hot path takes at least that long. */
    final boolean serverMeasuresPart;
    /** Where run.json counts it, in order of preference. */
    final List<String> countFields;

    HotPath(String id, String description, Runs runs, String microWanted, List<String> benchmarks, String serverSecondsField,
            boolean serverMeasuresPart, String... countFields) {
        this.id = id;
        this.description = description;
        this.runs = runs;
        this.microWanted = microWanted;
        this.benchmarks = benchmarks;
        this.serverSecondsField = serverSecondsField;
        this.serverMeasuresPart = serverMeasuresPart;
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
        return measured.map(total -> KMS_DECRYPT.serverSeconds(run).map(kms -> Quantity.exact(Math.max(0, total.value() - kms.value()), "s",
                new Source(total.source().file(), total.source().field() + " − " + kms.source().field()))).orElse(total));
    }

    /** How many times the run did this; empty when the run did not record it. */
    Optional<Quantity> count(MacroRun run) {
        return run.firstNumber("count", countFields.toArray(String[]::new));
    }

    /** The micro result that costs one operation for this run; empty when the micro inputs lack it. */
    abstract Optional<Result> micro(MacroRun run, MicroResults micro, KmsCurves kms);


    /** Macro operations one micro operation covers: its {@code objects} parameter (a list of them), else 1. */
    static double operationsPerResult(Result result) {
        String objects = result.param("objects");
        return objects.isEmpty() ? 1 : Double.parseDouble(objects);
    }

    /** The phase this runs in, for a scenario; empty for scenarios without a mapping. */
    Optional<String> phase(String scenario) {
        return switch (scenario) {
            case "cold-start" -> switch (this) {
                case KMS_DECRYPT, WATCH_CACHE_REFILL -> Optional.of("ready");
                case ENVELOPE_DECRYPT -> Optional.empty(); // within the refill
                case LIST_ENCODE, CLIENT_PARSE -> Optional.of("list");
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
     * Threads doing this at once in a phase of the run (see the class comment): on the harness, at most its processors
     * less the cores its JIT compiler kept busy in the phase (where the run recorded them).
     */
    double parallelism(MacroRun run, String phase) {
        boolean onHarness = runs == Runs.CLIENT || (runs == Runs.APISERVER && run.embedded());
        if (!onHarness) {
            return streams(run);
        }
        double jit = run.jitCores(phase).map(Quantity::value).orElse(0.0);
        return Math.min(streams(run), Math.max(1, run.harnessProcessors() - jit));
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
