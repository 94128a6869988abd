package dev.cpbench.macro.tenants;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pod {@code requests}/{@code limits} for one API server process from what a run observed, always a spec Kubernetes
 * accepts (limits ≥ requests): requests.memory = steady RSS + {@value #MEMORY_REQUEST_HEADROOM_PERCENT}%, limits.memory =
 * the peak RSS from the bootstrap on × the safety factor, at least requests.memory; requests.cpu = the steady CPU (cores,
 * rounded up to 10m), limits.cpu = the burst (the most cores used over one timeline interval from the bootstrap on,
 * bootstrap or load, whichever was busier), at least the steady CPU, rounded up to 100m. Memory is rounded up to whole
 * MiB. Each figure says which window set it.
 *
 * @param process          the API server (or "harness JVM" on the embedded stand-in)
 * @param steadyRssBytes   RSS at the end of the steady window
 * @param peakRssBytes     the highest RSS from the bootstrap's start to the run's last sample (load included)
 * @param steadyCores      CPU cores used on average over the steady window
 * @param burstCores       the most CPU cores used over one interval from the bootstrap's start to the last sample
 * @param safetyFactor     the multiplier of the peak for limits.memory
 * @param steadyWindow     where the steady figures come from ("load-start → post-load")
 * @param peakWindow       the window the peak RSS was seen in ("bootstrap", "after the bootstrap")
 * @param burstWindow      the window of the busiest interval
 */
record Sizing(
        String process,
        double steadyRssBytes,
        double peakRssBytes,
        double steadyCores,
        double burstCores,
        double safetyFactor,
        String steadyWindow,
        String peakWindow,
        String burstWindow) {
    static final int MEMORY_REQUEST_HEADROOM_PERCENT = 10;
    private static final double MIB = 1024.0 * 1024.0;

    String requestsMemory() {
        return quantity(requestsMebibytes(), "Mi");
    }

    /** The peak × the safety factor, raised to requests.memory when that is higher (steady RSS + headroom above the peak). */
    String limitsMemory() {
        return quantity(max(ceil(peakRssBytes * safetyFactor / MIB), requestsMebibytes()), "Mi");
    }

    String requestsCpu() {
        return millicores(steadyCores, 10);
    }

    /** The burst, raised to the steady CPU when the steady window averaged more than the busiest interval showed. */
    String limitsCpu() {
        return millicores(Double.isFinite(burstCores) ? max(burstCores, steadyCores) : Double.NaN, 100);
    }

    /** Which window set each figure, by the figure's JSON name. */
    Map<String, String> setBy() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(
                "requestsMemory",
                "steady RSS at the end of " + steadyWindow + " + " + MEMORY_REQUEST_HEADROOM_PERCENT + "%");
        out.put(
                "limitsMemory",
                Double.isFinite(peakRssBytes) && ceil(peakRssBytes * safetyFactor / MIB) < requestsMebibytes()
                        ? "requests.memory (the peak × " + factor() + " was below it)"
                        : "peak RSS " + peakWindow + " × " + factor());
        out.put("requestsCpu", "steady CPU over " + steadyWindow);
        out.put(
                "limitsCpu",
                Double.isFinite(burstCores) && steadyCores > burstCores
                        ? "steady CPU over " + steadyWindow + " (above the busiest interval)"
                        : "busiest interval " + burstWindow);
        return out;
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
        out.put("setBy", setBy());
        return out;
    }

    private double requestsMebibytes() {
        return ceil(steadyRssBytes * (1 + MEMORY_REQUEST_HEADROOM_PERCENT / 100.0) / MIB);
    }

    private String factor() {
        return String.format(Locale.US, "%.2f", safetyFactor);
    }

    /** The larger, but NaN when {@code a} is: a limit needs its own figure. */
    private static double max(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Rounds up, but not past a whole number that floating point missed by a hair (400 MiB × 1.1 is 440 MiB, not 441). */
    private static double ceil(double v) {
        return Double.isFinite(v) ? Math.ceil(v - 1e-9) : Double.NaN;
    }

    /** A whole number of {@code unit} ("440Mi"); "n/a" without a figure. */
    private static String quantity(double whole, String unit) {
        return Double.isFinite(whole) ? String.format(Locale.US, "%d%s", (long) whole, unit) : "n/a";
    }

    /** Kubernetes quantity in millicores, rounded up to {@code step}, at least {@code step}; "n/a" without a figure. */
    static String millicores(double cores, int step) {
        if (!Double.isFinite(cores)) {
            return "n/a";
        }
        long m = (long) ceil(Math.max(0, cores) * 1000 / step) * step;
        return Math.max(step, m) + "m";
    }
}
