package io.sparkgrad.spark.model;

import java.util.Locale;

/** What a model predicts; decides label checks, metrics and the shape of predictions. */
public enum Task {
    /** A real-valued target; predictions have shape [rows]. */
    REGRESSION,
    /** Labels 0 or 1; predictions are P(label = 1), shape [rows]. */
    BINARY,
    /** Labels 0..K-1; predictions are class probabilities, shape [rows, K]. */
    MULTICLASS;

    public boolean isClassification() {
        return this != REGRESSION;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
