package io.sparkgrad.spark.data;

import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.tensor.SparseMatrix;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Sparse (CSR) blocks: each stored value divided by its feature's standard deviation, never
 * centred, which would fill every entry (as MLlib standardises sparse input). The pass counts the
 * rows only: a sparse table's per-feature sums are as wide as the model, so the standard
 * deviations are summed from the cached raw blocks instead ({@link SparseStats}), in the same
 * row order, partitions merged in partition order.
 */
final class SparseBlockWriter extends BlockWriter<SparseRow> {
    private static final long serialVersionUID = 1L;

    private final int d;
    private final boolean weighted;
    private final int blockRows;

    /** @param weighted whether rows are weighted (a weight column or class weights): raw blocks then keep each row's weight */
    SparseBlockWriter(int d, boolean weighted, int blockRows) {
        this.d = d;
        this.weighted = weighted;
        this.blockRows = blockRows;
    }

    @Override
    boolean sparse() {
        return true;
    }

    @Override
    int features() {
        return d;
    }

    @Override
    double[] holdOutValues(SparseRow row) {
        return new double[] {row.label()};
    }

    @Override
    int labelAt() {
        return 0;
    }

    @Override
    ColumnStats newStats(int classes) {
        return new ColumnStats(0, classes);
    }

    @Override
    void addTrain(ColumnStats stats, SparseRow row) {
        stats.addTrain(new double[] {row.label()});
    }

    @Override
    Blocks<SparseRow> blocks(Scale scale, RowWeights weights) {
        double[] std = scale == null ? null : scale.std();
        return new Blocks<>() {
            private final List<Block> blocks = new ArrayList<>();
            private List<SparseRow> rows = new ArrayList<>();
            private int entries;

            @Override
            public void add(SparseRow r) {
                rows.add(r);
                entries += r.indices().length;
                if (rows.size() == blockRows) {
                    flush();
                }
            }

            private void flush() {
                if (!rows.isEmpty()) {
                    blocks.add(csr(rows, entries, d, std, weights, std == null && weighted));
                    rows = new ArrayList<>();
                    entries = 0;
                }
            }

            @Override
            public List<Block> finish() {
                flush();
                return blocks;
            }
        };
    }

    /**
     * One CSR block of {@code rows} ({@code entries} stored values in all): values divided by
     * {@code std} (as read when null); row weights {@code weights.of(weight, label)}, or the rows'
     * own weights when {@code rawWeights}, or none.
     */
    static Block csr(List<SparseRow> rows, int entries, int cols, double[] std, RowWeights weights, boolean rawWeights) {
        int n = rows.size();
        int[] start = new int[n + 1];
        int[] columns = new int[entries];
        double[] values = new double[entries];
        double[] labels = new double[n];
        double[] w = weights == null && !rawWeights ? null : new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            SparseRow r = rows.get(i);
            for (int e = 0; e < r.indices().length; e++) {
                columns[k] = r.indices()[e];
                values[k++] = std == null ? r.values()[e] : r.values()[e] / std[r.indices()[e]];
            }
            start[i + 1] = k;
            labels[i] = r.label();
            if (w != null) {
                w[i] = rawWeights ? r.weight() : weights.of(r.weight(), r.label());
            }
        }
        return new Block(SparseMatrix.csr(n, cols, start, columns, values), labels, w);
    }

    @Override
    Block finish(Block raw, Scale scale, RowWeights weights) {
        SparseMatrix m = raw.sparse();
        int n = raw.rows();
        double[] std = scale.std();
        int[] start = new int[n + 1];
        int[] columns = new int[m.nnz()];
        double[] values = new double[m.nnz()];
        for (int r = 0; r < n; r++) {
            start[r + 1] = m.rowStart(r + 1);
            for (int k = m.rowStart(r); k < m.rowStart(r + 1); k++) {
                columns[k] = m.column(k);
                values[k] = m.value(k) / std[columns[k]];
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
        return new Block(SparseMatrix.csr(n, d, start, columns, values), raw.labels(), w);
    }

    @Override
    Scale scale(double[] mean, double[] std) {
        return new Scale(new double[d], std);
    }

    @Override
    Scale statistics(JavaRDD<PackedPartition> raw, ColumnStats stats) {
        int d = this.d;
        SparseStats sums = OrderedTreeAggregate.aggregate(raw, (index, it) -> {
            SparseStats s = new SparseStats(d);
            for (Block b : it.next().train()) {
                s.addTrain(b);
            }
            return s;
        }, SparseStats::merge, 2);
        return new Scale(new double[d], sums.stds());
    }

    @Override
    void check(String path, List<String> names, Scale scale) {
        double[] std = scale.std();
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(std[j]) || !(std[j] > 0)) {
                throw new DataError(path + ": feature f" + j + ": its standard deviation is not finite (" + std[j] + ")");
            }
        }
    }

    @Override
    RowWeights weights(double[] perClass) {
        return new RowWeights(0, -1, perClass);
    }
}
