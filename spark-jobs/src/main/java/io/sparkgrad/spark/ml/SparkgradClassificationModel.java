package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.output.LinearCoefficients;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.score.ScoreColumns;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * A fitted {@link SparkgradClassifier}: a Spark ML {@code Transformer} that appends, as Spark
 * ML's probabilistic classification models do, {@code rawPrediction} (the log of each class's
 * probability), {@code probability} (ML vectors) and {@code prediction} (the class index of the
 * largest probability), so Spark's evaluators read its output directly. A hinge model is MLlib's
 * {@code LinearSVCModel} (two classes: rawPrediction [−m, m], prediction m > 0) or a one-vs-rest
 * of them (rawPrediction the K margins, prediction their argmax), with no probability column.
 */
public final class SparkgradClassificationModel extends SparkgradModel<SparkgradClassificationModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> probabilityCol;
    private final Param<String> rawPredictionCol;

    SparkgradClassificationModel(String uid, SavedModel saved, SparkgradSummary summary) {
        super(uid, saved, summary);
        if (saved != null && !saved.spec().task().isClassification()) {
            throw new IllegalArgumentException("SparkgradClassificationModel needs a classifier; the saved model is "
                    + saved.spec().task().configName());
        }
        probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column name (an ML Vector)");
        rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction column name: log of each class's probability");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
    }

    /** The number of classes, as Spark ML's {@code numClasses}. */
    public int numClasses() {
        return savedModel().spec().classes();
    }

    /**
     * An untrained instance, for Spark's ML registry: Spark Connect finds models through
     * {@code META-INF/services/org.apache.spark.ml.Model}, and {@code ServiceLoader} needs a public
     * no-arg constructor. It holds no model: {@link #transform} and {@link #savedModel} say so.
     */
    public SparkgradClassificationModel() {
        this(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("sparkgradClassificationModel"), null, null);
    }

    /** Whether this is a margin classifier (loss hinge): MLlib's {@code LinearSVCModel}, or one-vs-rest of them. */
    public boolean isHinge() {
        return io.sparkgrad.spark.model.LossSettings.isHinge(savedModel().spec());
    }

    /**
     * A binary logistic model's coefficients in the original feature space, as MLlib's
     * {@code LogisticRegressionModel.coefficients}; a softmax model has a matrix
     * ({@link #coefficientMatrix}); other model types have none.
     */
    public org.apache.spark.ml.linalg.Vector coefficients() {
        LinearCoefficients c = binary("coefficients", "coefficientMatrix");
        return org.apache.spark.ml.linalg.Vectors.dense(c.coefficients()[0]);
    }

    /** A binary logistic model's intercept in the original feature space, as MLlib's {@code intercept}. */
    public double intercept() {
        return binary("intercept", "interceptVector").intercepts()[0];
    }

    /** The coefficients, one row per output (1 for logistic, K for softmax), as MLlib's {@code coefficientMatrix}. */
    public org.apache.spark.ml.linalg.Matrix coefficientMatrix() {
        double[][] c = LinearCoefficients.of(savedModel()).coefficients();
        int rows = c.length;
        int cols = c[0].length;
        double[] columnMajor = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                columnMajor[j * rows + i] = c[i][j];
            }
        }
        return new org.apache.spark.ml.linalg.DenseMatrix(rows, cols, columnMajor);
    }

    /** The intercepts, one per output, as MLlib's {@code interceptVector}. */
    public org.apache.spark.ml.linalg.Vector interceptVector() {
        return org.apache.spark.ml.linalg.Vectors.dense(LinearCoefficients.of(savedModel()).intercepts());
    }

    private LinearCoefficients binary(String what, String instead) {
        LinearCoefficients c = LinearCoefficients.of(savedModel());
        if (c.intercepts().length != 1) {
            // MLlib's wording for multinomial models
            throw new UnsupportedOperationException("Multinomial models contain a matrix of coefficients, use " + instead
                    + " instead (" + what + ")");
        }
        return c;
    }

    /** The number of features, as Spark ML's {@code numFeatures}. */
    public int numFeatures() {
        return savedModel().features().size();
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public SparkgradClassificationModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    public SparkgradClassificationModel setRawPredictionCol(String v) {
        set(rawPredictionCol, v);
        return this;
    }

    @Override
    ScoreColumns scoreColumns() {
        ScoreColumns all = new ScoreColumns(blankToNull(getOrDefault(predictionCol())), blankToNull(getOrDefault(probabilityCol)),
                blankToNull(getOrDefault(rawPredictionCol)));
        // a hinge model (LinearSVC, one-vs-rest) has no probabilities: its rawPrediction holds margins
        return savedOrNull() == null ? all : all.present(savedModel().spec());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public SparkgradClassificationModel copy(ParamMap extra) {
        return copyValues(new SparkgradClassificationModel(uid(), savedOrNull(), summaryOrNull()), extra).setParent(parent());
    }

    public static MLReader<SparkgradClassificationModel> read() {
        return new SparkgradModelWriter.Reader<>(SparkgradClassificationModel.class,
                (uid, saved) -> new SparkgradClassificationModel(uid, saved, null));
    }

    public static SparkgradClassificationModel load(String path) {
        return read().load(path);
    }
}
