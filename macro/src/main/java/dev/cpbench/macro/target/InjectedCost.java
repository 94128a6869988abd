package dev.cpbench.macro.target;

import dev.cpbench.fixtures.cluster.Injection;
import dev.cpbench.macro.common.DurationConverter;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --inject} value, {@code HOT_PATH=+COST}: a known cost per operation added to one hot path of the
 * stand-in, to check that correlation attributes it there. Spelled back as given (run.json keeps it so).
 */
public record InjectedCost(Injection.Point point, Duration cost) {
    private static final String POINTS =
            Arrays.stream(Injection.Point.values()).map(p -> p.id).collect(Collectors.joining(", "));

    /**
     * Parses {@code list-encode=+50us} (the {@code +} is optional).
     *
     * @throws IllegalArgumentException naming what is wrong: no '=', an unknown hot path, a bad or zero duration
     */
    public static InjectedCost parse(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + value + "' is not HOT_PATH=+COST, e.g. list-encode=+50us");
        }
        Injection.Point point = Injection.Point.of(value.substring(0, eq).strip());
        if (point == null) {
            throw new IllegalArgumentException(
                    "'" + value + "': no hot path '" + value.substring(0, eq).strip() + "'; one of " + POINTS);
        }
        String cost = value.substring(eq + 1).strip();
        Duration duration;
        try {
            duration = new DurationConverter().convert(cost.startsWith("+") ? cost.substring(1) : cost);
        } catch (TypeConversionException e) {
            throw new IllegalArgumentException("'" + value + "': " + e.getMessage(), e);
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + value + "': an injected cost must be more than 0");
        }
        return new InjectedCost(point, duration);
    }

    /** The stand-in's injection for these values (a hot path given twice: the last wins). */
    public static Injection injection(List<InjectedCost> costs) {
        Map<Injection.Point, Duration> byPoint = new EnumMap<>(Injection.Point.class);
        costs.forEach(c -> byPoint.put(c.point, c.cost));
        return Injection.of(byPoint);
    }

    @Override
    public String toString() {
        return point.id + "=+" + DurationConverter.format(cost);
    }

    /** picocli's converter for {@code --inject}. */
    public static final class Converter implements ITypeConverter<InjectedCost> {
        @Override
        public InjectedCost convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
