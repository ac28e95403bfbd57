package io.sparkgrad.spark.config;

/**
 * The distributed loop's settings.
 *
 * @param partitions number of partitions the training rows are spread over; 0 keeps Spark's
 *     default parallelism
 * @param resumeFrom a previous run's output (or model) directory to continue from; empty for none
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
        String resumeFrom) {}
