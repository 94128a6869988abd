package dev.cpbench.macro.target;

import dev.cpbench.fixtures.listing.ListEncoder;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@link ListEncoder} by its label ({@code cached-bytes}) or its name, in any case. */
public final class ListEncoderConverter implements ITypeConverter<ListEncoder> {
    public static String label(ListEncoder encoder) {
        return encoder.name().toLowerCase(Locale.US).replace('_', '-');
    }

    @Override
    public ListEncoder convert(String value) {
        return Arrays.stream(ListEncoder.values())
                .filter(e -> label(e).equalsIgnoreCase(value) || e.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException("unknown encoder '" + value + "'; choose one of: "
                        + Arrays.stream(ListEncoder.values())
                                .map(ListEncoderConverter::label)
                                .collect(Collectors.joining(", "))));
    }
}
