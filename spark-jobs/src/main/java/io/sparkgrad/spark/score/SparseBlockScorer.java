package io.sparkgrad.spark.score;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.SparseRow;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Scores sparse rows a CSR block at a time, each value divided by its feature's standard
 * deviation as in training (a sparse-packed model is never centred), without densifying.
 */
final class SparseBlockScorer extends BufferedScorer {
    private final Iterator<Tuple2<Row, SparseRow>> rows;
    private final double[] std;

    SparseBlockScorer(Iterator<Tuple2<Row, SparseRow>> rows, ModelSpec spec, ParameterVector theta, int keep,
            double[] std, ScoreColumns columns) {
        super(spec, std.length, theta, keep, columns);
        this.rows = rows;
        this.std = std;
    }

    @Override
    boolean moreInput() {
        return rows.hasNext();
    }

    @SuppressWarnings("try") // the no-grad scope is used for its side effect only
    @Override
    void scoreBlock() {
        List<Tuple2<Row, SparseRow>> block = new ArrayList<>();
        int entries = 0;
        while (rows.hasNext() && block.size() < BLOCK_ROWS) {
            Tuple2<Row, SparseRow> t = rows.next();
            block.add(t);
            entries += t._2().indices().length;
        }
        int n = block.size();
        int[] start = new int[n + 1];
        int[] cols = new int[entries];
        double[] values = new double[entries];
        int k = 0;
        for (int i = 0; i < n; i++) {
            SparseRow r = block.get(i)._2();
            for (int e = 0; e < r.indices().length; e++) {
                cols[k] = r.indices()[e];
                values[k++] = r.values()[e] / std[r.indices()[e]];
            }
            start[i + 1] = k;
        }
        double[] out;
        try (var noGrad = GradMode.noGrad()) {
            SparseMatrix csr = SparseMatrix.csr(n, std.length, start, cols, values);
            out = (margins ? model.margins(params, csr) : model.predict(params, csr)).toArray();
        }
        for (int r = 0; r < n; r++) {
            addScored(block.get(r)._1(), out, r);
        }
    }
}
