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
final class SparseModelInput implements ModelInput<SparseRow> {
    private final double[] std;
    /** Whether the model adds each row's offset to η (a glm with {@code data.offset}). */
    private final boolean offsets;
    private final List<SparseRow> rows = new ArrayList<>();
    private int entries;

    SparseModelInput(double[] std, boolean offsets) {
        this.std = std;
        this.offsets = offsets;
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
        double[] o = offsets ? new double[n] : null;
        int k = 0;
        for (int i = 0; i < n; i++) {
            SparseRow r = rows.get(i);
            for (int e = 0; e < r.indices().length; e++) {
                cols[k] = r.indices()[e];
                values[k++] = r.values()[e] / std[r.indices()[e]];
            }
            start[i + 1] = k;
            if (o != null) {
                o[i] = r.offset();
            }
        }
        rows.clear();
        entries = 0;
        SparseMatrix csr = SparseMatrix.csr(n, std.length, start, cols, values);
        return o != null ? model.predict(params, csr, Tensor.wrap(o, n))
                : margins ? model.margins(params, csr) : model.predict(params, csr);
    }
}
