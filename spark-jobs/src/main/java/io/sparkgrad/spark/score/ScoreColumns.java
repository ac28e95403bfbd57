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
}
