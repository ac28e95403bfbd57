package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.state.IterationMetrics;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a fit reports, as Spark ML models' training summaries do: the metrics of the final
 * parameters on the training rows and on the held-out rows, the confusion matrix, and every
 * iteration. Not saved with the model (a loaded model has none, as in Spark ML).
 *
 * @param train metrics on the training rows: accuracy, logLoss (and, from Spark ML's evaluators,
 *     f1, weightedPrecision, weightedRecall, areaUnderROC, areaUnderPR) for classifiers; rmse,
 *     mae, r2 for regression; and for a glm, as MLlib's {@code GeneralizedLinearRegressionSummary},
 *     deviance, nullDeviance, dispersion and aic (none for a tweedie whose variance power is not 0, 1 or 2)
 * @param validation the same on the held-out rows; empty without a hold-out
 * @param confusion counts by true class (rows) and predicted class (columns) on the held-out
 *     rows (the training rows without a hold-out); null for regression
 * @param cachedBytesPerRow the executor storage the fit's cached blocks took, per row
 * @param timings seconds per phase of the fit: read and check, pack, train, evaluate
 */
public record SparkgradSummary(Map<String, Double> train, Map<String, Double> validation, long[][] confusion,
        List<IterationMetrics> iterations, double cachedBytesPerRow, Map<String, Double> timings) implements Serializable {

    /** Iterations made, counted over resumed runs. */
    public int totalIterations() {
        return iterations.isEmpty() ? 0 : iterations.get(iterations.size() - 1).iteration();
    }

    /** A glm's residual deviance on the training rows, as MLlib's {@code deviance}; NaN for other models. */
    public double deviance() {
        return train.getOrDefault("deviance", Double.NaN);
    }

    /** A glm's null deviance (of the intercept-only model), as MLlib's {@code nullDeviance}; NaN for other models. */
    public double nullDeviance() {
        return train.getOrDefault("nullDeviance", Double.NaN);
    }

    /** A glm's AIC, as MLlib's {@code aic}; NaN for other models and for tweedie with a variance power not 0, 1 or 2. */
    public double aic() {
        return train.getOrDefault("aic", Double.NaN);
    }

    /** A glm's dispersion, as MLlib's {@code dispersion}: 1 for binomial and poisson, else Pearson's χ² / dof. */
    public double dispersion() {
        return train.getOrDefault("dispersion", Double.NaN);
    }

    /** The objective at each iteration, as Spark ML's {@code objectiveHistory}. */
    public double[] objectiveHistory() {
        return iterations.stream().mapToDouble(IterationMetrics::objective).toArray();
    }
}
