package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.train.TrainingCore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@code Estimator} that trains a sparkgrad regressor: least squares ({@code linear},
 * the default, with L-BFGS), an {@code mlp}, or a user's {@code Model} class.
 */
public final class SparkgradRegressor extends SparkgradEstimator<SparkgradRegressor, SparkgradRegressionModel> {
    private static final long serialVersionUID = 1L;

    private final org.apache.spark.ml.param.Param<String> loss;
    private final org.apache.spark.ml.param.DoubleParam epsilon;

    public SparkgradRegressor(String uid) {
        super(uid);
        loss = new org.apache.spark.ml.param.Param<>(this, "loss", "the loss of a linear model, as MLlib's LinearRegression: "
                + "squaredError or huber (with the scale fitted jointly); case-insensitive");
        epsilon = new org.apache.spark.ml.param.DoubleParam(this, "epsilon", "the shape parameter of the huber loss "
                + "(> 1.0): where it turns from quadratic to linear, in units of the scale",
                org.apache.spark.ml.param.ParamValidators.gt(1.0));
        setDefault(loss, "squaredError");
        setDefault(epsilon, io.sparkgrad.spark.model.LossSettings.DEFAULT_EPSILON);
    }

    public org.apache.spark.ml.param.Param<String> loss() {
        return loss;
    }

    public org.apache.spark.ml.param.DoubleParam epsilon() {
        return epsilon;
    }

    /** {@code squaredError} (default) or {@code huber}, as MLlib's {@code LinearRegression}. */
    public SparkgradRegressor setLoss(String v) {
        set(loss, v);
        return this;
    }

    /** Huber's epsilon (> 1, default 1.35), as MLlib's. */
    public SparkgradRegressor setEpsilon(double v) {
        set(epsilon, v);
        return this;
    }

    @Override
    String lossName() {
        return getOrDefault(loss);
    }

    public SparkgradRegressor() {
        this(Identifiable$.MODULE$.randomUID("sparkgradRegressor"));
    }

    @Override
    Map<String, Object> modelKeys(Dataset<Row> df) {
        String type = modelTypeParam().isEmpty() ? "linear" : modelTypeParam();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("model.type", type);
        switch (type) {
            case "linear" -> { }
            case "mlp", "fm", "class" -> keys.put("model.task", "regression");
            default -> throw new IllegalArgumentException("SparkgradRegressor: modelType must be linear, mlp, fm or class; got '"
                    + type + "'");
        }
        if (getOrDefault(loss).equalsIgnoreCase("huber")) {
            keys.put("model.loss", "huber");
            keys.put("model.epsilon", (double) (Double) getOrDefault(epsilon));
        } else if (!getOrDefault(loss).equalsIgnoreCase("squaredError")) {
            keys.put("model.loss", getOrDefault(loss));  // refused by the job's reader, naming the key
        }
        keys.putAll(commonModelKeys());
        return keys;
    }

    @Override
    SparkgradRegressionModel model(TrainingCore.Fitted fitted, List<String> inputFeatures) {
        return new SparkgradRegressionModel(uid(), fitted.model(), Summaries.of(fitted));
    }

    @Override
    StructType outputSchema(StructType schema) {
        return schema.add(getOrDefault(predictionCol()), org.apache.spark.sql.types.DataTypes.DoubleType, false);
    }

    public static MLReader<SparkgradRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static SparkgradRegressor load(String path) {
        return read().load(path);
    }
}
