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

    public SparkgradRegressor(String uid) {
        super(uid);
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
