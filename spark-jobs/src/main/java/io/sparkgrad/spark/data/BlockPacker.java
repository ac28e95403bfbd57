package io.sparkgrad.spark.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * Packs a partition's parsed rows (features then label, in input order) into {@link Block}s of
 * at most {@code blockRows} rows, standardising the features on the way. Rows are pulled lazily,
 * so a partition never holds more than one block being filled.
 */
final class BlockPacker implements Iterator<Block> {
    private final Iterator<Tuple2<Long, double[]>> rows;
    private final int blockRows;
    private final int cols;
    private final double[] mean;
    private final double[] std;
    private final RowWeights weights;
    private double[] pending;

    /**
     * @param rows (input row index, values) pairs; values null for dropped rows, which are skipped
     * @param weights each row's weight, or null when every row weighs 1
     */
    BlockPacker(Iterator<Tuple2<Long, double[]>> rows, int blockRows, double[] mean, double[] std, RowWeights weights) {
        this.rows = rows;
        this.blockRows = blockRows;
        this.cols = mean.length;
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        advance();
    }

    private void advance() {
        pending = null;
        while (rows.hasNext() && pending == null) {
            pending = rows.next()._2();
        }
    }

    @Override
    public boolean hasNext() {
        return pending != null;
    }

    @Override
    public Block next() {
        if (pending == null) {
            throw new NoSuchElementException();
        }
        double[] features = new double[blockRows * cols];
        double[] labels = new double[blockRows];
        double[] w = weights == null ? null : new double[blockRows];
        int n = 0;
        while (pending != null && n < blockRows) {
            int base = n * cols;
            for (int j = 0; j < cols; j++) {
                features[base + j] = Standardize.value(pending[j], mean[j], std[j]);
            }
            labels[n] = pending[cols];
            if (w != null) {
                w[n] = weights.of(pending);
            }
            n++;
            advance();
        }
        if (n < blockRows) {
            features = java.util.Arrays.copyOf(features, n * cols);
            labels = java.util.Arrays.copyOf(labels, n);
            w = w == null ? null : java.util.Arrays.copyOf(w, n);
        }
        return new Block(n, cols, features, labels, w);
    }
}
