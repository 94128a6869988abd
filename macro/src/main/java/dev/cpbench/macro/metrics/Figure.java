package dev.cpbench.macro.metrics;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * A figure read from one scrape. Each has the series it is read from, in order of preference: the Go
 * process's name first (a real API server, plugin or OpenBao), then the JVM equivalent the embedded stand-in
 * serves, then cpbench's own plugin and Transit mock counters.
 */
public enum Figure {
    CPU_SECONDS("cpu_seconds", series("process_cpu_seconds_total")),
    RSS_BYTES("rss_bytes", series("process_resident_memory_bytes")),
    HEAP_BYTES(
            "heap_bytes",
            series("go_memstats_heap_inuse_bytes"),
            series("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))),
    THREADS("goroutines_or_threads", series("go_goroutines"), series("jvm_threads_current")),
    OPEN_FDS("open_fds", series("process_open_fds")),
    /** Decrypt calls the API server made to its KMS plugin: its own KMS latency histogram's count. */
    APISERVER_KMS_DECRYPTS(
            "apiserver_kms_decrypts",
            series(
                    "apiserver_envelope_encryption_kms_operations_latency_seconds_count",
                    l -> l.getOrDefault("method_name", "").endsWith("/Decrypt"))),
    APISERVER_KMS_DECRYPT_SECONDS(
            "apiserver_kms_decrypt_seconds",
            series(
                    "apiserver_envelope_encryption_kms_operations_latency_seconds_sum",
                    l -> l.getOrDefault("method_name", "").endsWith("/Decrypt"))),
    /** Values read from storage through a transformer (every object a watch-cache fill decodes). */
    FROM_STORAGE_TRANSFORMS(
            "from_storage_transforms",
            series(
                    "apiserver_storage_transformation_operations_total",
                    l -> "from_storage".equals(l.get("transformation_type")))),
    /** Seconds the API server spent in those transformations: its own {@code RecordTransformation} histogram's sum. */
    FROM_STORAGE_SECONDS(
            "from_storage_seconds",
            series(
                    "apiserver_storage_transformation_duration_seconds_sum",
                    l -> "from_storage".equals(l.get("transformation_type")))),
    /** Secrets a watch-cache fill loaded from its snapshot: the cacher's init events. */
    WATCH_CACHE_INIT_EVENTS(
            "watch_cache_init_events", series("apiserver_init_events_total", l -> "secrets".equals(l.get("resource")))),
    /** Body bytes the API servers' Secret LIST answers wrote, after gzip (the bytes on the wire): their response-size histogram's sum. */
    LIST_RESPONSE_BYTES("list_response_bytes", series("apiserver_response_sizes_sum", Figure::secretLists)),
    /** Secret LIST answers those bytes were in (pages served). */
    LIST_RESPONSES("list_responses", series("apiserver_response_sizes_count", Figure::secretLists)),
    /** Decrypt RPCs a KMS v2 plugin served: cpbench's plugin, or vault-kubernetes-kms. */
    PROVIDER_DECRYPTS(
            "provider_decrypts",
            series("cpbench_kms_plugin_rpcs_total", l -> "Decrypt".equals(l.get("method"))),
            series("vault_kubernetes_kms_decryption_operation_duration_seconds_count")),
    /** Decrypt HTTP requests Transit answered (one per plugin call, or one per batch_input). */
    TRANSIT_DECRYPT_REQUESTS(
            "transit_decrypt_requests",
            series("cpbench_transit_requests_total", l -> "decrypt".equals(l.get("operation")))),
    TRANSIT_DECRYPT_ITEMS(
            "transit_decrypt_items", series("cpbench_transit_items_total", l -> "decrypt".equals(l.get("operation"))));

    /** The figures that describe the process a scrape came from. */
    public static final List<Figure> PROCESS = List.of(CPU_SECONDS, RSS_BYTES, HEAP_BYTES, THREADS, OPEN_FDS);

    private record Series(String name, Predicate<Map<String, String>> labels) {}

    private final String column;
    private final List<Series> series;

    Figure(String column, Series... series) {
        this.column = column;
        this.series = List.of(series);
    }

    /** snake_case name used in CSV headers and run.json. */
    public String column() {
        return column;
    }

    /** Names of the series this figure is read from, for "missing metric" messages. */
    public String seriesNames() {
        return String.join(" or ", series.stream().map(Series::name).toList());
    }

    /** Whether a delta of this figure across a process restart must treat a drop as a counter reset. */
    public boolean isCounter() {
        return this != RSS_BYTES && this != HEAP_BYTES && this != THREADS && this != OPEN_FDS;
    }

    /** Whether {@code text} serves any series of this figure's names, whatever their labels. */
    public boolean familyServed(PrometheusText text) {
        return series.stream().anyMatch(s -> text.has(s.name));
    }

    public OptionalDouble read(PrometheusText text) {
        for (Series s : series) {
            OptionalDouble v = text.sum(s.name, s.labels);
            if (v.isPresent()) {
                return v;
            }
        }
        return OptionalDouble.empty();
    }

    private static Series series(String name) {
        return new Series(name, l -> true);
    }

    /** The series of Secret LIST requests. */
    private static boolean secretLists(Map<String, String> labels) {
        return "LIST".equals(labels.get("verb")) && "secrets".equals(labels.get("resource"));
    }

    private static Series series(String name, Predicate<Map<String, String>> labels) {
        return new Series(name, labels);
    }
}
