package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * Up to {@code data.blockRows} rows packed densely: {@code features} is row-major
 * [rows × cols], {@code labels} has one value per row, and {@code weights} one weight per row or
 * null when every row weighs 1. This is the unit the executors hand to the engine
 * ({@code Tensor.wrap}, no copy) and what stays cached between iterations.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] features;
    private final double[] labels;
    private final double[] weights;

    public Block(int rows, int cols, double[] features, double[] labels) {
        this(rows, cols, features, labels, null);
    }

    public Block(int rows, int cols, double[] features, double[] labels, double[] weights) {
        if (weights != null && weights.length != rows) {
            throw new IllegalArgumentException("Block: expected " + rows + " weights, got " + weights.length);
        }
        if (features.length != rows * cols || labels.length != rows) {
            throw new IllegalArgumentException("Block: expected " + rows + "x" + cols + " features and " + rows
                    + " labels, got " + features.length + " and " + labels.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.features = features;
        this.labels = labels;
        this.weights = weights;
    }

    /** The row weights (the backing array), or null when every row weighs 1. */
    public double[] weights() {
        return weights;
    }

    /** Σ weights: the row count when unweighted. */
    public double weightSum() {
        if (weights == null) {
            return rows;
        }
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array itself (not a copy): callers must not modify it. */
    public double[] features() {
        return features;
    }

    /** The backing array itself (not a copy): callers must not modify it. */
    public double[] labels() {
        return labels;
    }

    /**
     * The rows whose {@code keep} flag is set, copied into a new block (a mini-batch sample).
     */
    public Block select(boolean[] keep, int kept) {
        double[] f = new double[kept * cols];
        double[] l = new double[kept];
        double[] w = weights == null ? null : new double[kept];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            if (keep[r]) {
                System.arraycopy(features, r * cols, f, out * cols, cols);
                l[out] = labels[r];
                if (w != null) {
                    w[out] = weights[r];
                }
                out++;
            }
        }
        return new Block(kept, cols, f, l, w);
    }
}
