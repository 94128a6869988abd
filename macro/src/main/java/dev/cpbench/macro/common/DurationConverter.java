package dev.cpbench.macro.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as engineers write them: {@code 500us}, {@code 1ms}, {@code 2s}, {@code 5m}, {@code 0}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ns|us|µs|ms|s|m)?");

    /** The shortest exact spelling in the same units, e.g. {@code 500us}, {@code 1ms}, {@code 2s}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns % 1_000_000_000 == 0) {
            return ns / 1_000_000_000 + "s";
        }
        if (ns % 1_000_000 == 0) {
            return ns / 1_000_000 + "ms";
        }
        return ns % 1_000 == 0 ? ns / 1_000 + "us" : ns + "ns";
    }

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches() || (m.group(2) == null && Long.parseLong(m.group(1)) != 0)) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500us, 1ms, 2s or 5m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us", "µs" -> Duration.ofNanos(n * 1_000);
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
