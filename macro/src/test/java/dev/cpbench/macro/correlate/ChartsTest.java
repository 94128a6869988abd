package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chart without data is neither written nor listed; the same report gives the same files, byte for byte. */
class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void withoutFanoutCurvesThereIsNoFanoutChart() throws Exception {
        Report sample = HtmlReportChromiumTest.sample();
        Report noFanout = new Report(
                sample.schemaVersion(),
                sample.inputs(),
                sample.runs(),
                sample.batching(),
                sample.diagnosis(),
                sample.scaling(),
                sample.latencyCurves(),
                List.of(),
                List.of());

        assertThat(Charts.write(noFanout, dir))
                .extracting(Report.Chart::name)
                .containsExactly("attribution", "latency", "decrypts-vs-corpus");
        assertThat(dir.resolve("charts/fanout.png")).doesNotExist();
        assertThat(dir.resolve("charts/fanout.svg")).doesNotExist();
    }

    @Test
    void anEmptyReportHasNoCharts() throws Exception {
        Report empty = new Report(
                Report.SCHEMA_VERSION,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());

        assertThat(Charts.write(empty, dir)).isEmpty();
    }

    @Test
    void theSameReportGivesTheSameBytes() throws Exception {
        Report sample = HtmlReportChromiumTest.sample();
        List<Report.Chart> first = Charts.write(sample, dir.resolve("first"));
        List<Report.Chart> second = Charts.write(sample, dir.resolve("second"));

        assertThat(second).isEqualTo(first);
        for (Report.Chart chart : first) {
            for (String file : List.of(chart.png(), chart.svg())) {
                assertThat(Files.readAllBytes(dir.resolve("second").resolve(file)))
                        .as(file)
                        .isEqualTo(Files.readAllBytes(dir.resolve("first").resolve(file)));
            }
        }
    }
}
