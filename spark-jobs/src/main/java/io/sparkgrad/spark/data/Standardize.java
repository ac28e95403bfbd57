package io.sparkgrad.spark.data;

/** The one formula that standardises a feature value, in training and in scoring alike. */
public final class Standardize {
    private Standardize() {}

    /**
     * (x − mean) / std; when x − mean overflows (values near ±1.8e308 of both signs), x / std −
     * mean / std instead, which is finite for any finite input and statistics.
     */
    public static double value(double x, double mean, double std) {
        double z = (x - mean) / std;
        return Double.isFinite(z) ? z : x / std - mean / std;
    }
}
