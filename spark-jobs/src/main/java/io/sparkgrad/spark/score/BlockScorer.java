package io.sparkgrad.spark.score;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Standardize;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/** Scores a partition's parsed rows a block at a time: standardise, predict without autograd, append the scores. */
final class BlockScorer extends BufferedScorer {
    private final Iterator<Tuple2<Row, double[]>> rows;
    private final double[] mean;
    private final double[] std;

    BlockScorer(Iterator<Tuple2<Row, double[]>> rows, ModelSpec spec, ParameterVector theta, int keep, double[] mean,
            double[] std, ScoreColumns columns) {
        super(spec, mean.length, theta, keep, columns);
        this.rows = rows;
        this.mean = mean;
        this.std = std;
    }

    @Override
    boolean moreInput() {
        return rows.hasNext();
    }

    @SuppressWarnings("try") // the no-grad scope is used for its side effect only
    @Override
    void scoreBlock() {
        int d = mean.length;
        List<Row> inputs = new ArrayList<>();
        double[] x = new double[BLOCK_ROWS * d];
        while (rows.hasNext() && inputs.size() < BLOCK_ROWS) {
            Tuple2<Row, double[]> t = rows.next();
            double[] v = t._2();
            int base = inputs.size() * d;
            for (int j = 0; j < d; j++) {
                x[base + j] = Standardize.value(v[j], mean[j], std[j]);
            }
            inputs.add(t._1());
        }
        int n = inputs.size();
        double[] out;
        try (var noGrad = GradMode.noGrad()) {
            Tensor block = Tensor.wrap(Arrays.copyOf(x, n * d), n, d);
            out = (margins ? model.margins(params, block) : model.predict(params, block)).toArray();
        }
        for (int r = 0; r < n; r++) {
            addScored(inputs.get(r), out, r);
        }
    }
}
