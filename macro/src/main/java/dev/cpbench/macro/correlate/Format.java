package dev.cpbench.macro.correlate;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the report prints figures (report.json keeps them unrounded): seconds and costs to three significant
 * digits in a unit a person reads (ns, µs, ms, s), shares to 0.1%, whole numbers with thousands separators.
 */
final class Format {
    /** Said at the top of every rendering when a run's figures are the embedded stand-in's. */
    static final String EMBEDDED_BANNER = "Macro figures from the embedded stand-in, not a real cluster";

    static final String EMBEDDED_DETAIL = "API servers, KMS plugin, Transit and the client share one machine's cores.";

    private Format() {}

    /** {@code 3.33: apiServers 1.02, eventLoops 0.61, …} (CPU seconds, their total first), or — when the run did not record it. */
    static String cpuByThreads(Map<String, Double> split) {
        if (split.isEmpty()) {
            return "—";
        }
        double total = split.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format(Locale.US, "%.2f: ", total)
                + split.entrySet().stream()
                        .map(e -> String.format(Locale.US, "%s %.2f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    /** {@code 0.0231} → {@code 23.1 ms}; {@code 1.2e-6} → {@code 1.20 µs}. */
    static String seconds(double s) {
        double abs = Math.abs(s);
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            return "unbounded";
        }
        if (abs < 1e-12) {
            return "0 s";
        }
        if (abs >= 1) {
            return String.format(Locale.US, "%.3g s", s);
        }
        if (abs >= 1e-3) {
            return String.format(Locale.US, "%.3g ms", s * 1e3);
        }
        if (abs >= 1e-6) {
            return String.format(Locale.US, "%.3g µs", s * 1e6);
        }
        return String.format(Locale.US, "%.3g ns", s * 1e9);
    }

    /** A percentile as written after a p: {@code 99.9} → {@code 99.9}, {@code 50.0} → {@code 50}. */
    static String percentile(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    /** A fraction as a percentage: {@code 0.0123} → {@code 1.2%}. */
    static String share(double fraction) {
        return percent(100 * fraction);
    }

    /** A fraction as a whole percentage, never "-0%": {@code -0.004} → {@code 0%}; NaN → {@code –}. */
    static String wholePercent(double fraction) {
        return Double.isNaN(fraction) ? "–" : Math.round(100 * fraction) + "%";
    }

    static String percent(double percent) {
        return String.format(Locale.US, "%.1f%%", percent);
    }

    /** A count or any other figure: {@code 150000} → {@code 150,000}; fractions keep three significant digits. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.US, "%,d", (long) v)
                : String.format(Locale.US, "%.3g", v);
    }

    /** {@code value [low – high]} in seconds, just the value when it is exact, {@code value (error unknown)}. */
    static String interval(Report.Quantity q) {
        if (q.errorUnknown()) {
            return seconds(q.value()) + " (error unknown)";
        }
        return q.low() == q.high()
                ? seconds(q.value())
                : seconds(q.value()) + " [" + seconds(q.low()) + " – " + seconds(q.high()) + "]";
    }

    /** A term's server-measured seconds ({@code ≥ … (part)} when they cover part of it), {@code –} without a histogram. */
    static String server(Report.Term term) {
        if (term.serverSeconds() == null) {
            return "–";
        }
        return term.serverPartial()
                ? "≥ " + seconds(term.serverSeconds().value()) + " (part)"
                : seconds(term.serverSeconds().value());
    }

    /** A ratio to three significant digits ({@code 0.0303} → {@code 0.0303}), or {@code –} when undefined. */
    static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.US, "%.3g", r);
    }

    /** A value of a scaling fit in its unit: a count, or seconds. */
    static String fitted(Report.Fit fit, double v) {
        return fit.unit().equals("count") ? number(v) : seconds(v);
    }
}
