package io.sparkgrad.spark.config;

/**
 * The distributed loop's settings.
 *
 * @param partitions number of partitions the training rows are spread over; 0 keeps Spark's
 *     default parallelism
 * @param resumeFrom a previous run's output, model directory, checkpoint or directory of
 *     checkpoints to continue from; empty for none
 * @param checkpointDir where checkpoints go; never empty (defaults to {@code output.path + ".checkpoints"})
 * @param resumeOptimizer on resume, restore the optimizer's saved state (an error when there is
 *     none); false starts the optimizer afresh from the resumed parameters
 * @param logEvery off a terminal, log every k-th iteration (and the last)
 * @param validateEvery compute the validation metrics every k iterations (0: only at the end)
 * @param earlyStopping when to stop on the validation metrics; null for never
 * @param gradientTolerance stop once the gradient's norm is at most this times max(|objective|, 1)
 * @param divergenceFactor the run fails as diverged once the objective exceeds this multiple of
 *     max(|first objective|, 1); 0 turns that check off (non-finite values always fail)
 * @param mllibPenalty an elastic-net penalty in MLlib's scale, added to {@code l1} and {@code l2}
 *     once the data is read ({@code train.MllibPenalty}); null for none
 */
public record TrainingConfig(
        int maxIterations,
        double miniBatchFraction,
        double tolerance,
        double l2,
        double l1,
        int aggregationDepth,
        int partitions,
        long seed,
        int checkpointInterval,
        String resumeFrom,
        String checkpointDir,
        boolean resumeOptimizer,
        double divergenceFactor,
        double gradientTolerance,
        int logEvery,
        int validateEvery,
        EarlyStopping earlyStopping,
        MllibPenalty mllibPenalty) implements java.io.Serializable {

    /**
     * MLlib's {@code regParam} and {@code elasticNetParam} (config keys
     * {@code training.mllibPenalty.regParam} and {@code .elasticNetParam}): their l1 and l2 depend
     * on the row count and the label's spread, which the ingest pass knows, so that no pass over
     * the input is made before it.
     */
    public record MllibPenalty(double regParam, double elasticNetParam) implements java.io.Serializable {}

    /** These settings with {@code l1} and {@code l2} as the whole penalty (no MLlib-scale one left to resolve). */
    public TrainingConfig withPenalty(double l1, double l2) {
        return new TrainingConfig(maxIterations, miniBatchFraction, tolerance, l2, l1, aggregationDepth, partitions, seed,
                checkpointInterval, resumeFrom, checkpointDir, resumeOptimizer, divergenceFactor, gradientTolerance, logEvery,
                validateEvery, earlyStopping, null);
    }

    /**
     * Keras' {@code EarlyStopping(monitor, patience, min_delta, restore_best_weights=True)}: stop
     * once {@code metric} has not improved by more than {@code minDelta} for {@code patience}
     * validations in a row, and keep the parameters of the best one.
     *
     * @param metric a validation metric: logLoss, accuracy, f1, weightedPrecision, weightedRecall (classifiers), areaUnderROC, areaUnderPR (binary); rmse, mse, mae, r2 (regression)
     */
    public record EarlyStopping(String metric, int patience, double minDelta) implements java.io.Serializable {
        /** Whether larger values of the metric are better. */
        public boolean maximize() {
            return metric.equals("accuracy") || metric.equals("r2") || metric.startsWith("areaUnder") || metric.equals("f1")
                    || metric.startsWith("weighted");
        }
    }
}
