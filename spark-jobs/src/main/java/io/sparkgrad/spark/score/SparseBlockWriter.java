package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.SparseRow;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sparse rows into a CSR block without densifying, each value divided by its feature's standard
 * deviation as in training (a sparse-packed model is never centred).
 */
final class SparseBlockWriter implements BlockWriter<SparseRow> {
    private final double[] std;
    private final List<SparseRow> rows = new ArrayList<>();
    private int entries;

    SparseBlockWriter(double[] std) {
        this.std = std;
    }

    @Override
    public void add(SparseRow r) {
        rows.add(r);
        entries += r.indices().length;
    }

    @Override
    public Tensor score(Model model, Map<String, Tensor> params, boolean margins) {
        int n = rows.size();
        int[] start = new int[n + 1];
        int[] cols = new int[entries];
        double[] values = new double[entries];
        int k = 0;
        for (int i = 0; i < n; i++) {
            SparseRow r = rows.get(i);
            for (int e = 0; e < r.indices().length; e++) {
                cols[k] = r.indices()[e];
                values[k++] = r.values()[e] / std[r.indices()[e]];
            }
            start[i + 1] = k;
        }
        rows.clear();
        entries = 0;
        SparseMatrix csr = SparseMatrix.csr(n, std.length, start, cols, values);
        return margins ? model.margins(params, csr) : model.predict(params, csr);
    }
}
