package io.sparkgrad.spark.data;

import io.sparkgrad.tensor.SparseMatrix;
import java.io.Serializable;

/**
 * Per-feature sums of sparse training rows, for standardisation that keeps sparsity (as MLlib
 * does for sparse input): each feature is divided by its standard deviation over all training
 * rows (absent entries count as zeros), and not centred, which would fill every entry. The sums
 * are of values divided by a per-feature power-of-two scale (exact), so no finite input
 * overflows. Summed from the cached raw blocks ({@link SparseBlockWriter}); the row counts are the
 * pipeline's ({@link ColumnStats}).
 */
final class SparseStats implements Serializable {
    private static final long serialVersionUID = 2L;

    private long trainRows;
    private final double[] sum;
    private final double[] squares;
    private final double[] scale;

    SparseStats(int dimension) {
        sum = new double[dimension];
        squares = new double[dimension];
        scale = new double[dimension];
        java.util.Arrays.fill(scale, 1.0);
    }

    /** Adds every row of a raw training block (values as read), in order. */
    void addTrain(Block b) {
        SparseMatrix m = b.sparse();
        for (int r = 0; r < b.rows(); r++) {
            trainRows++;
            for (int k = m.rowStart(r); k < m.rowStart(r + 1); k++) {
                add(m.column(k), m.value(k));
            }
        }
    }

    private void add(int j, double value) {
        if (Math.abs(value) > scale[j] * 0x1p480) {
            rescale(j, Math.scalb(1.0, Math.getExponent(value) - 480 + 1));
        }
        double x = value / scale[j];
        sum[j] += x;
        squares[j] += x * x;
    }

    private void rescale(int j, double newScale) {
        double f = newScale / scale[j];
        sum[j] /= f;
        squares[j] /= f * f;
        scale[j] = newScale;
    }

    SparseStats merge(SparseStats o) {
        for (int j = 0; j < sum.length; j++) {
            double os = o.sum[j];
            double oq = o.squares[j];
            if (o.scale[j] > scale[j]) {
                rescale(j, o.scale[j]);
            } else if (o.scale[j] < scale[j]) {
                double f = scale[j] / o.scale[j];
                os /= f;
                oq /= f * f;
            }
            sum[j] += os;
            squares[j] += oq;
        }
        trainRows += o.trainRows;
        return this;
    }

    /** Population standard deviations over the training rows; 1 for a feature that is constant (or never present). */
    double[] stds() {
        double[] s = new double[sum.length];
        for (int j = 0; j < s.length; j++) {
            double mean = sum[j] / trainRows;
            double var = Math.max(squares[j] / trainRows - mean * mean, 0.0);
            double sd = Math.sqrt(var) * scale[j];
            s[j] = sd > 1e-12 ? sd : 1.0;
        }
        return s;
    }
}
