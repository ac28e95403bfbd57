package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * Up to {@code data.blockRows} rows packed densely: {@code features} is row-major
 * [rows × cols], {@code labels} has one value per row. This is the unit the executors hand to the
 * engine ({@code Tensor.wrap}, no copy) and what stays cached between iterations.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] features;
    private final double[] labels;

    public Block(int rows, int cols, double[] features, double[] labels) {
        if (features.length != rows * cols || labels.length != rows) {
            throw new IllegalArgumentException("Block: expected " + rows + "x" + cols + " features and " + rows
                    + " labels, got " + features.length + " and " + labels.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.features = features;
        this.labels = labels;
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
        int out = 0;
        for (int r = 0; r < rows; r++) {
            if (keep[r]) {
                System.arraycopy(features, r * cols, f, out * cols, cols);
                l[out] = labels[r];
                out++;
            }
        }
        return new Block(kept, cols, f, l);
    }
}
