package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.LocalSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark ML door from Java: the same fit as TrainJob's, evaluators reading its output, persistence. */
class SparkgradEstimatorTest extends LocalSparkTest {
    private static Dataset<Row> cancer;
    private static String[] features;

    @BeforeAll
    static void data() {
        cancer = spark.read().option("header", true).option("inferSchema", true).csv("datasets/breast_cancer.csv");
        features = Arrays.stream(cancer.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
    }

    private static Pipeline pipeline(SparkgradClassifier classifier) {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(features).setOutputCol("features"), classifier});
    }

    @Test
    void aPipelineFitsScoresAndIsReadByASparkEvaluator() {
        PipelineModel m = pipeline(new SparkgradClassifier().setRegParam(0.001).setNumPartitions(2)).fit(cancer);
        Dataset<Row> scored = m.transform(cancer);
        List<String> columns = Arrays.asList(scored.columns());
        assertTrue(columns.containsAll(List.of("rawPrediction", "probability", "prediction")), columns.toString());
        Row first = scored.first();
        Vector p = first.getAs("probability");
        assertEquals(2, p.size());
        assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12);
        double auc = new BinaryClassificationEvaluator().evaluate(scored);
        assertTrue(auc > 0.99, "area under ROC " + auc);
        SparkgradClassificationModel model = (SparkgradClassificationModel) m.stages()[1];
        assertEquals(30, model.numFeatures());
        assertEquals("mean_radius", model.featureNames().get(0), "names from VectorAssembler's attributes");
        assertTrue(model.summary().totalIterations() < 100);
        // the summary's figures are the evaluators' own on the same rows
        assertEquals(auc, model.summary().train().get("areaUnderROC"), 1e-12);
        assertEquals(new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator().setMetricName("f1")
                .evaluate(scored), model.summary().train().get("f1"), 1e-12);
    }

    @Test
    void theEstimatorAndTrainJobFitTheSameParametersBitForBit() throws Exception {
        SparkgradClassifier c = new SparkgradClassifier().setFeatureCols(features).setRegParam(0.001).setNumPartitions(2)
                .setSeed(7).setValidationFraction(0.2);
        SparkgradClassificationModel viaEstimator = c.fit(cancer);
        // regParam is MLlib's, on coefficients standardised by the sample std: the job's l2 on its
        // population-standardised ones is regParam · n / (n − 1), n the rows handed to fit
        long n = cancer.count();
        double l2 = 0.001 * (n / (n - 1.0));
        TrainJob.Result viaJob = TrainJob.train(spark, LocalSpark.config("""
                data { path = "datasets/breast_cancer.csv", seed = 7, validationFraction = 0.2, order = canonical }
                model.type = logistic
                training { l2 = %s, partitions = 2, seed = 7 }
                """.formatted(Double.toString(l2)), dir.resolve("job")));
        for (String name : viaJob.parameters().keySet()) {
            assertArrayEquals(viaJob.parameters().get(name).toArray(),
                    viaEstimator.savedModel().parameters().get(name).toArray(), name);
        }
    }

    @Test
    void aSavedPipelineModelLoadsAndScoresTheSame() throws Exception {
        PipelineModel m = pipeline(new SparkgradClassifier().setModelType("mlp").setHiddenLayers(8).setMaxIter(30)
                .setNumPartitions(2)).fit(cancer);
        String path = dir.resolve("pipeline").toString();
        m.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> a = m.transform(cancer).select("probability", "prediction").collectAsList();
        List<Row> b = loaded.transform(cancer).select("probability", "prediction").collectAsList();
        assertEquals(a, b);
        assertTrue(!((SparkgradClassificationModel) loaded.stages()[1]).hasSummary());
    }

    @Test
    void badParamsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkgradClassifier().setFeaturesCol("nope").fit(cancer));
        assertTrue(e.getMessage().contains("features column 'nope' not found"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparkgradClassifier().setFeatureCols(features)
                .setConfig("training.maxIteration = 3").fit(cancer));
        assertTrue(e.getMessage().contains("unknown config key 'training.maxIteration'"), e.getMessage());
    }
}
