package io.sparkgrad.spark.score;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Standardize;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.train.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/** Scores a partition's parsed rows a block at a time: standardise, predict without autograd, append the scores. */
final class BlockScorer extends BufferedScorer {
    private final Iterator<Tuple2<Row, double[]>> rows;
    private final Model model;
    private final ModelSpec spec;
    private final Map<String, Tensor> params;
    private final int keep;
    private final double[] mean;
    private final double[] std;
    private final ScoreColumns columns;

    BlockScorer(Iterator<Tuple2<Row, double[]>> rows, ModelSpec spec, ParameterVector theta, int keep, double[] mean,
            double[] std, ScoreColumns columns) {
        this.rows = rows;
        this.spec = spec;
        this.model = ModelCache.get(spec, mean.length);
        this.params = theta.unflatten(theta.values());
        this.keep = keep;
        this.mean = mean;
        this.std = std;
        this.columns = columns;
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
            out = model.predict(params, Tensor.wrap(Arrays.copyOf(x, n * d), n, d)).toArray();
        }
        for (int r = 0; r < n; r++) {
            pending.add(scored(inputs.get(r), keep, out, r, spec, columns));
        }
    }

    /** Row {@code r} of a scored block: the first {@code keep} input values, then the score columns. */
    static Row scored(Row in, int keep, double[] out, int r, ModelSpec spec, ScoreColumns columns) {
        int k = spec.task().isClassification() ? spec.classes() : 1;
        int extra = (columns.prediction() != null ? 1 : 0) + (columns.probability() != null ? 1 : 0)
                + (columns.rawPrediction() != null ? 1 : 0);
        Object[] values = new Object[keep + extra];
        for (int c = 0; c < keep; c++) {
            values[c] = in.get(c);
        }
        int at = keep;
        switch (spec.task()) {
            case REGRESSION -> values[at] = out[r];
            case BINARY, MULTICLASS -> {
                double[] p = spec.task() == io.sparkgrad.spark.model.Task.BINARY
                        ? new double[] {1 - out[r], out[r]} : Arrays.copyOfRange(out, r * k, (r + 1) * k);
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                if (columns.rawPrediction() != null) {
                    double[] raw = new double[p.length];
                    for (int c = 0; c < p.length; c++) {
                        raw[c] = Math.log(p[c]);
                    }
                    values[at++] = Vectors.dense(raw);
                }
                if (columns.probability() != null) {
                    values[at++] = Vectors.dense(p);
                }
                if (columns.prediction() != null) {
                    values[at] = (double) best;
                }
            }
        }
        return RowFactory.create(values);
    }
}
