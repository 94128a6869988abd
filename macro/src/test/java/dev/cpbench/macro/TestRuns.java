package dev.cpbench.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where a test's macro run wrote its results. */
public final class TestRuns {
    private TestRuns() {}

    /** The one run directory under {@code out} (a test that made more than one fails here). */
    public static Path onlyRunDir(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
