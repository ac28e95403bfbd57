package io.sparkgrad.spark.train;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The classification metrics Spark ML's own evaluators compute, on cached blocks scored with the
 * final parameters: area under ROC and PR (binary; {@code BinaryClassificationEvaluator}), F1
 * and weighted precision and recall ({@code MulticlassClassificationEvaluator}), all with the
 * rows' weights. So a number in {@code summary.json} is the number a Spark user's evaluator
 * gives on the same rows.
 */
final class SparkMlMetrics {
    private SparkMlMetrics() {}

    static Map<String, Double> of(SparkSession spark, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            ParameterVector theta) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (!spec.task().isClassification()) {
            return m;
        }
        JavaRDD<Row> rows = blocks.mapPartitions(it -> score(it, spec, numFeatures, theta));
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("weight", DataTypes.DoubleType)
                .add("rawPrediction", SQLDataTypes.VectorType()).add("probability", SQLDataTypes.VectorType())
                .add("prediction", DataTypes.DoubleType);
        Dataset<Row> scored = spark.createDataFrame(rows, schema).cache();
        try {
            if (scored.isEmpty()) {
                return m;
            }
            if (spec.task() == Task.BINARY) {
                BinaryClassificationEvaluator b = new BinaryClassificationEvaluator().setWeightCol("weight");
                m.put("areaUnderROC", b.setMetricName("areaUnderROC").evaluate(scored));
                m.put("areaUnderPR", b.setMetricName("areaUnderPR").evaluate(scored));
            }
            MulticlassClassificationEvaluator e = new MulticlassClassificationEvaluator().setWeightCol("weight");
            for (String metric : List.of("f1", "weightedPrecision", "weightedRecall")) {
                m.put(metric, e.setMetricName(metric).evaluate(scored));
            }
            return m;
        } finally {
            scored.unpersist(false);
        }
    }

    @SuppressWarnings("try") // the no-grad scope is used for its side effect only
    private static java.util.Iterator<Row> score(java.util.Iterator<Block> it, ModelSpec spec, int numFeatures,
            ParameterVector theta) {
        Model model = ModelCache.get(spec, numFeatures);
        Map<String, Tensor> params = theta.unflatten(theta.values());
        List<Row> out = new ArrayList<>();
        try (var noGrad = GradMode.noGrad()) {
            while (it.hasNext()) {
                Block b = it.next();
                double[] p = (b.isSparse() ? model.predict(params, b.sparse()) : model.predict(params, Tensor.wrap(b.features(), b.rows(), b.cols()))).toArray();
                int k = spec.classes();
                for (int r = 0; r < b.rows(); r++) {
                    double[] probs = spec.task() == Task.BINARY ? new double[] {1 - p[r], p[r]}
                            : java.util.Arrays.copyOfRange(p, r * k, (r + 1) * k);
                    double[] raw = new double[probs.length];
                    int best = 0;
                    for (int c = 0; c < probs.length; c++) {
                        raw[c] = Math.log(probs[c]);
                        best = probs[c] > probs[best] ? c : best;
                    }
                    out.add(RowFactory.create(b.labels()[r], b.weights() == null ? 1.0 : b.weights()[r], Vectors.dense(raw),
                            Vectors.dense(probs), (double) best));
                }
            }
        }
        return out.iterator();
    }
}
