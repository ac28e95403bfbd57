package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * One parsed row of sparse input: strictly increasing feature indices in [0, d) with their
 * values (zeros not stored), the label, the row's weight (1 without a weight column) and its offset
 * (0 without {@code data.offset}).
 */
public record SparseRow(int[] indices, double[] values, double label, double weight, double offset) implements Serializable {
    /** A row without an offset (0). */
    public SparseRow(int[] indices, double[] values, double label, double weight) {
        this(indices, values, label, weight, 0.0);
    }

    /** This row with {@code data.offset}'s value. */
    SparseRow withOffset(double o) {
        return new SparseRow(indices, values, label, weight, o);
    }
}
