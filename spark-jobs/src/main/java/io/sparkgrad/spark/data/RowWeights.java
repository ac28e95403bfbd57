package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * A row's weight in the loss and the metrics: its {@code data.weight} value (1 without a weight
 * column) times its class's {@code model.classWeights} entry (1 without class weights). Balanced
 * class weights are scikit-learn's n / (K · n_c), from the training rows' class counts.
 */
public final class RowWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int labelAt;
    private final int weightAt;
    private final double[] perClass;

    /**
     * @param labelAt where a parsed row holds the label
     * @param weightAt where it holds the weight column's value; -1 without one
     * @param perClass one weight per class; null for none
     */
    RowWeights(int labelAt, int weightAt, double[] perClass) {
        this.labelAt = labelAt;
        this.weightAt = weightAt;
        this.perClass = perClass == null ? null : perClass.clone();
    }

    /** n / (K · n_c) per class from training counts; a class without rows gets 0 (it has none to weigh). */
    static double[] balanced(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0.0 : (double) n / ((double) counts.length * counts[c]);
        }
        return w;
    }

    /** The weight of a row whose weight column holds {@code weight} (1 without one) and whose label is {@code label}. */
    double of(double weight, double label) {
        return perClass == null ? weight : weight * perClass[(int) label];
    }

    double of(double[] row) {
        double w = weightAt >= 0 ? row[weightAt] : 1.0;
        return perClass == null ? w : w * perClass[(int) row[labelAt]];
    }

    /** The per-class weights in use, or null. */
    public double[] perClass() {
        return perClass == null ? null : perClass.clone();
    }
}
