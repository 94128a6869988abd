package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The proxy's stop line reads back as the figures it was made of; other lines read as nothing. */
class HeapFiguresTest {
    @Test
    void theStopLineReadsBack() {
        HeapFigures figures = new HeapFigures(41.3, 64.0, 12, 34);

        assertThat(figures.line()).isEqualTo("peak heap used 41.3 MiB of 64.0 MiB (sum of the heap pools' peaks); 12 GCs took 34 ms");
        assertThat(HeapFigures.parse("metadata-proxy stopped: " + figures.line())).contains(figures);
        assertThat(HeapFigures.parse("metadata-proxy listening on http://127.0.0.1:988 (upstream http://127.0.0.1:1)")).isEmpty();
    }

    @Test
    void thisJvmHasAHeap() {
        HeapFigures figures = HeapFigures.ofThisJvm();

        assertThat(figures.peakUsedMib()).isPositive();
        assertThat(figures.capMib()).isGreaterThanOrEqualTo(figures.peakUsedMib() / 2);
    }
}
