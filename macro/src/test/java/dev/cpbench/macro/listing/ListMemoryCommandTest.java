package dev.cpbench.macro.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list-memory}: the whole encoder keeps at least the entire response alive while it writes, the
 * streaming and cached-bytes encoders stay within one item and buffers however long the list.
 */
class ListMemoryCommandTest {
    @Test
    void wholeHoldsTheResponseStreamingDoesNot(@TempDir Path out) throws IOException {
        int exit = MacroCli.commandLine().execute("list-memory", "--objects", "1000,6000", "--out", out.toString());

        assertThat(exit).isZero();
        List<String[]> rows = Files.readAllLines(TestRuns.onlyRunDir(out).resolve("list-memory.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .toList();
        assertThat(rows)
                .extracting(r -> r[0] + "@" + r[1])
                .containsExactly(
                        "whole@1000",
                        "streaming@1000",
                        "cached-bytes@1000",
                        "whole@6000",
                        "streaming@6000",
                        "cached-bytes@6000");
        for (String[] r : rows) {
            long response = Long.parseLong(r[3]);
            long extra = Long.parseLong(r[5]);
            if (r[0].equals("whole")) {
                assertThat(extra).as("whole at %s objects", r[1]).isGreaterThanOrEqualTo(response);
            } else {
                assertThat(extra).as("%s at %s objects", r[0], r[1]).isLessThan(1L << 20);
            }
        }
    }
}
