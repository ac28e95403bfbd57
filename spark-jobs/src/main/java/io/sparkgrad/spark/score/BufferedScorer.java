package io.sparkgrad.spark.score;

import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition a block at a time: hands out the scored rows of one block while the next
 * waits. Holds what every block is scored with (the model, its parameters, the score columns);
 * subclasses read and pack their own kind of rows.
 */
abstract class BufferedScorer implements java.util.Iterator<Row> {
    /** Rows per scored block. */
    static final int BLOCK_ROWS = 4096;

    final List<Row> pending = new ArrayList<>();
    final Model model;
    final Map<String, Tensor> params;
    private final ModelSpec spec;
    private final int keep;
    private final ScoreColumns columns;
    /** Whether blocks are scored by their margins (hinge models) rather than probabilities. */
    final boolean margins;
    private int next;

    /** @param keep leading input columns copied into each scored row */
    BufferedScorer(ModelSpec spec, int numFeatures, ParameterVector theta, int keep, ScoreColumns columns) {
        this.spec = spec;
        this.model = ModelCache.get(spec, numFeatures);
        this.params = theta.unflatten(theta.values());
        this.keep = keep;
        this.columns = columns;
        this.margins = io.sparkgrad.spark.model.LossSettings.isHinge(spec);
    }

    /** Whether input rows remain. */
    abstract boolean moreInput();

    /** Reads up to {@link #BLOCK_ROWS} input rows and adds their scored rows to {@link #pending}. */
    abstract void scoreBlock();

    @Override
    public final boolean hasNext() {
        if (next < pending.size()) {
            return true;
        }
        pending.clear();
        next = 0;
        if (moreInput()) {
            scoreBlock();
        }
        return next < pending.size();
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.get(next++);
    }

    /**
     * Adds the scored row of input {@code in}, row {@code r} of the block's model output {@code
     * out}: the first {@code keep} input values, then the score columns.
     */
    final void addScored(Row in, double[] out, int r) {
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
        if (spec.task() == io.sparkgrad.spark.model.Task.BINARY) {
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
