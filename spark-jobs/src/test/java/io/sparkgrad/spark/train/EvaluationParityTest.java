package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.ml.SparkgradClassificationModel;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.ml.SparkgradRegressionModel;
import io.sparkgrad.spark.ml.SparkgradRegressor;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.state.ParameterVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/**
 * The evaluation's figures are Spark ML's evaluators' own on the same rows (to 1e-4, most to
 * 1e-12): binary areas on tie-heavy and on many-distinct scores (where the evaluator's default 1000
 * bins group them), weighted F1 / precision / recall and accuracy, regression's five figures — from
 * one pass over the blocks, with the same bits every run.
 */
class EvaluationParityTest extends LocalSparkTest {
    private static final StructType BINARY_ROWS = new StructType()
            .add("label", DataTypes.DoubleType).add("weight", DataTypes.DoubleType)
            .add("rawPrediction", SQLDataTypes.VectorType()).add("prediction", DataTypes.DoubleType);

    /** Scores p1 for labels and weights, in {@code parts} partitions' sums merged in order, and as rows. */
    private static EvaluationSums binarySums(double[] p1, double[] labels, double[] weights, int parts) {
        EvaluationSums total = null;
        int n = p1.length;
        for (int part = 0; part < parts; part++) {
            int from = part * n / parts;
            int to = (part + 1) * n / parts;
            EvaluationSums s = new EvaluationSums();
            s.addBinary(Arrays.copyOfRange(p1, from, to), Arrays.copyOfRange(labels, from, to),
                    weights == null ? null : Arrays.copyOfRange(weights, from, to), to - from);
            total = total == null ? s.seal() : total.merge(s.seal());
        }
        return total;
    }

    private static Dataset<Row> binaryRows(double[] p1, double[] labels, double[] weights, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < p1.length; r++) {
            rows.add(RowFactory.create(labels[r], weights == null ? 1.0 : weights[r],
                    Vectors.dense(Math.log(1 - p1[r]), Math.log(p1[r])), p1[r] > 1 - p1[r] ? 1.0 : 0.0));
        }
        return spark.createDataFrame(rows, BINARY_ROWS).repartition(partitions);
    }

    private static void assertClassificationParity(Map<String, Double> m, Dataset<Row> rows, boolean weighted,
            double tolerance) {
        for (String metric : List.of("accuracy", "f1", "weightedPrecision", "weightedRecall")) {
            MulticlassClassificationEvaluator e = new MulticlassClassificationEvaluator().setMetricName(metric);
            if (weighted) {
                e.setWeightCol("weight");
            }
            assertEquals(e.evaluate(rows), m.get(metric), tolerance, metric);
        }
    }

    @Test
    void binaryFiguresOnTieHeavyWeightedScoresEqualTheEvaluators() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 3000;
        double[] p1 = new double[n];
        double[] labels = new double[n];
        double[] weights = new double[n];
        for (int r = 0; r < n; r++) {
            p1[r] = (1 + random.nextInt(19)) / 20.0; // 19 distinct scores: every one a tie of ~160 rows
            labels[r] = random.nextDouble() < p1[r] ? 1 : 0;
            weights[r] = new double[] {0.5, 1, 2}[random.nextInt(3)];
        }
        Map<String, Double> m = binarySums(p1, labels, weights, 3).metrics(Task.BINARY);
        Dataset<Row> rows = binaryRows(p1, labels, weights, 3);
        for (String metric : List.of("areaUnderROC", "areaUnderPR")) {
            double spark = new BinaryClassificationEvaluator().setMetricName(metric).setWeightCol("weight").evaluate(rows);
            assertEquals(spark, m.get(metric), 1e-12, metric);
        }
        assertClassificationParity(m, rows, true, 1e-12);
    }

    @Test
    void binaryAreasOnManyDistinctScoresEqualTheEvaluatorsBinnedAndExact() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 30_000;
        double[] p1 = new double[n];
        double[] labels = new double[n];
        for (int r = 0; r < n; r++) {
            labels[r] = random.nextDouble() < 0.3 ? 1 : 0;
            double z = random.nextGaussian() + (labels[r] == 1 ? 1.2 : 0) - 0.8;
            p1[r] = 1 / (1 + Math.exp(-z));
        }
        EvaluationSums sums = binarySums(p1, labels, null, 4);
        Map<String, Double> m = sums.metrics(Task.BINARY);
        Dataset<Row> rows = binaryRows(p1, labels, null, 4).cache();
        // 30,000 distinct scores: the evaluator's default groups them in chunks of 30 (restarting at each
        // partition of its sort), which moves the areas by less than 1e-4
        BinaryClassificationEvaluator roc = new BinaryClassificationEvaluator();
        BinaryClassificationEvaluator pr = new BinaryClassificationEvaluator().setMetricName("areaUnderPR");
        assertEquals(roc.evaluate(rows), m.get("areaUnderROC"), 1e-4);
        assertEquals(pr.evaluate(rows), m.get("areaUnderPR"), 1e-4);
        // every distinct score a point: the exact areas
        ScoreCurve curve = curveOf(sums);
        assertEquals(n, curve.distinctScores());
        assertEquals(roc.setNumBins(0).evaluate(rows), curve.areaUnderROC(0), 1e-12);
        assertEquals(pr.setNumBins(0).evaluate(rows), curve.areaUnderPR(0), 1e-12);
        assertClassificationParity(m, rows, false, 1e-12);
        rows.unpersist();
    }

    private static ScoreCurve curveOf(EvaluationSums sums) {
        try {
            java.lang.reflect.Field f = EvaluationSums.class.getDeclaredField("curve");
            f.setAccessible(true);
            return (ScoreCurve) f.get(sums);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void breastCancerThroughTheEstimatorEqualsEveryBinaryEvaluator() {
        Dataset<Row> cancer = spark.read().option("header", true).option("inferSchema", true)
                .csv("datasets/breast_cancer.csv");
        String[] features = Arrays.stream(cancer.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        SparkgradClassificationModel model = new SparkgradClassifier().setFeatureCols(features).setRegParam(0.01)
                .setNumPartitions(2).setMaxIter(20).fit(cancer);
        Dataset<Row> scored = model.transform(cancer).cache();
        Map<String, Double> m = model.summary().train();
        for (String metric : List.of("areaUnderROC", "areaUnderPR")) {
            assertEquals(new BinaryClassificationEvaluator().setMetricName(metric).evaluate(scored), m.get(metric), 1e-12,
                    metric);
        }
        assertClassificationParity(m, scored, false, 1e-12);
    }

    @Test
    void validationDuringTrainingGivesTheFinalEvaluationsFiguresAndCanStopOnAnArea() {
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("""
                data { path = "datasets/breast_cancer.csv", seed = 7, validationFraction = 0.3 }
                model.type = logistic
                training { maxIterations = 4, partitions = 2, validateEvery = 1,
                           earlyStopping { metric = areaUnderPR, patience = 10 } }
                """, dir.resolve("validated")));
        // early stopping on areaUnderPR keeps the iteration with the largest one (the first, on a tie)
        IterationMetrics best = r.metrics().get(0);
        for (IterationMetrics m : r.metrics()) {
            best = m.validation().get("areaUnderPR") > best.validation().get("areaUnderPR") ? m : best;
        }
        assertEquals(List.of("accuracy", "logLoss", "areaUnderROC", "areaUnderPR", "f1", "weightedPrecision",
                "weightedRecall"), List.copyOf(best.validation().keySet()));
        for (String k : best.validation().keySet()) {
            assertEquals(Double.doubleToRawLongBits(best.validation().get(k)), Double.doubleToRawLongBits(r.validation().get(k)),
                    "the kept iteration's validation is the final evaluation of the held-out rows: " + k);
        }
    }

    @Test
    void digitsThroughTheEstimatorEqualsTheMulticlassEvaluator() {
        Dataset<Row> digits = spark.read().option("header", true).option("inferSchema", true).csv("datasets/digits.csv");
        String[] features = Arrays.stream(digits.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        SparkgradClassificationModel model = new SparkgradClassifier().setFeatureCols(features).setRegParam(0.01)
                .setNumPartitions(2).setMaxIter(5).fit(digits);
        Map<String, Double> m = model.summary().train();
        assertTrue(m.get("accuracy") < 0.999, "an unfinished fit, so that the classes' figures differ: " + m);
        assertClassificationParity(m, model.transform(digits).cache(), false, 1e-12);
    }

    @Test
    void diabetesThroughTheEstimatorEqualsTheRegressionEvaluator() {
        Dataset<Row> diabetes = spark.read().option("header", true).option("inferSchema", true)
                .csv("datasets/diabetes.csv");
        String[] features = Arrays.stream(diabetes.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        SparkgradRegressionModel model = new SparkgradRegressor().setFeatureCols(features).setNumPartitions(2)
                .setMaxIter(30).fit(diabetes);
        Map<String, Double> m = model.summary().train();
        Dataset<Row> scored = model.transform(diabetes);
        assertRegressionParity(m, scored, null);
    }

    @Test
    void weightedRegressionFiguresEqualTheRegressionEvaluator() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 2000;
        double[] prediction = new double[n];
        double[] labels = new double[n];
        double[] weights = new double[n];
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            labels[r] = 100 + 10 * random.nextGaussian();
            prediction[r] = labels[r] + 3 * random.nextGaussian() + 1;
            weights[r] = 0.25 + 2 * random.nextDouble();
            rows.add(RowFactory.create(labels[r], prediction[r], weights[r]));
        }
        EvaluationSums a = new EvaluationSums();
        EvaluationSums b = new EvaluationSums();
        a.addRegression(Arrays.copyOfRange(prediction, 0, 700), Arrays.copyOfRange(labels, 0, 700),
                Arrays.copyOfRange(weights, 0, 700), 700);
        b.addRegression(Arrays.copyOfRange(prediction, 700, n), Arrays.copyOfRange(labels, 700, n),
                Arrays.copyOfRange(weights, 700, n), n - 700);
        Map<String, Double> m = a.seal().merge(b.seal()).metrics(Task.REGRESSION);
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("prediction", DataTypes.DoubleType)
                .add("weight", DataTypes.DoubleType);
        assertRegressionParity(m, spark.createDataFrame(rows, schema), "weight");
    }

    private static void assertRegressionParity(Map<String, Double> m, Dataset<Row> scored, String weightCol) {
        Map<String, String> names = Map.of("rmse", "rmse", "mse", "mse", "mae", "mae", "r2", "r2",
                "explainedVariance", "var");
        for (Map.Entry<String, String> e : names.entrySet()) {
            RegressionEvaluator evaluator = new RegressionEvaluator().setMetricName(e.getValue());
            if (weightCol != null) {
                evaluator.setWeightCol(weightCol);
            }
            double spark = evaluator.evaluate(scored);
            assertEquals(spark, m.get(e.getKey()), 1e-9 * Math.max(1, Math.abs(spark)), e.getKey());
        }
    }

    @Test
    void theEvaluationReadsEachBlockOnceInOneJobAndGivesTheSameBitsEveryRun() throws Exception {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ModelSpec spec = new ModelSpec("logistic", 2, List.of(), "relu", Task.BINARY, null, Map.of());
        ParameterVector theta = ParameterVector.of(Models.create(spec, 3).initialParameters(11));
        SplittableRandom random = new SplittableRandom(9);
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            int rows = 300;
            double[] x = new double[rows * 3];
            double[] y = new double[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                y[r] = x[r * 3] + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
            }
            blocks.add(new Block(rows, 3, x, y));
        }
        LongAccumulator reads = sc.sc().longAccumulator("block reads");
        JavaRDD<Block> rdd = sc.parallelize(blocks, 4).map(b -> {
            reads.add(1);
            return b;
        });
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(listener);
        Map<String, Double> first;
        try {
            first = Evaluator.evaluate(sc, rdd, spec, 3, theta, 2).metrics(Task.BINARY);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(8, reads.value(), "each block read once");
            assertEquals(1, jobs.get(), "one Spark job");
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertTrue(first.keySet().containsAll(List.of("accuracy", "logLoss", "areaUnderROC", "areaUnderPR", "f1")),
                first.toString());
        for (int run = 0; run < 2; run++) {
            Map<String, Double> again = Evaluator.evaluate(sc, rdd, spec, 3, theta, 2).metrics(Task.BINARY);
            for (String k : first.keySet()) {
                assertEquals(Double.doubleToRawLongBits(first.get(k)), Double.doubleToRawLongBits(again.get(k)), k);
            }
        }
    }
}
