package io.sparkgrad.spark.report;

import static io.sparkgrad.spark.report.SampleReports.ordered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
    private static final ModelSpec LOGISTIC = new ModelSpec("logistic", 2, List.of(), "relu", Task.BINARY, null, Map.of());

    @Test
    void theBuilderFillsTotalsFromWhatItWasGiven() {
        RunReport r = SampleReports.classifier();
        assertEquals(10.0, r.totalSeconds(), "sum of read 1.5, pack 0.5, train 6, evaluate 1, write 1");
        assertEquals(300, r.iterationsTotal(), "the last iteration's number");
        assertEquals(List.of("read", "pack", "train", "evaluate", "write"), List.copyOf(r.timings().keySet()), "given order");
        assertEquals(List.of("train", "validation"), List.copyOf(r.finalMetrics().keySet()));
        assertEquals(List.of("logLoss", "accuracy"), r.validationMetricNames());
        assertEquals(new RunReport.EarlyStop(240, "logLoss"), r.earlyStopping());
        assertTrue(r.isClassifier());

        RunReport regression = SampleReports.regression();
        assertEquals(4.5, regression.totalSeconds(), "an explicit total wins over the sum of phases");
        assertEquals(new RunReport.Resume("out/housing/checkpoints/iter-20", 20), regression.resumed());
        assertNull(regression.confusion());
        assertNull(regression.earlyStopping());
    }

    @Test
    void aMinimalReportNeedsOnlyTheModel() {
        RunReport r = RunReport.builder().model(LOGISTIC).build();
        assertEquals("sparkgrad run", r.title());
        assertEquals(0, r.iterationsTotal());
        assertTrue(Double.isNaN(r.totalSeconds()), "unknown, not zero");
        assertTrue(r.iterations().isEmpty() && r.validation().isEmpty() && r.finalMetrics().isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunReport.builder().build());
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }

    @Test
    void theReportIsACopyThatCannotChange() {
        Map<String, Double> metrics = new HashMap<>(Map.of("accuracy", 0.9));
        long[][] counts = {{5, 1}, {2, 7}};
        RunReport r = RunReport.builder().model(LOGISTIC).finalMetrics("validation", metrics)
                .confusion(List.of("no", "yes"), counts).build();
        metrics.put("accuracy", 0.1);
        counts[0][0] = 99;
        assertEquals(0.9, r.finalMetrics().get("validation").get("accuracy"));
        assertEquals(5, r.confusion().count(0, 0));
        assertThrows(UnsupportedOperationException.class, () -> r.finalMetrics().get("validation").put("x", 1.0));
        assertThrows(UnsupportedOperationException.class, () -> r.timings().put("x", 1.0));
        r.confusion().counts()[1][1] = -1;
        assertEquals(7, r.confusion().count(1, 1), "counts() hands out a copy");
    }

    @Test
    void aRegressionReportRefusesAConfusionMatrix() {
        RunReport.Builder b = RunReport.builder()
                .model(new ModelSpec("linear", 0, List.of(), "relu", Task.REGRESSION, null, Map.of()))
                .confusion(List.of("a", "b"), new long[][] {{1, 0}, {0, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("a regression model has no confusion matrix; pass null", e.getMessage());
    }

    @Test
    void nullMetricValuesAreRefusedWithTheirName() {
        Map<String, Double> m = new HashMap<>();
        m.put("rmse", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.builder().model(LOGISTIC).validationPoint(7, m));
        assertTrue(e.getMessage().contains("iteration 7") && e.getMessage().contains("rmse"), e.getMessage());
    }

    @Test
    void describeSummarisesTheModelSpec() {
        assertEquals("logistic", RunReport.describe(LOGISTIC));
        assertEquals("mlp, hidden [16, 8] tanh, 3 classes", RunReport.describe(
                new ModelSpec("mlp", 3, List.of(16, 8), "tanh", Task.MULTICLASS, null, Map.of())));
        assertEquals("class, class com.example.Poly, options {degree=3, ridge=0.1}", RunReport.describe(new ModelSpec("class", 0,
                List.of(), "relu", Task.REGRESSION, "com.example.Poly", Map.of("ridge", "0.1", "degree", "3"))));
        RunReport r = RunReport.builder().model(LOGISTIC).build();
        assertEquals("logistic", r.modelType());
        assertEquals(Task.BINARY, r.task());
    }

    @Test
    void confusionSharesAreRowNormalised() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b", "c"), new long[][] {{15, 0, 0}, {0, 13, 2}, {0, 0, 0}});
        assertEquals(1.0, m.share(0, 0));
        assertEquals(13.0 / 15, m.share(1, 1));
        assertEquals(2.0 / 15, m.share(1, 2));
        assertEquals(0.0, m.share(0, 1));
        assertTrue(Double.isNaN(m.share(2, 2)), "a class without rows has no shares");
        assertEquals(15, m.rowTotal(1));
        assertEquals(30, m.total());
        assertArrayEquals(new long[] {0, 13, 2}, m.counts()[1]);
    }

    @Test
    void confusionMatricesOfTheWrongShapeAreRefusedSayingWhy() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("a", "b"), new long[][] {{1, 2}}));
        assertEquals("confusion matrix: expected 2 rows (one per label [a, b]), got 1", rows.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("a", "b"), new long[][] {{1, 2}, {3}}));
        assertEquals("confusion matrix: row 1 ('b') has 1 columns; expected 2", cols.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("a"), new long[][] {{-1}}));
        assertEquals("confusion matrix: count [0][0] is -1; expected a count >= 0", negative.getMessage());
    }

    @Test
    void metricsKeepTheirOrder() {
        RunReport r = RunReport.builder().model(LOGISTIC)
                .finalMetrics("validation", ordered("z", 1, "a", 2, "m", 3)).build();
        assertEquals(List.of("z", "a", "m"), List.copyOf(r.finalMetrics().get("validation").keySet()));
    }
}
