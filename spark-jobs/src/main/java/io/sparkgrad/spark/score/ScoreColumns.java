package io.sparkgrad.spark.score;

import java.io.Serializable;

/**
 * The columns scoring appends, named as Spark ML's prediction models name them; a null name
 * leaves that column out. {@code rawPrediction} holds the natural log of each class's
 * probability (a monotone score, what Spark's {@code BinaryClassificationEvaluator} ranks by),
 * {@code probability} the probabilities, both as ML {@code Vector}s; {@code prediction} the
 * class index of the largest probability, or the regression value.
 */
public record ScoreColumns(String prediction, String probability, String rawPrediction) implements Serializable {
    /** Spark ML's default names. */
    public static final ScoreColumns DEFAULT = new ScoreColumns("prediction", "probability", "rawPrediction");

    /**
     * The columns a model of {@code spec} writes: regression only {@code prediction}; a margin
     * classifier (hinge, MLlib's {@code LinearSVC} and one-vs-rest) no {@code probability}, as
     * MLlib's have none; other classifiers all three.
     */
    public ScoreColumns present(io.sparkgrad.spark.model.ModelSpec spec) {
        if (!spec.task().isClassification()) {
            return new ScoreColumns(prediction, null, null);
        }
        return io.sparkgrad.spark.model.LossSettings.isHinge(spec) ? new ScoreColumns(prediction, null, rawPrediction) : this;
    }
}
