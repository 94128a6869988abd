package dev.cpbench.macro.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Corpus size tiers (design.md): ci 500, extended 2,000, nightly 10,000, design-proof 100,000 objects. */
public enum Tier {
    CI("ci", 500),
    EXTENDED("extended", 2_000),
    NIGHTLY("nightly", 10_000),
    DESIGN_PROOF("design-proof", 100_000);

    private final String label;
    private final int objects;

    Tier(String label, int objects) {
        this.label = label;
        this.objects = objects;
    }

    public int objects() {
        return objects;
    }

    @Override
    public String toString() {
        return label;
    }

    /** picocli converter: accepts the labels ("design-proof"), in any case. */
    public static final class Converter implements ITypeConverter<Tier> {
        @Override
        public Tier convert(String value) {
            return Arrays.stream(values())
                    .filter(t -> t.label.equalsIgnoreCase(value))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("unknown tier '" + value + "'; choose one of: "
                            + Arrays.stream(values()).map(Tier::toString).collect(Collectors.joining(", "))));
        }
    }
}
