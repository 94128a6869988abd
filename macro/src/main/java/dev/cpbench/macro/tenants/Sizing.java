package dev.cpbench.macro.tenants;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pod {@code requests}/{@code limits} for one API server process from what a run observed: requests.memory =
 * steady RSS + {@value #MEMORY_REQUEST_HEADROOM_PERCENT}%, limits.memory = the peak RSS from the bootstrap on × the safety
 * factor, requests.cpu = the steady CPU (cores, rounded up to 10m), limits.cpu = the bootstrap burst (the most
 * cores used over one timeline interval, rounded up to 100m). Memory is rounded up to whole MiB.
 *
 * @param process          the API server (or "harness JVM" on the embedded target)
 * @param steadyRssBytes   RSS at the end of the steady window
 * @param peakRssBytes     the highest RSS from the bootstrap's start to the run's last sample (load included)
 * @param steadyCores      CPU cores used on average over the steady window
 * @param burstCores       the most CPU cores used over one interval of the bootstrap
 * @param safetyFactor     the multiplier of the peak for limits.memory
 */
record Sizing(String process, double steadyRssBytes, double peakRssBytes, double steadyCores, double burstCores, double safetyFactor) {
    static final int MEMORY_REQUEST_HEADROOM_PERCENT = 10;
    private static final double MIB = 1024.0 * 1024.0;

    String requestsMemory() {
        return mebibytes(steadyRssBytes * (1 + MEMORY_REQUEST_HEADROOM_PERCENT / 100.0));
    }

    String limitsMemory() {
        return mebibytes(peakRssBytes * safetyFactor);
    }

    String requestsCpu() {
        return millicores(steadyCores, 10);
    }

    String limitsCpu() {
        return millicores(burstCores, 100);
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("process", process);
        out.put("steadyRssBytes", finite(steadyRssBytes));
        out.put("peakRssBytes", finite(peakRssBytes));
        out.put("steadyCores", finite(steadyCores));
        out.put("burstCores", finite(burstCores));
        out.put("safetyFactor", safetyFactor);
        out.put("requestsMemory", requestsMemory());
        out.put("limitsMemory", limitsMemory());
        out.put("requestsCpu", requestsCpu());
        out.put("limitsCpu", limitsCpu());
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Rounds up, but not past a whole number that floating point missed by a hair (400 MiB × 1.1 is 440 MiB, not 441). */
    private static long ceil(double v) {
        return (long) Math.ceil(v - 1e-9);
    }

    /** Kubernetes quantity in Mi, rounded up; "n/a" without a figure. */
    static String mebibytes(double bytes) {
        return Double.isFinite(bytes) ? String.format(Locale.US, "%dMi", ceil(bytes / MIB)) : "n/a";
    }

    /** Kubernetes quantity in millicores, rounded up to {@code step}, at least {@code step}; "n/a" without a figure. */
    static String millicores(double cores, int step) {
        if (!Double.isFinite(cores)) {
            return "n/a";
        }
        long m = ceil(Math.max(0, cores) * 1000 / step) * step;
        return Math.max(step, m) + "m";
    }
}
