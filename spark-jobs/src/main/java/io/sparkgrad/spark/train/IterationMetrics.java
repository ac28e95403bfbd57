package io.sparkgrad.spark.train;

/**
 * One line of {@code metrics.jsonl}.
 *
 * @param loss mean training loss over the rows used this iteration, at the parameters before
 *     the step
 * @param objective loss plus the L1/L2 penalty: what the optimizer minimises
 * @param gradientNorm Euclidean norm of the objective's gradient
 * @param lr learning rate the step used
 * @param rows rows that contributed (fewer than the training rows with a mini-batch fraction)
 */
public record IterationMetrics(int iteration, double loss, double objective, double gradientNorm, double lr,
        long rows, double seconds) {}
