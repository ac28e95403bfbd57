package io.sparkgrad.spark.train;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums over scored rows from which the summary metrics follow, each weighted by the rows' weights
 * (1 without weights, which sums to exactly the unweighted figures): accuracy and log-loss for
 * classifiers, with F1, weighted precision and weighted recall as Spark ML's
 * {@code MulticlassClassificationEvaluator} gives them (from weighted per-class counts) and, for
 * binary classifiers, areaUnderROC and areaUnderPR as its {@code BinaryClassificationEvaluator} gives
 * them (a {@link ScoreCurve}); RMSE, MSE, MAE, R² and explained variance for regression, as its
 * {@code RegressionEvaluator}. A partition adds its blocks and {@link #seal}s; sealed sums merge in
 * the aggregation's fixed order. Classifiers with at most {@link #MAX_CONFUSION_CLASSES} classes also
 * count a confusion matrix (rows: true class, columns: predicted; unweighted counts).
 */
public final class EvaluationSums implements Serializable {
    private static final long serialVersionUID = 3L;

    /** Probabilities are clipped to [ε, 1 − ε] in the log-loss, as scikit-learn does. */
    private static final double EPS = 1e-15;
    /** BinaryClassificationEvaluator's default {@code numBins}, with which the areas are reported. */
    public static final int NUM_BINS = 1000;
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
    private double weightSquares;
    private double predictionSum;
    private double predictionSquares;
    private long[][] confusion;
    // weighted, by class: rows of that true class, rows predicted as it, rows both
    private double[] labelWeight;
    private double[] predictedWeight;
    private double[] truePositiveWeight;
    private ScoreCurve curve;
    private GlmSums glm;

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
            predictionSum += wr * prediction[r];
            predictionSquares += wr * (prediction[r] * prediction[r]);
            weightSquares += wr * wr;
            weight += wr;
        }
        rows += n;
    }

    /**
     * Also sums a GLM's summary figures (deviance, null deviance, dispersion, AIC) over a block of
     * its fitted means; {@code template} is this partition's empty sums, used for the first block.
     */
    void addGlm(GlmSums template, double[] mu, double[] labels, double[] weights, double[] offsets, int n) {
        if (glm == null) {
            glm = template;
        }
        glm.add(mu, labels, weights, offsets, n);
    }

    /** Adds a block of P(class 1) [rows]. */
    void addBinary(double[] p1, double[] labels, double[] weights, int n) {
        for (int r = 0; r < n; r++) {
            double wr = w(weights, r);
            double p = Math.min(Math.max(p1[r], EPS), 1 - EPS);
            boolean positive = labels[r] == 1.0;
            logLoss -= wr * (positive ? Math.log(p) : Math.log(1 - p));
            // the scorer's prediction: the larger of (1 − p, p), class 0 on a tie
            boolean predicted = p1[r] > 1 - p1[r];
            correct += predicted == positive ? wr : 0;
            weight += wr;
            count(2, positive ? 1 : 0, predicted ? 1 : 0, wr);
            if (curve == null) {
                curve = new ScoreCurve();
            }
            // the score BinaryClassificationEvaluator ranks by: rawPrediction[1] = log P(1)
            curve.add(Math.log(p1[r]), labels[r], wr);
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
            count(k, label, best, wr);
        }
        rows += n;
    }

    private void count(int k, int truth, int predicted, double w) {
        if (labelWeight == null) {
            labelWeight = new double[k];
            predictedWeight = new double[k];
            truePositiveWeight = new double[k];
        }
        labelWeight[truth] += w;
        predictedWeight[predicted] += w;
        truePositiveWeight[truth] += truth == predicted ? w : 0;
        if (k > MAX_CONFUSION_CLASSES) {
            return;
        }
        if (confusion == null) {
            confusion = new long[k][k];
        }
        confusion[truth][predicted]++;
    }

    /** Ends a partition's adding (sorts its scores); returns this, ready to merge. */
    public EvaluationSums seal() {
        if (curve != null) {
            curve.seal();
        }
        return this;
    }

    /** Adds {@code o} into this (sealing both); returns this. */
    public EvaluationSums merge(EvaluationSums o) {
        seal();
        o.seal();
        rows += o.rows;
        weight += o.weight;
        logLoss += o.logLoss;
        correct += o.correct;
        squaredError += o.squaredError;
        absoluteError += o.absoluteError;
        labelSum += o.labelSum;
        labelSquares += o.labelSquares;
        weightSquares += o.weightSquares;
        predictionSum += o.predictionSum;
        predictionSquares += o.predictionSquares;
        if (o.labelWeight != null) {
            if (labelWeight == null) {
                labelWeight = new double[o.labelWeight.length];
                predictedWeight = new double[o.labelWeight.length];
                truePositiveWeight = new double[o.labelWeight.length];
            }
            for (int c = 0; c < labelWeight.length; c++) {
                labelWeight[c] += o.labelWeight[c];
                predictedWeight[c] += o.predictedWeight[c];
                truePositiveWeight[c] += o.truePositiveWeight[c];
            }
        }
        if (o.glm != null) {
            glm = glm == null ? o.glm : glm.merge(o.glm);
        }
        if (o.curve != null) {
            curve = curve == null ? new ScoreCurve().seal().merge(o.curve) : curve.merge(o.curve);
        }
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
        seal();
        if (task.isClassification()) {
            m.put("accuracy", correct / weight);
            m.put("logLoss", logLoss / weight);
            if (curve != null) {
                m.put("areaUnderROC", curve.areaUnderROC(NUM_BINS));
                m.put("areaUnderPR", curve.areaUnderPR(NUM_BINS));
            }
            putWeightedByClass(m);
        } else {
            double mean = labelSum / weight;
            // Spark's SStot: the label's weighted sample variance × (W − 1), i.e. M2 · (W − 1) / (W − Σw²/W),
            // which is M2 for unit weights
            double m2 = labelSquares - labelSum * mean;
            double denominator = weight - weightSquares / weight;
            double total = denominator > 0 ? Math.max(m2, 0) / denominator * (weight - 1) : 0;
            m.put("rmse", Math.sqrt(squaredError / weight));
            m.put("mse", squaredError / weight);
            m.put("mae", absoluteError / weight);
            m.put("r2", total > 0 ? 1 - squaredError / total : Double.NaN);
            // Spark's SSreg = Σ w ŷ² + ȳ² W − 2 ȳ Σ w ŷ
            m.put("explainedVariance", (predictionSquares + mean * mean * weight - 2 * mean * predictionSum) / weight);
            if (glm != null) {
                glm.putMetrics(m);
            }
        }
        return m;
    }

    /** MulticlassMetrics' weightedFMeasure, weightedPrecision and weightedRecall, over the classes that occur as labels. */
    private void putWeightedByClass(Map<String, Double> m) {
        if (labelWeight == null) {
            return;
        }
        double f1 = 0;
        double precision = 0;
        double recall = 0;
        for (int c = 0; c < labelWeight.length; c++) {
            if (labelWeight[c] == 0) {
                continue;
            }
            double share = labelWeight[c] / weight;
            double p = predictedWeight[c] == 0 ? 0 : truePositiveWeight[c] / predictedWeight[c];
            double r = truePositiveWeight[c] / labelWeight[c];
            precision += p * share;
            recall += r * share;
            f1 += (p + r == 0 ? 0 : 2 * p * r / (p + r)) * share;
        }
        m.put("f1", f1);
        m.put("weightedPrecision", precision);
        m.put("weightedRecall", recall);
    }
}
