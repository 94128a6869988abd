package dev.cpbench.macro.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * requests.memory = steady RSS + 10%, limits.memory = peak × safety factor (whole MiB, rounded up);
 * requests.cpu = steady cores in steps of 10m, limits.cpu = the burst in steps of 100m; no figure, "n/a".
 */
class SizingTest {
    private static final double MIB = 1024 * 1024;

    @Test
    void quantitiesFollowTheRules() {
        Sizing s = new Sizing("apiserver-0", 1000 * MIB, 1200 * MIB, 0.123, 1.71, 1.5);

        assertThat(s.requestsMemory()).isEqualTo("1100Mi");
        assertThat(s.limitsMemory()).isEqualTo("1800Mi");
        assertThat(s.requestsCpu()).isEqualTo("130m");
        assertThat(s.limitsCpu()).isEqualTo("1800m");
    }

    @Test
    void aWholeResultIsNotRoundedUpPastItself() {
        Sizing s = new Sizing("apiserver-0", 400 * MIB, 400 * MIB, 0.3, 0.7, 1.5);

        assertThat(s.requestsMemory()).isEqualTo("440Mi"); // 400 × 1.1 is 440.00000000000006 in floating point
        assertThat(s.requestsCpu()).isEqualTo("300m");
        assertThat(s.limitsCpu()).isEqualTo("700m");
    }

    @Test
    void smallAndMissingFiguresStaySensible() {
        Sizing s = new Sizing("apiserver-0", 1.5 * MIB, Double.NaN, 0.0001, Double.NaN, 2);

        assertThat(s.requestsMemory()).isEqualTo("2Mi");
        assertThat(s.limitsMemory()).isEqualTo("n/a");
        assertThat(s.requestsCpu()).isEqualTo("10m");
        assertThat(s.limitsCpu()).isEqualTo("n/a");
    }
}
