package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkgrad.spark.model.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weighted metrics and the confusion matrix, against hand computations. */
class EvaluationSumsTest {

    @Test
    void binaryMetricsAreWeightedAndTheConfusionMatrixCountsRows() {
        EvaluationSums s = new EvaluationSums();
        // P(1) 0.9, 0.2, 0.6 for labels 1, 1, 0, weights 1, 3, 2: row 2 and row 3 are wrong
        s.addBinary(new double[] {0.9, 0.2, 0.6}, new double[] {1, 1, 0}, new double[] {1, 3, 2}, 3);
        Map<String, Double> m = s.metrics(Task.BINARY);
        assertEquals(1.0 / 6, m.get("accuracy"), 1e-15);
        assertEquals(-(Math.log(0.9) + 3 * Math.log(0.2) + 2 * Math.log(0.4)) / 6, m.get("logLoss"), 1e-15);
        assertArrayEquals(new long[][] {{0, 1}, {1, 1}}, s.confusion(), "rows: true class; columns: predicted");
    }

    @Test
    void regressionMetricsAreWeighted() {
        EvaluationSums s = new EvaluationSums();
        s.addRegression(new double[] {1, 2}, new double[] {0, 4}, new double[] {3, 1}, 2);
        Map<String, Double> m = s.metrics(Task.REGRESSION);
        assertEquals(Math.sqrt((3 * 1 + 1 * 4) / 4.0), m.get("rmse"), 1e-15);
        assertEquals((3 * 1 + 1 * 2) / 4.0, m.get("mae"), 1e-15);
        double mean = (0 * 3 + 4 * 1) / 4.0;
        double m2 = 3 * mean * mean + (4 - mean) * (4 - mean);
        // RegressionEvaluator's total sum of squares: the weighted sample variance × (W − 1), here
        // m2 / (W − Σw²/W) × (W − 1) = m2 / (4 − 10/4) × 3 = 2 · m2
        assertEquals(1 - 7 / (2 * m2), m.get("r2"), 1e-12);
        assertEquals(7 / 4.0, m.get("mse"), 1e-15);
        // Σ w (ŷ − ȳ)² / W with ȳ = 1: (3 · 0 + 1 · 1) / 4
        assertEquals(0.25, m.get("explainedVariance"), 1e-15);
    }

    @Test
    void unitWeightsGiveTheUnweightedFigures() {
        EvaluationSums a = new EvaluationSums();
        EvaluationSums b = new EvaluationSums();
        double[] p = {0.1, 0.7, 0.2, 0.2, 0.3, 0.5};
        a.addMulticlass(p, new double[] {1, 0}, null, 2, 3);
        b.addMulticlass(p, new double[] {1, 0}, new double[] {1, 1}, 2, 3);
        assertEquals(a.metrics(Task.MULTICLASS), b.metrics(Task.MULTICLASS));
        assertEquals(0.5, a.metrics(Task.MULTICLASS).get("accuracy"));
    }
}
