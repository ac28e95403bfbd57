package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * One parsed row of sparse input: strictly increasing feature indices in [0, d) with their
 * values (zeros not stored), the label, and the row's weight (1 without a weight column).
 */
public record SparseRow(int[] indices, double[] values, double label, double weight) implements Serializable {}
