package dev.cpbench.macro.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses byte sizes as Kubernetes quantities write them, binary suffixes only: {@code 65536}, {@code 64Ki}, {@code 4Mi}, {@code 1Gi}. */
public final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(Ki|Mi|Gi)?");

    @Override
    public Long convert(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a byte size; write e.g. 65536, 64Ki, 4Mi or 1Gi");
        }
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    default -> 30;
                };
        return Long.parseLong(m.group(1)) << shift;
    }
}
