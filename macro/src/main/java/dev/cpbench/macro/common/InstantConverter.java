package dev.cpbench.macro.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** picocli: an ISO-8601 instant with an offset, {@code 2026-11-23T10:00:00Z} or {@code 2026-11-23T11:00:00+01:00}. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "expected an ISO-8601 time with an offset, e.g. 2026-11-23T10:00:00Z, got '" + value + "'");
        }
    }
}
