package io.sparkgrad.spark.train;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple3;

/**
 * The classification metrics Spark ML's own evaluators compute, on cached blocks scored with the
 * final parameters: area under ROC and PR (binary; {@code BinaryClassificationEvaluator}'s
 * {@code BinaryClassificationMetrics} with its 1000 bins), F1 and weighted precision and recall
 * ({@code MulticlassClassificationEvaluator}'s {@code MulticlassMetrics}), all with the rows'
 * weights — one metrics object each, not one evaluator run per figure. So a number in {@code summary.json} is the number a Spark user's evaluator
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
        // (log P(1) or the predicted class, label, weight): what the ML evaluators hand to these same
        // metrics classes, each metrics object computed once for all its figures
        JavaRDD<Row> rows = blocks.mapPartitions(it -> score(it, spec, numFeatures, theta)).cache();
        try {
            if (rows.isEmpty()) {
                return m;
            }
            if (spec.task() == Task.BINARY) {
                JavaRDD<Tuple3<Object, Object, Object>> scores = rows.map(r -> new Tuple3<>(
                        ((org.apache.spark.ml.linalg.Vector) r.get(2)).apply(1), r.getDouble(0), r.getDouble(1)));
                // BinaryClassificationEvaluator's default of 1000 bins
                BinaryClassificationMetrics b = new BinaryClassificationMetrics(scores.rdd(), 1000);
                m.put("areaUnderROC", b.areaUnderROC());
                m.put("areaUnderPR", b.areaUnderPR());
                b.unpersist();
            }
            JavaRDD<Tuple3<Object, Object, Object>> predictions = rows.map(r -> new Tuple3<>(r.getDouble(4), r.getDouble(0),
                    r.getDouble(1)));
            MulticlassMetrics c = new MulticlassMetrics(predictions.rdd());
            m.put("f1", c.weightedFMeasure());
            m.put("weightedPrecision", c.weightedPrecision());
            m.put("weightedRecall", c.weightedRecall());
            return m;
        } finally {
            rows.unpersist(false);
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
