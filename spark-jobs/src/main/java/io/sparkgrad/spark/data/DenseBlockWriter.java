package io.sparkgrad.spark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Dense blocks: parsed rows [features..., label, weight column value if any] into row-major
 * blocks, standardised by {@link Standardize#value} (centred and scaled); the column statistics
 * (Welford, {@link ColumnStats}) are gathered in the ingest pass itself.
 */
final class DenseBlockWriter extends BlockWriter<double[]> {
    private static final long serialVersionUID = 1L;

    private final int d;
    private final boolean weightColumn;
    private final int blockRows;

    /** @param weightColumn whether a parsed row holds a weight column value after its label */
    DenseBlockWriter(int d, boolean weightColumn, int blockRows) {
        this.d = d;
        this.weightColumn = weightColumn;
        this.blockRows = blockRows;
    }

    @Override
    boolean sparse() {
        return false;
    }

    @Override
    int features() {
        return d;
    }

    @Override
    double[] holdOutValues(double[] row) {
        return row;
    }

    @Override
    int labelAt() {
        return d;
    }

    @Override
    ColumnStats newStats(int classes) {
        return new ColumnStats(d, classes);
    }

    @Override
    void addTrain(ColumnStats stats, double[] row) {
        stats.addTrain(row);
    }

    @Override
    Blocks<double[]> blocks(Scale scale, RowWeights weights) {
        return new Builder(scale, weights);
    }

    @Override
    Block finish(Block raw, Scale scale, RowWeights weights) {
        int n = raw.rows();
        double[] x = raw.features();
        double[] f = new double[x.length];
        double[] mean = scale.mean();
        double[] std = scale.std();
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                f[base + j] = Standardize.value(x[base + j], mean[j], std[j]);
            }
        }
        double[] w = null;
        if (weights != null) {
            w = new double[n];
            double[] column = raw.weights();
            double[] labels = raw.labels();
            for (int r = 0; r < n; r++) {
                w[r] = weights.of(column == null ? 1.0 : column[r], labels[r]);
            }
        }
        return new Block(n, d, f, raw.labels(), w);
    }

    @Override
    Scale scale(double[] mean, double[] std) {
        return new Scale(mean, std);
    }

    @Override
    Scale statistics(JavaRDD<PackedPartition> raw, ColumnStats stats) {
        return new Scale(stats.means(), stats.stds());
    }

    @Override
    void check(String path, List<String> names, Scale scale) {
        double[] mean = scale.mean();
        double[] std = scale.std();
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j]) || !(std[j] > 0)) {
                throw new DataError(path + ": column '" + names.get(j) + "': its standardisation statistics are not "
                        + "finite (mean " + mean[j] + ", standard deviation " + std[j] + ")");
            }
        }
    }

    @Override
    RowWeights weights(double[] perClass) {
        return new RowWeights(d, weightColumn ? d + 1 : -1, perClass);
    }

    /** Fills blocks of up to {@code blockRows} rows, one row at a time, raw or standardised. */
    private final class Builder implements Blocks<double[]> {
        private final Scale scale;
        private final RowWeights rowWeights;
        private final boolean weighted;
        private final List<Block> blocks = new ArrayList<>();
        private double[] features;
        private double[] labels;
        private double[] weights;
        private int n;

        Builder(Scale scale, RowWeights rowWeights) {
            this.scale = scale;
            this.rowWeights = rowWeights;
            this.weighted = scale == null ? weightColumn : rowWeights != null;
        }

        @Override
        public void add(double[] v) {
            if (features == null) {
                features = new double[blockRows * d];
                labels = new double[blockRows];
                weights = weighted ? new double[blockRows] : null;
            }
            int base = n * d;
            if (scale == null) {
                System.arraycopy(v, 0, features, base, d);
            } else {
                double[] mean = scale.mean();
                double[] std = scale.std();
                for (int j = 0; j < d; j++) {
                    features[base + j] = Standardize.value(v[j], mean[j], std[j]);
                }
            }
            labels[n] = v[d];
            if (weights != null) {
                weights[n] = scale == null ? v[d + 1] : rowWeights.of(v);
            }
            if (++n == blockRows) {
                flush();
            }
        }

        private void flush() {
            if (n == 0) {
                return;
            }
            if (n < blockRows) {
                features = Arrays.copyOf(features, n * d);
                labels = Arrays.copyOf(labels, n);
                weights = weights == null ? null : Arrays.copyOf(weights, n);
            }
            blocks.add(new Block(n, d, features, labels, weights));
            features = null;
            labels = null;
            weights = null;
            n = 0;
        }

        @Override
        public List<Block> finish() {
            flush();
            return blocks;
        }
    }
}
