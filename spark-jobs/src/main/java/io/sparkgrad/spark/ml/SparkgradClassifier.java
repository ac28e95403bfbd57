package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.train.TrainingCore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@code Estimator} that trains a sparkgrad classifier: logistic regression (two
 * classes) or softmax regression by default, with L-BFGS as MLlib's {@code LogisticRegression};
 * or an {@code mlp}, or a user's {@code Model} class. Labels are class indices 0..K-1 (K from the
 * label column's ML attributes, else its largest value + 1).
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(columns).setOutputCol("features"),
 *     new SparkgradClassifier().setModelType("mlp").setHiddenLayers(64).setMaxIter(150)});
 * PipelineModel m = p.fit(train);
 * m.transform(test).select("probability", "prediction");
 * }</pre>
 */
public final class SparkgradClassifier extends SparkgradEstimator<SparkgradClassifier, SparkgradClassificationModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> probabilityCol;
    private final Param<String> rawPredictionCol;
    private final Param<String> classWeights;
    private final Param<String> loss;

    public SparkgradClassifier(String uid) {
        super(uid);
        probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column name (an ML Vector)");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction column name: log of each class's probability");
        classWeights = new Param<>(this, "classWeights", "per-class weights: 'balanced', or comma-separated numbers, one per "
                + "class; empty for none");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
        loss = new Param<>(this, "loss", "the loss of a logistic or softmax model: logLoss (logistic regression) or hinge "
                + "(MLlib's LinearSVC: mean hinge + regParam/2 * ||w||^2, fitted by OWL-QN as MLlib's; with more than two "
                + "classes one-vs-rest, fitted together); case-insensitive");
        setDefault(classWeights, "");
        setDefault(loss, "logLoss");
    }

    public Param<String> loss() {
        return loss;
    }

    /** {@code logLoss} (default) or {@code hinge} (MLlib's {@code LinearSVC}; one-vs-rest with more classes). */
    public SparkgradClassifier setLoss(String v) {
        set(loss, v);
        return this;
    }

    public SparkgradClassifier() {
        this(Identifiable$.MODULE$.randomUID("sparkgradClassifier"));
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public Param<String> classWeights() {
        return classWeights;
    }

    public SparkgradClassifier setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    public SparkgradClassifier setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    /** {@code "balanced"} (n / (K · n_c)) or one weight per class, comma-separated. */
    public SparkgradClassifier setClassWeights(String v) {
        set(classWeights, v);
        return this;
    }

    @Override
    Map<String, Object> modelKeys(Dataset<Row> df) {
        int k = numClasses(df, getOrDefault(labelCol()));
        String type = modelTypeParam().isEmpty() ? (k == 2 ? "logistic" : "softmax") : modelTypeParam();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("model.type", type);
        switch (type) {
            case "logistic" -> {
                if (k != 2) {
                    throw new IllegalArgumentException("SparkgradClassifier: modelType logistic needs 2 classes; the label "
                            + "column '" + getOrDefault(labelCol()) + "' has " + k);
                }
            }
            case "softmax" -> keys.put("model.classes", k);
            case "mlp", "fm", "class" -> {
                keys.put("model.task", k == 2 ? "binary" : "multiclass");
                if (k > 2) {
                    keys.put("model.classes", k);
                }
            }
            default -> throw new IllegalArgumentException("SparkgradClassifier: modelType must be logistic, softmax, mlp, fm "
                    + "or class; got '" + type + "'");
        }
        if (!getOrDefault(loss).equalsIgnoreCase("logLoss")) {
            keys.put("model.loss", getOrDefault(loss));
        }
        keys.putAll(commonModelKeys());
        String w = getOrDefault(classWeights).trim();
        if (!w.isEmpty()) {
            keys.put("model.classWeights", w.equalsIgnoreCase("balanced") ? "balanced"
                    : java.util.Arrays.stream(w.split(",")).map(String::trim).map(Double::parseDouble).toList());
        }
        return keys;
    }

    @Override
    SparkgradClassificationModel model(TrainingCore.Fitted fitted, List<String> inputFeatures) {
        return new SparkgradClassificationModel(uid(), fitted.model(), Summaries.of(fitted));
    }

    @Override
    StructType outputSchema(StructType schema) {
        StructType out = schema.add(getOrDefault(rawPredictionCol), org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
        if (!getOrDefault(loss).equalsIgnoreCase("hinge")) {
            // a hinge model (LinearSVC) has no probabilities
            out = out.add(getOrDefault(probabilityCol), org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
        }
        return out.add(getOrDefault(predictionCol()), org.apache.spark.sql.types.DataTypes.DoubleType, false);
    }

    public static MLReader<SparkgradClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static SparkgradClassifier load(String path) {
        return read().load(path);
    }
}
