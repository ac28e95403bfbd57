package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.ConfigError;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import io.sparkgrad.spark.config.FitConfig;
import io.sparkgrad.spark.data.SparseData;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.data.TrainingData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The l1 and elastic-net penalties through OWL-QN: MLlib's {@code LogisticRegression} coefficient
 * for coefficient on the same rows, zero for zero; {@code training.l1} with the default optimizer
 * in the job, resumed bit for bit.
 */
class ElasticNetTest extends LocalSparkTest {
    private static Dataset<Row> scaled;

    @BeforeAll
    static void data() {
        Dataset<Row> cancer = spark.read().option("header", true).option("inferSchema", true)
                .csv("datasets/breast_cancer.csv");
        String[] features = Arrays.stream(cancer.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol("raw").transform(cancer);
        // the same standardised rows for both (standardization = false in both: the penalty is on
        // these coefficients in either, whatever each one's own standard deviations are)
        scaled = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true).setWithStd(true)
                .fit(assembled).transform(assembled).select("features", "label").cache();
    }

    private static void matchesMLlib(double regParam, double alpha) {
        LogisticRegressionModel mllib = new LogisticRegression().setRegParam(regParam).setElasticNetParam(alpha)
                .setStandardization(false).setTol(1e-12).setMaxIter(5000).fit(scaled);
        SparkgradClassificationModel ours = new SparkgradClassifier().setRegParam(regParam).setElasticNetParam(alpha)
                .setStandardization(false).setTol(0).setMaxIter(5000).setNumPartitions(2)
                .setConfig("training.gradientTolerance = 1e-11").fit(scaled);
        assertEquals(Arrays.stream(ours.savedModel().parameters().get("weight").toArray()).boxed().toList(),
                Arrays.stream(ours.coefficients().toArray()).boxed().toList(), "unstandardised: the coefficients are the weights");
        sameCoefficients(mllib.coefficients().toArray(), mllib.intercept(), ours.coefficients().toArray(), ours.intercept(), 5);
    }

    /** Within 1e-4 of the largest coefficient, and zero exactly where MLlib's are. */
    private static void sameCoefficients(double[] expected, double expectedIntercept, double[] got, double intercept,
            int minZeros) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        int zeros = 0;
        for (int j = 0; j < expected.length; j++) {
            if (expected[j] == 0) {
                zeros++;
                assertEquals(0.0, got[j], 0.0, "coefficient " + j + " is an exact zero in MLlib's fit");
            } else {
                assertEquals(expected[j], got[j], 1e-4 * scale, "coefficient " + j);
                assertTrue(got[j] != 0, "coefficient " + j + " is not zero in MLlib's fit");
            }
        }
        assertTrue(zeros >= minZeros && zeros < expected.length, "the case must drop some coefficients and keep others: "
                + zeros);
        assertEquals(expectedIntercept, intercept, 1e-4 * scale, "intercept");
    }

    @Test
    void standardizedElasticNetMatchesMLlibInTheOriginalFeatureSpace() {
        Dataset<Row> raw = scaled.sparkSession().read().option("header", true).option("inferSchema", true)
                .csv("datasets/breast_cancer.csv");
        String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> rows = new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw)
                .select("features", "label").cache();
        LogisticRegressionModel mllib = new LogisticRegression().setRegParam(0.03).setElasticNetParam(0.8)
                .setTol(1e-12).setMaxIter(5000).fit(rows);
        SparkgradClassificationModel ours = new SparkgradClassifier().setRegParam(0.03).setElasticNetParam(0.8)
                .setTol(0).setMaxIter(5000).setNumPartitions(2).setConfig("training.gradientTolerance = 1e-11").fit(rows);
        sameCoefficients(mllib.coefficients().toArray(), mllib.intercept(), ours.coefficients().toArray(), ours.intercept(), 5);
        // the coefficients score raw rows as the model does
        Row first = ours.transform(rows).first();
        double[] x = ((org.apache.spark.ml.linalg.Vector) first.getAs("features")).toArray();
        double margin = ours.intercept();
        for (int j = 0; j < x.length; j++) {
            margin += ours.coefficients().apply(j) * x[j];
        }
        double p1 = ((org.apache.spark.ml.linalg.Vector) first.getAs("probability")).apply(1);
        assertEquals(1 / (1 + Math.exp(-margin)), p1, 1e-12);
        assertEquals(1, ours.coefficientMatrix().numRows());
        assertEquals(ours.intercept(), ours.interceptVector().apply(0), 0.0);
    }

    @Test
    void elasticNetLinearRegressionMatchesMLlibsLinearRegression() {
        Dataset<Row> raw = scaled.sparkSession().read().option("header", true).option("inferSchema", true)
                .csv("datasets/diabetes.csv");
        String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> rows = new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw)
                .select("features", "label").cache();
        LinearRegressionModel mllib = new LinearRegression().setSolver("l-bfgs").setRegParam(2.0).setElasticNetParam(0.7)
                .setTol(1e-12).setMaxIter(5000).fit(rows);
        SparkgradRegressionModel ours = new SparkgradRegressor().setRegParam(2.0).setElasticNetParam(0.7)
                .setTol(0).setMaxIter(5000).setNumPartitions(2).setConfig("training.gradientTolerance = 1e-11").fit(rows);
        sameCoefficients(mllib.coefficients().toArray(), mllib.intercept(), ours.coefficients().toArray(), ours.intercept(), 1);
    }

    /** The descriptions of the jobs {@code fit} starts before its ingest pass (null for an undescribed job). */
    private static List<String> jobsBeforeIngest(SparkgradRegressor estimator, Dataset<Row> rows) throws Exception {
        List<String> jobs = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                jobs.add(job.properties() == null ? null : job.properties().getProperty("spark.job.description"));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            estimator.setMaxIter(2).fit(rows);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        int ingest = 0;
        while (ingest < jobs.size() && !String.valueOf(jobs.get(ingest)).startsWith("sparkgrad: read, check, count and pack")) {
            ingest++;
        }
        assertTrue(ingest < jobs.size(), "the fit's ingest pass ran: " + jobs);
        return jobs.subList(0, ingest);
    }

    @Test
    void anElasticNetLinearFitReadsNoRowsBeforeItsIngestPassWhoseCountAndLabelSpreadAreSparkSqls() throws Exception {
        Dataset<Row> raw = scaled.sparkSession().read().option("header", true).option("inferSchema", true)
                .csv("datasets/diabetes.csv");
        String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> rows = new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw)
                .select("features", "label").repartition(3).cache();
        rows.count();
        // regParam's l1 and l2 depend on n and σ_y: no job of their own before the ingest, as an unpenalised fit
        assertEquals(jobsBeforeIngest(new SparkgradRegressor(), rows),
                jobsBeforeIngest(new SparkgradRegressor().setRegParam(2.0).setElasticNetParam(0.7), rows));

        // n and σ_y from the ingest pass, bit for bit what count and stddev_samp give on the same partitions
        Row expected = rows.agg(functions.count(functions.lit(1)), functions.stddev_samp(functions.col("label").cast("double")))
                .first();
        SparkgradRegressor estimator = new SparkgradRegressor().setRegParam(2.0).setElasticNetParam(0.7);
        FitConfig cfg = estimator.fitConfig(rows, List.of(), false, "the diabetes rows");
        try (TrainingData data = SparseData.load(spark, TableReader.fromDataFrame(rows, "the diabetes rows"), cfg.data(),
                cfg.model(), 3, null)) {
            assertEquals(442, expected.getLong(0));
            assertEquals(expected.getLong(0), data.rowsRead());
            assertEquals(expected.getDouble(1), data.labelSampleStd(), 0.0, "the label's sample standard deviation");
        }
    }

    @Test
    void elasticNetLogisticRegressionMatchesMLlibCoefficientForCoefficient() {
        matchesMLlib(0.05, 0.5);
    }

    @Test
    void lassoLogisticRegressionMatchesMLlibCoefficientForCoefficient() {
        matchesMLlib(0.02, 1.0);
    }

    private static final String JOB = """
            data { path = "datasets/breast_cancer.csv", seed = 7 }
            model.type = logistic
            training { l1 = 0.02, l2 = 0.01, maxIterations = 10, tolerance = 0, partitions = 2, checkpointInterval = 5 }
            output.overwrite = true
            """;

    private static double[] flat(TrainJob.Result r) {
        return r.parameters().values().stream().flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void trainingL1WithTheDefaultOptimizerIsOwlqnWithExactZerosAndResumesBitForBit() throws Exception {
        TrainJob.Result straight = TrainJob.train(spark, LocalSpark.config(JOB, dir.resolve("straight")));
        double[] w = straight.parameters().get("weight").toArray();
        long zeros = Arrays.stream(w).filter(v -> v == 0.0).count();
        assertTrue(zeros >= 5 && zeros < w.length, "exact zeros: " + zeros + " of " + w.length);
        assertEquals(10, straight.metrics().size());
        // the reported objective carries the l1 term: it is above the loss by more than the l2 term alone
        double l1Term = 0.02 * Arrays.stream(w).map(Math::abs).sum();
        var last = straight.metrics().get(9);
        assertTrue(last.objective() - last.loss() >= l1Term, last.toString());
        // model.json carries the coefficients in the original feature space
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                dir.resolve("straight/out/model/model.json").toFile()).path("linear");
        assertEquals(1, json.path("coefficients").size());
        assertEquals(w.length, json.path("coefficients").path(0).size());
        assertEquals(1, json.path("intercepts").size());
        for (int j = 0; j < w.length; j++) {
            assertEquals(w[j] == 0, json.path("coefficients").path(0).path(j).asDouble() == 0, "zero " + j);
        }

        Path crashed = dir.resolve("crashed");
        System.setProperty("sparkgrad.fault", "crash-after:5");
        try {
            assertThrows(IllegalStateException.class, () -> TrainJob.train(spark, LocalSpark.config(JOB, crashed)));
        } finally {
            System.clearProperty("sparkgrad.fault");
        }
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(JOB + "training.resumeFrom = \""
                + crashed.resolve("out.checkpoints") + "\"\n", crashed));
        assertEquals(6, resumed.metrics().get(0).iteration());
        assertArrayEquals(flat(straight), flat(resumed), "parameters, bit for bit");
        for (int i = 0; i < 5; i++) {
            assertEquals(Double.doubleToRawLongBits(straight.metrics().get(5 + i).objective()),
                    Double.doubleToRawLongBits(resumed.metrics().get(i).objective()), "objective of iteration " + (6 + i));
        }
    }

    @Test
    void l1WithoutALineSearchIsRefusedNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> LocalSpark.config(JOB + "optimizer.lineSearch = none\n",
                dir.resolve("refused")));
        assertTrue(e.getMessage().contains("'optimizer.lineSearch' = none cannot be used with training.l1 > 0"),
                e.getMessage());
    }
}
