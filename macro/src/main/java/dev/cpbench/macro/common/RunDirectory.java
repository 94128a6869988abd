package dev.cpbench.macro.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Where a command's outputs go: {@code <out>/<name>-<UTC time>/}, so runs never overwrite each other. */
public final class RunDirectory {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunDirectory() {}

    /** Creates {@code <out>/<name>-<at, UTC>/} and returns it. */
    public static Path create(Path out, String name, Instant at) throws IOException {
        return Files.createDirectories(out.resolve(name + "-" + TIME.format(at)));
    }
}
