package io.sparkgrad.spark.train;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums over scored rows from which the summary metrics follow: accuracy and log-loss for
 * classifiers; RMSE, MAE and R² for regression — each weighted by the rows' weights (1 without
 * weights, which sums to exactly the unweighted figures). Classifiers with at most
 * {@link #MAX_CONFUSION_CLASSES} classes also count a confusion matrix (rows: true class,
 * columns: predicted; unweighted counts).
 */
public final class EvaluationSums implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Probabilities are clipped to [ε, 1 − ε] in the log-loss, as scikit-learn does. */
    private static final double EPS = 1e-15;
    /** Above this many classes no confusion matrix is kept (it would not fit a page, nor a task result). */
    public static final int MAX_CONFUSION_CLASSES = 100;

    private long rows;
    private double weight;
    private double logLoss;
    private double correct;
    private double squaredError;
    private double absoluteError;
    private double labelSum;
    private double labelSquares;
    private long[][] confusion;

    private static double w(double[] weights, int r) {
        return weights == null ? 1.0 : weights[r];
    }

    /** Adds a block of regression predictions [rows]; {@code weights} null for 1 each. */
    void addRegression(double[] prediction, double[] labels, double[] weights, int n) {
        for (int r = 0; r < n; r++) {
            double wr = w(weights, r);
            double e = prediction[r] - labels[r];
            squaredError += wr * (e * e);
            absoluteError += wr * Math.abs(e);
            labelSum += wr * labels[r];
            labelSquares += wr * (labels[r] * labels[r]);
            weight += wr;
        }
        rows += n;
    }

    /** Adds a block of P(class 1) [rows]. */
    void addBinary(double[] p1, double[] labels, double[] weights, int n) {
        for (int r = 0; r < n; r++) {
            double wr = w(weights, r);
            double p = Math.min(Math.max(p1[r], EPS), 1 - EPS);
            boolean positive = labels[r] == 1.0;
            logLoss -= wr * (positive ? Math.log(p) : Math.log(1 - p));
            boolean predicted = p1[r] >= 0.5;
            correct += predicted == positive ? wr : 0;
            weight += wr;
            count(2, positive ? 1 : 0, predicted ? 1 : 0);
        }
        rows += n;
    }

    /** Adds a block of class probabilities [rows, k], row-major. */
    void addMulticlass(double[] probabilities, double[] labels, double[] weights, int n, int k) {
        for (int r = 0; r < n; r++) {
            double wr = w(weights, r);
            int base = r * k;
            int label = (int) labels[r];
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[base + c] > probabilities[base + best]) {
                    best = c;
                }
            }
            double p = Math.min(Math.max(probabilities[base + label], EPS), 1 - EPS);
            logLoss -= wr * Math.log(p);
            correct += best == label ? wr : 0;
            weight += wr;
            count(k, label, best);
        }
        rows += n;
    }

    private void count(int k, int truth, int predicted) {
        if (k > MAX_CONFUSION_CLASSES) {
            return;
        }
        if (confusion == null) {
            confusion = new long[k][k];
        }
        confusion[truth][predicted]++;
    }

    public EvaluationSums merge(EvaluationSums o) {
        rows += o.rows;
        weight += o.weight;
        logLoss += o.logLoss;
        correct += o.correct;
        squaredError += o.squaredError;
        absoluteError += o.absoluteError;
        labelSum += o.labelSum;
        labelSquares += o.labelSquares;
        if (o.confusion != null) {
            if (confusion == null) {
                confusion = new long[o.confusion.length][o.confusion.length];
            }
            for (int t = 0; t < confusion.length; t++) {
                for (int p = 0; p < confusion.length; p++) {
                    confusion[t][p] += o.confusion[t][p];
                }
            }
        }
        return this;
    }

    public long rows() {
        return rows;
    }

    /** Rows by true class (rows) and predicted class (columns), or null (regression, too many classes, no rows). */
    public long[][] confusion() {
        if (confusion == null) {
            return null;
        }
        long[][] out = new long[confusion.length][];
        for (int t = 0; t < out.length; t++) {
            out[t] = confusion[t].clone();
        }
        return out;
    }

    /** The metrics for {@code task}, in the order summary.json lists them; empty with no rows. */
    public Map<String, Double> metrics(Task task) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (rows == 0 || !(weight > 0)) {
            return m;
        }
        if (task.isClassification()) {
            m.put("accuracy", correct / weight);
            m.put("logLoss", logLoss / weight);
        } else {
            double mean = labelSum / weight;
            double total = labelSquares - weight * mean * mean;
            m.put("rmse", Math.sqrt(squaredError / weight));
            m.put("mae", absoluteError / weight);
            m.put("r2", total > 0 ? 1 - squaredError / total : Double.NaN);
        }
        return m;
    }
}
