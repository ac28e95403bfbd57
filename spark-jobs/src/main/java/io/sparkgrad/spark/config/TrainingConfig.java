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
 * @param gradientTolerance stop once the gradient's norm is at most this times max(|objective|, 1)
 * @param divergenceFactor the run fails as diverged once the objective exceeds this multiple of
 *     max(|first objective|, 1); 0 turns that check off (non-finite values always fail)
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
        double gradientTolerance) implements java.io.Serializable {}
