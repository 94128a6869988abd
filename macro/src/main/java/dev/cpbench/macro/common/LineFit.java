package dev.cpbench.macro.common;

import java.util.List;

/**
 * The least-squares line y = intercept + slope × x through points; with one distinct x the slope is 0 and
 * the intercept the mean of y.
 */
public record LineFit(double intercept, double slope) {
    public static LineFit of(List<? extends Number> xs, List<? extends Number> ys) {
        if (xs.size() != ys.size() || xs.isEmpty()) {
            throw new IllegalArgumentException(
                    "a fit needs as many x as y values, and at least one: " + xs.size() + " and " + ys.size());
        }
        int n = xs.size();
        double meanX = xs.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
        double meanY = ys.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = xs.get(i).doubleValue() - meanX;
            sxy += dx * (ys.get(i).doubleValue() - meanY);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new LineFit(meanY - slope * meanX, slope);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}
