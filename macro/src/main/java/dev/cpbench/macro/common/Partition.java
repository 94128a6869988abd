package dev.cpbench.macro.common;

import picocli.CommandLine;

/**
 * This process's part of a run split over {@code count} processes ({@code --shard index/count}, index from 0):
 * the work items (objects, endpoints' lists, tenants, scheduled operations) whose number is {@code index}
 * modulo {@code count}. N processes with shards 0/N … N-1/N together do exactly the work one process does.
 */
public record Partition(int index, int count) {
    public static final Partition WHOLE = new Partition(0, 1);

    public Partition {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, got " + index + "/" + count);
        }
    }

    /** Whether item number {@code item} is this shard's. */
    public boolean owns(long item) {
        return item % count == index;
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** {@code I/N}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** Reads {@code I/N}. */
    public static Partition parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Partition(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("a shard is I/N with 0 <= I < N (e.g. 0/3), got '" + text + "'");
    }

    /** picocli: {@code --shard I/N}. */
    public static final class Converter implements CommandLine.ITypeConverter<Partition> {
        @Override
        public Partition convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
