package io.sparkgrad.spark.score;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.model.LossSettings;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * Scores a partition's (input row, features) pairs a block at a time, dense or sparse alike: the
 * {@link ModelInput} packs and scores each block without autograd, and this hands out the
 * scored rows of one block (the input's first {@code keep} values, then the score columns) while
 * the next waits.
 *
 * @param <R> a row's features as read: {@code double[]} or a {@code SparseRow}
 */
final class BlockScorer<R> implements Iterator<Row> {
    /** Rows per scored block. */
    static final int BLOCK_ROWS = 4096;

    private final Iterator<Tuple2<Row, R>> rows;
    private final ModelInput<R> input;
    private final ModelSpec spec;
    private final Model model;
    private final Map<String, Tensor> params;
    private final int keep;
    private final ScoreColumns columns;
    /** Whether blocks are scored by their margins (hinge models) rather than probabilities. */
    private final boolean margins;
    private final List<Row> pending = new ArrayList<>();
    private int next;

    /** @param keep leading input columns copied into each scored row */
    BlockScorer(Iterator<Tuple2<Row, R>> rows, ModelInput<R> input, ModelSpec spec, int numFeatures,
            ParameterVector theta, int keep, ScoreColumns columns) {
        this.rows = rows;
        this.input = input;
        this.spec = spec;
        this.model = ModelCache.get(spec, numFeatures);
        this.params = theta.unflatten(theta.values());
        this.keep = keep;
        this.columns = columns;
        this.margins = LossSettings.isHinge(spec);
    }

    @Override
    public boolean hasNext() {
        if (next < pending.size()) {
            return true;
        }
        pending.clear();
        next = 0;
        if (rows.hasNext()) {
            scoreBlock();
        }
        return next < pending.size();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.get(next++);
    }

    @SuppressWarnings("try") // the no-grad scope is used for its side effect only
    private void scoreBlock() {
        List<Row> inputs = new ArrayList<>();
        while (rows.hasNext() && inputs.size() < BLOCK_ROWS) {
            Tuple2<Row, R> t = rows.next();
            input.add(t._2());
            inputs.add(t._1());
        }
        double[] out;
        try (var noGrad = GradMode.noGrad()) {
            out = input.score(model, params, margins).toArray();
        }
        for (int r = 0; r < inputs.size(); r++) {
            addScored(inputs.get(r), out, r);
        }
    }

    /**
     * Adds the scored row of input {@code in}, row {@code r} of the block's model output {@code
     * out}: the first {@code keep} input values, then the score columns.
     */
    private void addScored(Row in, double[] out, int r) {
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
                if (margins) {
                    addMargins(values, at, out, r, k);
                    break;
                }
                double[] p = spec.task() == Task.BINARY
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
        pending.add(RowFactory.create(values));
    }

    /**
     * A margin classifier's columns, as MLlib's: {@code LinearSVC}'s rawPrediction [−m, m] and
     * prediction m > 0 (its default threshold 0), or one-vs-rest's rawPrediction of the K margins
     * and prediction their argmax (the first on a tie).
     */
    private void addMargins(Object[] values, int at, double[] out, int r, int k) {
        double[] raw;
        double prediction;
        if (spec.task() == Task.BINARY) {
            double m = out[r];
            raw = new double[] {-m, m};
            prediction = m > 0 ? 1.0 : 0.0;
        } else {
            raw = Arrays.copyOfRange(out, r * k, (r + 1) * k);
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (raw[c] > raw[best]) {
                    best = c;
                }
            }
            prediction = best;
        }
        if (columns.rawPrediction() != null) {
            values[at++] = Vectors.dense(raw);
        }
        if (columns.prediction() != null) {
            values[at] = prediction;
        }
    }
}
