package dev.cpbench.macro.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * requests.memory = steady RSS + 10%, limits.memory = peak × safety factor (whole MiB, rounded up), at least
 * requests.memory; requests.cpu = steady cores in steps of 10m, limits.cpu = the burst in steps of 100m, at least the
 * steady cores; every figure names the window that set it; no figure, "n/a".
 */
class SizingTest {
    private static final double MIB = 1024 * 1024;
    private static final String STEADY = "load-start → post-load";
    private static final String DURING = "during the bootstrap";
    private static final String AFTER = "after the bootstrap";

    @Test
    void quantitiesFollowTheRules() {
        Sizing s = sizing(1000 * MIB, 1200 * MIB, 0.123, 1.71, 1.5);

        assertThat(s.requestsMemory()).isEqualTo("1100Mi");
        assertThat(s.limitsMemory()).isEqualTo("1800Mi");
        assertThat(s.requestsCpu()).isEqualTo("130m");
        assertThat(s.limitsCpu()).isEqualTo("1800m");
        assertThat(s.setBy())
                .containsEntry("requestsMemory", "steady RSS at the end of " + STEADY + " + 10%")
                .containsEntry("limitsMemory", "peak RSS " + AFTER + " × 1.50")
                .containsEntry("requestsCpu", "steady CPU over " + STEADY)
                .containsEntry("limitsCpu", "busiest interval " + DURING);
    }

    /** The mixed-hot case a real cluster refused: steady 0.23 cores, the busiest interval seen 0.2 (was 230m / 200m). */
    @Test
    void aLoadHeavierThanItsBurstStillGivesLimitsAtOrAboveRequests() {
        Sizing s = sizing(500 * MIB, 500 * MIB, 0.23, 0.2, 1.0);

        assertThat(s.requestsCpu()).isEqualTo("230m");
        assertThat(s.limitsCpu()).isEqualTo("300m");
        assertThat(s.setBy().get("limitsCpu")).isEqualTo("steady CPU over " + STEADY + " (above the busiest interval)");
        assertThat(s.requestsMemory()).isEqualTo("550Mi");
        assertThat(s.limitsMemory()).as("the peak × 1.0 is below steady + 10%").isEqualTo("550Mi");
        assertThat(s.setBy().get("limitsMemory")).isEqualTo("requests.memory (the peak × 1.00 was below it)");
    }

    @Test
    void limitsAreNeverBelowRequests() {
        double[] rss = {1.5 * MIB, 100 * MIB, 399.9 * MIB, 1000 * MIB};
        double[] cores = {0.0001, 0.009, 0.23, 0.95, 1.71};
        for (double steadyRss : rss) {
            for (double peakRss : rss) {
                for (double steadyCores : cores) {
                    for (double burst : cores) {
                        Sizing s = sizing(steadyRss, peakRss, steadyCores, burst, 1.0);
                        assertThat(number(s.limitsMemory()))
                                .as(s.toString())
                                .isGreaterThanOrEqualTo(number(s.requestsMemory()));
                        assertThat(number(s.limitsCpu()))
                                .as(s.toString())
                                .isGreaterThanOrEqualTo(number(s.requestsCpu()));
                    }
                }
            }
        }
    }

    @Test
    void aWholeResultIsNotRoundedUpPastItself() {
        Sizing s = sizing(400 * MIB, 400 * MIB, 0.3, 0.7, 1.5);

        assertThat(s.requestsMemory()).isEqualTo("440Mi"); // 400 × 1.1 is 440.00000000000006 in floating point
        assertThat(s.requestsCpu()).isEqualTo("300m");
        assertThat(s.limitsCpu()).isEqualTo("700m");
    }

    @Test
    void smallAndMissingFiguresStaySensible() {
        Sizing s = sizing(1.5 * MIB, Double.NaN, 0.0001, Double.NaN, 2);

        assertThat(s.requestsMemory()).isEqualTo("2Mi");
        assertThat(s.limitsMemory()).isEqualTo("n/a");
        assertThat(s.requestsCpu()).isEqualTo("10m");
        assertThat(s.limitsCpu()).isEqualTo("n/a");
    }

    private static Sizing sizing(double steadyRss, double peakRss, double steadyCores, double burst, double safety) {
        return new Sizing("apiserver-0", steadyRss, peakRss, steadyCores, burst, safety, STEADY, AFTER, DURING);
    }

    private static long number(String quantity) {
        return Long.parseLong(quantity.replaceAll("(Mi|m)$", ""));
    }
}
