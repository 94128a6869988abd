package dev.cpbench.macro.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.correlate.AttributionValidation.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic runs with known answers (SyntheticInputs: one API server, 1,000 Secrets, 2,000 objects listed, list-encode
 * 1 ms per object, a 20 s window): an injection whose added wall time the model puts where it was added is recovered,
 * one whose time went elsewhere is not, one inside the baselines' spread cannot be told.
 */
class AttributionValidationTest {
    @TempDir
    Path dir;

    @Test
    void anInjectionAttributedToItsHotPathIsRecovered() throws IOException {
        Row row = againstOneBaseline("list-encode=+1ms", 10.0, 12.0, 10.0);

        assertThat(row.injected()).isEqualTo("list-encode=+1ms");
        assertThat(row.carrier()).isEqualTo("list-encode");
        assertThat(row.addedSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(row.phase()).isEqualTo("list");
        assertThat(row.phaseAddedSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(row.attributedSeconds()).as("2,000 objects × 1 ms ÷ 1").isCloseTo(2.0, within(1e-9));
        assertThat(row.elsewhereSeconds()).isCloseTo(0.0, within(1e-9));
        assertThat(row.serverMeasured()).isFalse();
        assertThat(row.verdict()).isEqualTo("recovered");
    }

    @Test
    void anInjectionWhoseTimeTheModelPutsElsewhereOrMissesIsNotRecovered() throws IOException {
        Row row = againstOneBaseline("list-encode=+1ms", 10.0, 18.0, 10.0);

        assertThat(row.attributedShare()).isCloseTo(0.25, within(1e-9));
        assertThat(row.verdict()).isEqualTo("not recovered");
        assertThat(row.why()).contains("25% on list-encode (needs 80-120%)");
    }

    /** The servers measure their KMS Decrypts: the term is their figure, which knows nothing of the injection. */
    @Test
    void aKmsWaitIsRecoveredFromTheServersOwnHistogram() throws IOException {
        Row row = againstOneBaseline("kms-decrypt=+2ms", 12.0, 10.0, 12.0);

        assertThat(row.serverMeasured()).isTrue();
        assertThat(row.attributedSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(row.verdict()).isEqualTo("recovered");
    }

    /** A cold start's envelope decrypts are inside its refill: that term carries them. */
    @Test
    void aColdStartsEnvelopeDecryptsAreCarriedByTheRefill() throws IOException {
        Row row = againstOneBaseline("envelope-decrypt=+1ms", 11.0, 10.0, 10.0);

        assertThat(row.hotPath()).isEqualTo("envelope-decrypt");
        assertThat(row.carrier()).isEqualTo("watch-cache-refill");
        assertThat(row.phase()).isEqualTo("ready");
    }

    @Test
    void anAdditionWithinTheBaselinesSpreadCannotBeTold() throws IOException {
        SyntheticInputs in = new SyntheticInputs(dir);
        Path micro = in.micro("a.json", 0.2, 0.0);
        Path fast = in.run("base-a", 1000, 10.0, 9.0, 10.0);
        Path slow = in.run("base-b", 1000, 10.0, 13.0, 10.0);
        Path injected = injected(in, "encode", "list-encode=+1ms", 10.0, 13.0, 10.0);

        Row row = AttributionValidation.validate(List.of(micro), List.of(fast, slow), List.of(injected))
                .get(0);

        assertThat(row.baselineSpreadSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(row.verdict()).isEqualTo("too small to tell");
    }

    @Test
    void aBaselineThatInjectsOrAnInjectedRunWithoutItsBaselineIsATypedError() throws IOException {
        SyntheticInputs in = new SyntheticInputs(dir);
        Path micro = in.micro("a.json", 0.2, 0.0);
        Path base = in.run("base", 1000, 10.0, 10.0, 10.0);
        Path injected = injected(in, "encode", "list-encode=+1ms", 10.0, 12.0, 10.0);
        Path other = in.run("other-size", 2000, 10.0, 12.0, 10.0);
        in.edit(
                other,
                json -> ((ObjectNode) json.path("options")).putArray("inject").add("list-encode=+1ms"));

        assertThatThrownBy(() -> AttributionValidation.validate(List.of(micro), List.of(injected), List.of(injected)))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining("a baseline must inject nothing");
        assertThatThrownBy(() -> AttributionValidation.validate(List.of(micro), List.of(base), List.of(other)))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining("other-size")
                .hasMessageContaining("no baseline run of the same set-up (cold-start, 2000 objects");
        assertThatThrownBy(() -> AttributionValidation.validate(List.of(micro), List.of(base), List.of(base)))
                .isInstanceOf(CorrelationInputException.class)
                .hasMessageContaining("must inject into exactly one hot path");
    }

    @Test
    void theCommandWritesTheTableAndExitsOneWhenARowIsNotRecovered() throws IOException {
        SyntheticInputs in = new SyntheticInputs(dir);
        Path micro = in.micro("a.json", 0.2, 0.0);
        Path base = in.run("base", 1000, 10.0, 10.0, 10.0);
        Path good = injected(in, "encode", "list-encode=+1ms", 10.0, 12.0, 10.0);
        Path bad = injected(in, "parse", "client-parse=+1ms", 10.0, 18.0, 10.0);
        Path out = dir.resolve("validation");

        int recovered = MacroCli.commandLine()
                .execute(
                        "validate-attribution",
                        "--micro",
                        micro.toString(),
                        "--baseline",
                        base.toString(),
                        "--injected",
                        good.toString(),
                        "--out",
                        out.toString());
        int notRecovered = MacroCli.commandLine()
                .execute(
                        "validate-attribution",
                        "--micro",
                        micro.toString(),
                        "--baseline",
                        base.toString(),
                        "--injected",
                        good + "," + bad,
                        "--out",
                        out.toString());
        int unusable = MacroCli.commandLine()
                .execute(
                        "validate-attribution",
                        "--micro",
                        micro.toString(),
                        "--baseline",
                        good.toString(),
                        "--injected",
                        good.toString(),
                        "--out",
                        out.toString());

        assertThat(recovered).isZero();
        assertThat(notRecovered).isEqualTo(1);
        assertThat(unusable).isEqualTo(2);
        assertThat(Files.readString(out.resolve("validation.md")))
                .contains(
                        "| list-encode=+1ms | list-encode | 1/1 | 20.000 s (spread 0.000) → 22.000 s | 2.000 s | list +2.000 s | 2.000 s (100%) |")
                .contains("| client-parse=+1ms | client-parse |")
                .contains("not recovered");
        assertThat(out.resolve("validation.json")).isNotEmptyFile();
    }

    /** One injected run (phases and KMS seconds as given) against the 20 s baseline. */
    private Row againstOneBaseline(String injection, double ready, double list, double kmsSeconds) throws IOException {
        SyntheticInputs in = new SyntheticInputs(dir);
        Path micro = in.micro("a.json", 0.2, 0.0);
        Path base = in.run("base", 1000, 10.0, 10.0, 10.0);
        Path injected = injected(in, "injected", injection, ready, list, kmsSeconds);
        return AttributionValidation.validate(List.of(micro), List.of(base), List.of(injected))
                .get(0);
    }

    /** A run with one injection, its phases and KMS seconds as given. */
    private static Path injected(
            SyntheticInputs in, String name, String injection, double ready, double list, double kmsSeconds)
            throws IOException {
        Path run = in.run(name, 1000, ready, list, kmsSeconds);
        in.edit(
                run,
                json -> ((ObjectNode) json.path("options")).putArray("inject").add(injection));
        return run;
    }
}
