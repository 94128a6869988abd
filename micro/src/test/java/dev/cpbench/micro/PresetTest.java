package dev.cpbench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run settings live in {@link Preset}: each preset fills in what the command line leaves unset, option by
 * option, and {@code java -jar benchmarks.jar} ({@link BenchmarksMain}) gets the full preset as {@code ./jmh.sh} does.
 */
@Timeout(30)
class PresetTest {
    private static final String CPU = ProcessCpuProfiler.class.getName();

    @Test
    void fillsInEverySettingTheArgumentsLeaveUnset() throws Exception {
        assertThat(Preset.FULL.withDefaults(new String[] {"EnvelopeBenchmark"}))
                .containsExactly(
                        "EnvelopeBenchmark",
                        "-f",
                        "3",
                        "-wi",
                        "3",
                        "-w",
                        "2s",
                        "-i",
                        "5",
                        "-r",
                        "2s",
                        "-jvmArgsAppend",
                        "-Xms1g -Xmx1g",
                        "-prof",
                        "gc",
                        "-prof",
                        CPU);
        assertThat(Preset.COMPARE.withDefaults(new String[] {"X"}))
                .containsSubsequence("-foe", "true")
                .doesNotContain("-f");
    }

    @Test
    void anOptionGivenReplacesThePresetsOwn() throws Exception {
        assertThat(Preset.QUICK.withDefaults(
                        new String[] {"X", "-f1", "-r", "5s", "-jvmArgs", "-Xmx4g", "-prof", "gc"}))
                .containsExactly(
                        "X",
                        "-f1",
                        "-r",
                        "5s",
                        "-jvmArgs",
                        "-Xmx4g",
                        "-prof",
                        "gc",
                        "-wi",
                        "1",
                        "-w",
                        "3s",
                        "-i",
                        "1",
                        "-prof",
                        CPU);
        assertThat(Preset.SMOKE.withDefaults(
                        new String[] {"X", "-prof", "org.openjdk.jmh.profile.GCProfiler", "-prof", CPU}))
                .containsOnlyOnce("-jvmArgsAppend")
                .doesNotContain("gc")
                .containsOnlyOnce(CPU);
    }

    @Test
    void theJarsMainAppliesTheFullPresetButNotToListsOrHelp() throws Exception {
        assertThat(BenchmarksMain.withDefaults(new String[] {"X"}))
                .containsExactly(Preset.FULL.withDefaults(new String[] {"X"}));
        assertThat(BenchmarksMain.withDefaults(new String[] {"-l"})).containsExactly("-l");
        assertThat(BenchmarksMain.withDefaults(new String[] {"-h"})).containsExactly("-h");
        assertThat(BenchmarksMain.withDefaults(new String[] {"-f", "many"})).containsExactly("-f", "many");
    }

    @Test
    void anUnknownPresetNamesTheChoices() {
        assertThat(Preset.named("quick")).isEqualTo(Preset.QUICK);
        assertThatThrownBy(() -> Preset.named("fast"))
                .hasMessage("unknown preset 'fast'; choose one of: full, quick, smoke, compare");
    }
}
