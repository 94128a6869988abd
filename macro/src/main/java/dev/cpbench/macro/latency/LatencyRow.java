package dev.cpbench.macro.latency;

/** Percentiles of one operation kind at one endpoint (or "all"), in milliseconds. */
public record LatencyRow(
        String operation,
        String endpoint,
        long count,
        double p50Ms,
        double p90Ms,
        double p95Ms,
        double p99Ms,
        double maxMs) {
    public static final String CSV_HEADER = "operation,endpoint,count,p50_ms,p90_ms,p95_ms,p99_ms,max_ms";

    public String csv() {
        return String.join(
                ",", operation, endpoint, Long.toString(count), ms(p50Ms), ms(p90Ms), ms(p95Ms), ms(p99Ms), ms(maxMs));
    }

    static String ms(double v) {
        return String.format(java.util.Locale.US, "%.3f", v);
    }
}
