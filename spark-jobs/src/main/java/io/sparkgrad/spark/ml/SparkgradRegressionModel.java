package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.output.LinearCoefficients;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.score.ScoreColumns;
import io.sparkgrad.tensor.Tensor;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/** A fitted {@link SparkgradRegressor}: appends {@code prediction}, as Spark ML's regression models do. */
public final class SparkgradRegressionModel extends SparkgradModel<SparkgradRegressionModel> {
    private static final long serialVersionUID = 1L;

    SparkgradRegressionModel(String uid, SavedModel saved, SparkgradSummary summary) {
        super(uid, saved, summary);
        if (saved != null && saved.spec().task().isClassification()) {
            throw new IllegalArgumentException("SparkgradRegressionModel needs a regression model; the saved model is a "
                    + saved.spec().task().configName() + " classifier");
        }
    }

    /**
     * An untrained instance, for Spark's ML registry: Spark Connect finds models through
     * {@code META-INF/services/org.apache.spark.ml.Model}, and {@code ServiceLoader} needs a public
     * no-arg constructor. It holds no model: {@link #transform} and {@link #savedModel} say so.
     */
    public SparkgradRegressionModel() {
        this(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("sparkgradRegressionModel"), null, null);
    }

    /** A linear model's coefficients in the original feature space, as MLlib's {@code LinearRegressionModel.coefficients}. */
    public org.apache.spark.ml.linalg.Vector coefficients() {
        return org.apache.spark.ml.linalg.Vectors.dense(LinearCoefficients.of(savedModel()).coefficients()[0]);
    }

    /** A linear model's intercept in the original feature space, as MLlib's {@code intercept}. */
    public double intercept() {
        return LinearCoefficients.of(savedModel()).intercepts()[0];
    }

    /**
     * A Huber model's fitted scale σ, as MLlib's {@code LinearRegressionModel.scale}; 1.0 for
     * squared error, as MLlib's.
     */
    public double scale() {
        Tensor scale = savedModel().parameters().get(io.sparkgrad.spark.model.FeedForwardModel.SCALE);
        return scale == null ? 1.0 : Math.abs(scale.toArray()[0]);  // the loss's σ is |scale|
    }

    /** The number of features, as Spark ML's {@code numFeatures}. */
    public int numFeatures() {
        return savedModel().features().size();
    }

    @Override
    ScoreColumns scoreColumns() {
        return new ScoreColumns(getOrDefault(predictionCol()), null, null);
    }

    @Override
    public SparkgradRegressionModel copy(ParamMap extra) {
        return copyValues(new SparkgradRegressionModel(uid(), savedOrNull(), summaryOrNull()), extra).setParent(parent());
    }

    public static MLReader<SparkgradRegressionModel> read() {
        return new SparkgradModelWriter.Reader<>(SparkgradRegressionModel.class,
                (uid, saved) -> new SparkgradRegressionModel(uid, saved, null));
    }

    public static SparkgradRegressionModel load(String path) {
        return read().load(path);
    }
}
