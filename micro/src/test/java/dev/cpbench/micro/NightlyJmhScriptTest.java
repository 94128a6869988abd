package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/nightly-jmh.sh} night after night, with a fake {@code jmh.sh} beside it: the screen compares
 * tonight only with the last nightly on the same machine (the CPU and JDK {@code --record} wrote in the history),
 * because hosted runners change CPU between nights and another CPU's scores say nothing of the code.
 */
@Timeout(120)
class NightlyJmhScriptTest {
    /**
     * Plays {@code jmh.sh}: {@code --record} writes a result naming the night ($NIGHT) and appends a history run
     * on $CPU; {@code --against} logs the reference it was given (by content) and exits $SCREEN_EXIT with one flagged
     * result; {@code --compare} logs its commit and exits $CONFIRM_EXIT; {@code --trend} succeeds.
     */
    private static final String FAKE_JMH = """
            #!/usr/bin/env bash
            set -euo pipefail
            while [[ "$1" == --no-build ]]; do shift; done
            case "$1" in
              --record)
                mkdir -p "$3"; echo "[\\"$NIGHT\\"]" > "$3/$NIGHT.json"
                echo "{\\"cpu\\": \\"$CPU\\", \\"jdk\\": \\"17.0.13\\", \\"results\\": []}" >> "$CPBENCH_HISTORY" ;;
              --against)
                echo "screen against $(cat "$2")" >> "$LOG"; mkdir -p "$6"
                echo '{"results": [{"verdict": "regression", "allocVerdict": "no change",
                  "key": {"benchmark": "a.B.c", "mode": "avgt", "params": {"n": "1"}}}]}' > "$6/compare.json"
                exit "$SCREEN_EXIT" ;;
              --compare) echo "confirm against $2" >> "$LOG"; exit "$CONFIRM_EXIT" ;;
              --trend) ;;
              *) echo "fake jmh.sh: unexpected $*" >&2; exit 9 ;;
            esac
            """;

    @TempDir
    Path tmp;

    private Path root;
    private String commit;

    @BeforeEach
    void checkoutWithAFakeJmh() throws Exception {
        root = ScriptRun.checkoutWithFakeJmh(tmp, "nightly-jmh.sh", FAKE_JMH);
        commit = ScriptRun.git(root, "rev-parse", "HEAD");
    }

    @Test
    void screensOnlyAgainstTheLastNightOnTheSameMachine() throws Exception {
        Path state = tmp.resolve("state");

        assertThat(night(state, "n1", "AMD EPYC (aes avx2 avx512f)", 0, 0)).isZero();
        assertThat(night(state, "n2", "AMD EPYC (aes avx2)", 0, 0)).isZero();
        assertThat(log()).as("two machines, each new: nothing screened").isEmpty();

        assertThat(night(state, "n3", "AMD EPYC (aes avx2 avx512f)", 1, 1))
                .as("a regression the screen flags and --compare confirms")
                .isEqualTo(1);
        assertThat(log()).containsExactly("screen against [\"n1\"]", "confirm against " + commit);

        assertThat(night(state, "n4", "AMD EPYC (aes avx2)", 0, 0)).isZero();
        assertThat(log()).last().isEqualTo("screen against [\"n2\"]");
        try (var references = Files.list(state.resolve("references"))) {
            assertThat(references.map(r -> read(r.resolve("machine.txt"))))
                    .containsExactlyInAnyOrder(
                            "AMD EPYC (aes avx2 avx512f), JDK 17.0.13\n", "AMD EPYC (aes avx2), JDK 17.0.13\n");
        }
    }

    @Test
    void anInconclusiveConfirmationIsExitThreeAndTheOldSingleReferenceIsNotUsed() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files.writeString(state.resolve("last-nightly.json"), "[\"another machine's\"]");
        Files.writeString(state.resolve("last-nightly.commit"), commit);

        assertThat(night(state, "n1", "Intel Xeon (aes avx2)", 3, 3)).isZero();
        assertThat(state.resolve("last-nightly.json")).doesNotExist();
        assertThat(night(state, "n2", "Intel Xeon (aes avx2)", 3, 3)).isEqualTo(3);
        assertThat(log()).containsExactly("screen against [\"n1\"]", "confirm against " + commit);
    }

    /** One night of the script on a machine with that CPU; its exit code. */
    private int night(Path state, String name, String cpu, int screenExit, int confirmExit) throws Exception {
        return ScriptRun.run(
                        List.of(
                                "bash",
                                root.resolve("scripts/nightly-jmh.sh").toString(),
                                state.toString(),
                                tmp.resolve("out-" + name).toString()),
                        Map.of(
                                "NIGHT", name,
                                "CPU", cpu,
                                "LOG", tmp.resolve("log").toString(),
                                "SCREEN_EXIT", String.valueOf(screenExit),
                                "CONFIRM_EXIT", String.valueOf(confirmExit)),
                        1)
                .exit();
    }

    private List<String> log() throws IOException {
        Path log = tmp.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
