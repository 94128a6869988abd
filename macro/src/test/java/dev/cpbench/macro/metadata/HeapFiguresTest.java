package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.fixtures.Deadline;
import org.junit.jupiter.api.Test;

/** The proxy's stop line reads back as the figures it was made of; other lines read as nothing. */
class HeapFiguresTest {
    @Test
    void theStopLineReadsBack() {
        HeapFigures figures = new HeapFigures(41.3, 64.0, 12, 34);

        assertThat(figures.line())
                .isEqualTo("peak heap used 41.3 MiB of 64.0 MiB (largest before a GC); 12 GCs took 34 ms");
        assertThat(HeapFigures.parse("metadata-proxy stopped: " + figures.line()))
                .contains(figures);
        assertThat(HeapFigures.parse("metadata-proxy listening on http://127.0.0.1:988 (upstream http://127.0.0.1:1)"))
                .isEmpty();
    }

    @Test
    void thePeakIsTheLargestHeapUseBeforeACollection() throws InterruptedException {
        HeapFigures.Watch watch = HeapFigures.watchThisJvm();
        long before = watch.figures().gcs();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1 << 20];
        }
        long heldBytes = (long) garbage.length << 20;
        System.gc();
        Deadline.await(
                () -> watch.figures().gcs() > before, () -> "no GC notice"); // notices arrive on their own thread
        assertThat(garbage[garbage.length - 1]).hasSize(1 << 20); // still held during that collection
        garbage = null;
        System.gc(); // now the heap holds less than before: the peak must come from the collections' notices
        Deadline.await(
                () -> watch.figures().peakUsedMib() >= heldBytes / (1024.0 * 1024.0),
                () -> "no GC notice saw the " + (heldBytes >> 20) + " MiB held");

        HeapFigures figures = watch.figures();
        assertThat(figures.gcs()).isGreaterThan(before);
        assertThat(figures.peakUsedMib()).isGreaterThanOrEqualTo(heldBytes / (1024.0 * 1024.0));
        assertThat(figures.peakUsedMib()).isLessThanOrEqualTo(figures.capMib());
    }
}
