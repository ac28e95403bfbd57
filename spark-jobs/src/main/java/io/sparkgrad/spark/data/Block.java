package io.sparkgrad.spark.data;

import io.sparkgrad.tensor.SparseMatrix;

import java.io.Serializable;

/**
 * Up to {@code data.blockRows} rows packed densely: {@code features} is row-major
 * [rows × cols], {@code labels} has one value per row, {@code weights} one weight per row or
 * null when every row weighs 1, and {@code offsets} one fixed term of the linear predictor per row
 * ({@code data.offset}, MLlib GLR's offsetCol) or null for none. This is the unit the executors
 * hand to the engine ({@code Tensor.wrap}, no copy) and what stays cached between iterations.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int rows;
    private final int cols;
    private final double[] features;
    private final double[] labels;
    private final double[] weights;
    private final double[] offsets;
    private final SparseMatrix sparse;

    public Block(int rows, int cols, double[] features, double[] labels) {
        this(rows, cols, features, labels, null);
    }

    public Block(int rows, int cols, double[] features, double[] labels, double[] weights) {
        this(rows, cols, features, labels, weights, null);
    }

    /** A dense block whose rows each add {@code offsets[r]} to the linear predictor (null: none). */
    public Block(int rows, int cols, double[] features, double[] labels, double[] weights, double[] offsets) {
        if (offsets != null && offsets.length != rows) {
            throw new IllegalArgumentException("Block: expected " + rows + " offsets, got " + offsets.length);
        }
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
        this.offsets = offsets;
        this.sparse = null;
    }

    /**
     * A block of sparse rows: {@code features} in CSR form, no dense copy: 12 bytes per stored
     * entry, 4 when every stored value is 1.0 (indices alone, {@link SparseMatrix#isBinary}).
     */
    public Block(SparseMatrix features, double[] labels, double[] weights) {
        this(features, labels, weights, null);
    }

    /** A block of sparse rows whose rows each add {@code offsets[r]} to the linear predictor (null: none). */
    public Block(SparseMatrix features, double[] labels, double[] weights, double[] offsets) {
        if (offsets != null && offsets.length != features.rows()) {
            throw new IllegalArgumentException("Block: expected " + features.rows() + " offsets, got " + offsets.length);
        }
        if (labels.length != features.rows() || (weights != null && weights.length != features.rows())) {
            throw new IllegalArgumentException("Block: expected " + features.rows() + " labels and weights, got "
                    + labels.length + " and " + (weights == null ? "none" : weights.length));
        }
        this.rows = features.rows();
        this.cols = features.cols();
        this.features = null;
        this.labels = labels;
        this.weights = weights;
        this.offsets = offsets;
        this.sparse = features;
    }

    /** Whether the rows are stored sparse ({@link #sparse()}) rather than dense ({@link #features()}). */
    public boolean isSparse() {
        return sparse != null;
    }

    /** The sparse rows, or null for a dense block. */
    public SparseMatrix sparse() {
        return sparse;
    }

    /** The row weights (the backing array), or null when every row weighs 1. */
    public double[] weights() {
        return weights;
    }

    /** The rows' offsets (the backing array), or null when the rows have none. */
    public double[] offsets() {
        return offsets;
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

    /** The dense rows, row-major (the backing array itself: callers must not modify it); null for a sparse block. */
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
        double[] w = weights == null ? null : new double[kept];
        double[] o = offsets == null ? null : new double[kept];
        double[] l = new double[kept];
        if (sparse != null) {
            int[] start = new int[kept + 1];
            int entries = 0;
            int out = 0;
            for (int r = 0; r < rows; r++) {
                if (keep[r]) {
                    entries += sparse.rowStart(r + 1) - sparse.rowStart(r);
                    start[++out] = entries;
                }
            }
            int[] columns = new int[entries];
            double[] values = new double[entries];
            out = 0;
            int k = 0;
            for (int r = 0; r < rows; r++) {
                if (keep[r]) {
                    for (int e = sparse.rowStart(r); e < sparse.rowStart(r + 1); e++) {
                        columns[k] = sparse.column(e);
                        values[k++] = sparse.value(e);
                    }
                    l[out] = labels[r];
                    if (w != null) {
                        w[out] = weights[r];
                    }
                    if (o != null) {
                        o[out] = offsets[r];
                    }
                    out++;
                }
            }
            return new Block(SparseMatrix.csr(kept, cols, start, columns, values), l, w, o);
        }
        double[] f = new double[kept * cols];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            if (keep[r]) {
                System.arraycopy(features, r * cols, f, out * cols, cols);
                l[out] = labels[r];
                if (w != null) {
                    w[out] = weights[r];
                }
                if (o != null) {
                    o[out] = offsets[r];
                }
                out++;
            }
        }
        return new Block(kept, cols, f, l, w, o);
    }
}
