package io.sparkgrad.spark.train;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums over scored rows from which the summary metrics follow: accuracy and log-loss for
 * classifiers; RMSE, MAE and R² for regression.
 */
public final class EvaluationSums implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Probabilities are clipped to [ε, 1 − ε] in the log-loss, as scikit-learn does. */
    private static final double EPS = 1e-15;

    private long rows;
    private double logLoss;
    private long correct;
    private double squaredError;
    private double absoluteError;
    private double labelSum;
    private double labelSquares;

    /** Adds a block of regression predictions [rows]. */
    void addRegression(double[] prediction, double[] labels, int n) {
        for (int r = 0; r < n; r++) {
            double e = prediction[r] - labels[r];
            squaredError += e * e;
            absoluteError += Math.abs(e);
            labelSum += labels[r];
            labelSquares += labels[r] * labels[r];
        }
        rows += n;
    }

    /** Adds a block of P(class 1) [rows]. */
    void addBinary(double[] p1, double[] labels, int n) {
        for (int r = 0; r < n; r++) {
            double p = Math.min(Math.max(p1[r], EPS), 1 - EPS);
            boolean positive = labels[r] == 1.0;
            logLoss -= positive ? Math.log(p) : Math.log(1 - p);
            correct += (p1[r] >= 0.5) == positive ? 1 : 0;
        }
        rows += n;
    }

    /** Adds a block of class probabilities [rows, k], row-major. */
    void addMulticlass(double[] probabilities, double[] labels, int n, int k) {
        for (int r = 0; r < n; r++) {
            int base = r * k;
            int label = (int) labels[r];
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[base + c] > probabilities[base + best]) {
                    best = c;
                }
            }
            double p = Math.min(Math.max(probabilities[base + label], EPS), 1 - EPS);
            logLoss -= Math.log(p);
            correct += best == label ? 1 : 0;
        }
        rows += n;
    }

    public EvaluationSums merge(EvaluationSums o) {
        rows += o.rows;
        logLoss += o.logLoss;
        correct += o.correct;
        squaredError += o.squaredError;
        absoluteError += o.absoluteError;
        labelSum += o.labelSum;
        labelSquares += o.labelSquares;
        return this;
    }

    public long rows() {
        return rows;
    }

    /** The metrics for {@code task}, in the order summary.json lists them; empty with no rows. */
    public Map<String, Double> metrics(Task task) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (rows == 0) {
            return m;
        }
        if (task.isClassification()) {
            m.put("accuracy", (double) correct / rows);
            m.put("logLoss", logLoss / rows);
        } else {
            double mean = labelSum / rows;
            double total = labelSquares - rows * mean * mean;
            m.put("rmse", Math.sqrt(squaredError / rows));
            m.put("mae", absoluteError / rows);
            m.put("r2", total > 0 ? 1 - squaredError / total : Double.NaN);
        }
        return m;
    }
}
