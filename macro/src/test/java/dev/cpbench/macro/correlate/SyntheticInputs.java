package dev.cpbench.macro.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Synthetic correlation inputs with known answers: a JMH JSON file and macro run directories, written under {@code dir}. */
final class SyntheticInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    SyntheticInputs(Path dir) {
        this.dir = dir;
    }

    /** Rewrites a run's run.json. */
    void edit(Path run, Consumer<ObjectNode> change) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
        change.accept(json);
        JSON.writeValue(run.resolve("run.json").toFile(), json);
    }

    /** Rewrites every result of a JMH file. */
    void editMicro(Path file, Consumer<ObjectNode> change) throws IOException {
        JsonNode results = JSON.readTree(file.toFile());
        results.forEach(r -> change.accept((ObjectNode) r));
        JSON.writeValue(file.toFile(), results);
    }

    /**
     * DecryptFanoutBenchmark at Transit latency 0: one caller 10 ms per decrypt (0.1 ops/ms) direct, the coalesced
     * throughput given at every caller count; ListEncodeBenchmark 100-object lists at 10 lists/s (1 ms per object);
     * ListDecodeBenchmark 100-object parse at 50 ms (0.5 ms per object); WatchCacheBenchmark 1,000-object refill at
     * 500 ms; EnvelopeBenchmark decrypt at 1 µs; ListPageBenchmark 100-object pages using 200 ms of CPU each (50 ms
     * more than their encoding and parse); each with JMH's {@code scoreError} {@code error} (NaN, as JMH writes it for
     * one fork).
     */
    Path micro(String name, double coalescedOpsPerMs, double error) throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(result("kms.DecryptFanoutBenchmark.callers1", "sample", 1, 10.0, "ms/op", fanout("DIRECT")));
        for (int callers : new int[] {1, 8, 64}) {
            results.add(result(
                    "kms.DecryptFanoutBenchmark.callers" + callers, "thrpt", callers, 0.1, "ops/ms", fanout("DIRECT")));
            results.add(result(
                    "kms.DecryptFanoutBenchmark.callers" + callers,
                    "thrpt",
                    callers,
                    coalescedOpsPerMs,
                    "ops/ms",
                    fanout("COALESCE")));
        }
        results.add(result(
                "listing.ListEncodeBenchmark.encode",
                "thrpt",
                1,
                10.0,
                "ops/s",
                Map.of("encoder", "STREAMING", "gzip", "true", "objects", "100", "payloadBytes", "1024")));
        results.add(result(
                "listing.ListDecodeBenchmark.jacksonParse",
                "avgt",
                1,
                50.0,
                "ms/op",
                Map.of("objects", "100", "payloadBytes", "1024")));
        results.add(result(
                "listing.WatchCacheBenchmark.refill",
                "avgt",
                1,
                500.0,
                "ms/op",
                Map.of("objects", "1000", "payloadBytes", "1024")));
        results.add(result(
                "envelope.EnvelopeBenchmark.decrypt",
                "avgt",
                1,
                1000.0,
                "ns/op",
                Map.of("cipher", "ACCP", "payloadBytes", "1024", "dekSourceType", "HKDF_SHA256_XNONCE_AES_GCM_SEED")));
        Map<String, Object> page = result(
                "listing.ListPageBenchmark.page",
                "avgt",
                1,
                150_000.0,
                "us/op",
                Map.of("corpusObjects", "1000", "pageSize", "100", "payloadBytes", "1024", "gzip", "true"));
        page.put(
                "secondaryMetrics",
                Map.of(
                        "cpu.time.norm",
                        Map.of(
                                "score",
                                2e8,
                                "scoreError",
                                Double.isNaN(error) ? "NaN" : error * 1e6,
                                "scoreUnit",
                                "ns/op")));
        results.add(page);
        Path file = dir.resolve(name);
        results.forEach(r -> r.put(
                "primaryMetric",
                Map.of(
                        "score",
                        ((Map<?, ?>) r.get("primaryMetric")).get("score"),
                        "scoreError",
                        Double.isNaN(error) ? "NaN" : error,
                        "scoreUnit",
                        ((Map<?, ?>) r.get("primaryMetric")).get("scoreUnit"))));
        JSON.writeValue(file.toFile(), results);
        return file;
    }

    private static Map<String, String> fanout(String mode) {
        return Map.of("mode", mode, "transitLatencyMicros", "0", "windowMicros", "500", "maxBatch", "128");
    }

    private static Map<String, Object> result(
            String benchmark, String mode, int threads, double score, String unit, Map<String, String> params) {
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
     * A cold start through one embedded API server, pages of 100, 2 objects read per corpus object (two lists, so
     * objects ÷ 50 pages),
     * with {@code decrypts}=1,000 whose KMS latency sum is {@code decryptSeconds}, every object loaded into the cache once.
     */
    Path run(String name, long objects, double readySeconds, double listSeconds, double decryptSeconds)
            throws IOException {
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
        json.put("endpoints", List.of(Map.of("name", "apiserver-0", "pages", objects / 50, "errorsByKind", Map.of())));
        json.put(
                "deltas",
                Map.of(
                        "figures",
                        Map.of(
                                "apiserver_kms_decrypts",
                                1000.0,
                                "apiserver_kms_decrypt_seconds",
                                decryptSeconds,
                                "provider_decrypts",
                                1000.0,
                                "watch_cache_init_events",
                                (double) objects,
                                "from_storage_transforms",
                                (double) objects)));
        JSON.writeValue(run.resolve("run.json").toFile(), json);
        Files.writeString(
                run.resolve("phases.csv"),
                "phase,start_utc,end_utc,seconds\n" + "restart,a,b,0.000\nready,a,b," + readySeconds + "\nlist,a,b,"
                        + listSeconds + "\nsettle,a,b,2.000\n");
        return run;
    }
}
