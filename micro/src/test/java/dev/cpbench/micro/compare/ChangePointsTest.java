package dev.cpbench.micro.compare;

import static dev.cpbench.micro.compare.ChangePoints.MAX_P;
import static dev.cpbench.micro.compare.ChangePoints.MIN_RELATIVE_CHANGE;
import static dev.cpbench.micro.compare.ChangePoints.MIN_SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Change points with the CLI's defaults on synthetic series: seeded Gaussian noise around known levels. */
class ChangePointsTest {
    @Test
    void flatNoisySeriesHasNoChangePoint() {
        for (long seed = 1; seed <= 100; seed++) {
            double[] series = series(30, new int[] {0}, new double[] {100}, 0.02, new Random(seed));
            assertThat(detect(series)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void tenPercentStepIsFound() {
        for (long seed = 1; seed <= 100; seed++) {
            double[] series = series(30, new int[] {0, 15}, new double[] {100, 110}, 0.01, new Random(seed));
            List<Integer> found = detect(series);
            assertThat(found).as("seed %d", seed).hasSize(1);
            assertThat(found.get(0)).as("seed %d", seed).isBetween(14, 16);
        }
    }

    @Test
    void twoStepsAreBothFound() {
        for (long seed = 1; seed <= 100; seed++) {
            double[] regressionThenFix =
                    series(40, new int[] {0, 12, 27}, new double[] {100, 90, 100}, 0.01, new Random(seed));
            double[] twoImprovements =
                    series(40, new int[] {0, 12, 27}, new double[] {100, 110, 121}, 0.01, new Random(seed));
            for (double[] series : List.of(regressionThenFix, twoImprovements)) {
                List<Integer> found = detect(series);
                assertThat(found).as("seed %d", seed).hasSize(2);
                assertThat(found.get(0)).as("seed %d", seed).isBetween(11, 13);
                assertThat(found.get(1)).as("seed %d", seed).isBetween(26, 28);
            }
        }
    }

    @Test
    void smallStepIsIgnored() {
        double[] series = series(30, new int[] {0, 15}, new double[] {100, 102}, 0.001, new Random(3));
        assertThat(ChangePoints.detect(series, MIN_SEGMENT, MAX_P, 0.0)).containsExactly(15);
        assertThat(detect(series)).isEmpty();
    }

    @Test
    void noiselessStepIsFound() {
        assertThat(detect(series(10, new int[] {0}, new double[] {5}, 0, new Random())))
                .isEmpty();
        assertThat(detect(series(10, new int[] {0, 4}, new double[] {5, 6}, 0, new Random())))
                .containsExactly(4);
    }

    @Test
    void shortSeriesHasNoChangePoint() {
        assertThat(detect(new double[] {1, 1, 1, 9, 9})).isEmpty();
        assertThat(detect(new double[0])).isEmpty();
        assertThatThrownBy(() -> ChangePoints.detect(new double[10], 1, MAX_P, MIN_RELATIVE_CHANGE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> detect(double[] series) {
        return ChangePoints.detect(series, MIN_SEGMENT, MAX_P, MIN_RELATIVE_CHANGE);
    }

    /**
     * {@code n} points at {@code values[k]} from index {@code starts[k]} on, each times 1 + Gaussian noise of
     * standard deviation {@code relativeNoise}.
     */
    private static double[] series(int n, int[] starts, double[] values, double relativeNoise, Random random) {
        double[] series = new double[n];
        for (int k = 0; k < starts.length; k++) {
            Arrays.fill(series, starts[k], n, values[k]);
        }
        for (int i = 0; i < n; i++) {
            series[i] *= 1 + relativeNoise * random.nextGaussian();
        }
        return series;
    }
}
