package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.train.TrainingCore;

/** A fit's summary from the training core's result. */
final class Summaries {
    private Summaries() {}

    static SparkgradSummary of(TrainingCore.Fitted f) {
        return new SparkgradSummary(f.train(), f.validation(),
                f.validationConfusion() != null ? f.validationConfusion() : f.trainConfusion(), f.history(),
                f.cachedBytesPerRow(), f.timings());
    }
}
