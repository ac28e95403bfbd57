package io.sparkgrad.spark.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}.
 *
 * @param loss mean training loss over the rows used this iteration, at the parameters before
 *     the step
 * @param objective loss plus the L1/L2 penalty: what the optimizer minimises
 * @param gradientNorm Euclidean norm of the objective's gradient
 * @param lr learning rate the step used
 * @param rows rows that contributed (fewer than the training rows with a mini-batch fraction)
 * @param passes distributed passes over the data this iteration: 1 for SGD and Adam; for L-BFGS
 *     the evaluations of its line search (the first evaluation of an iteration is the last one of
 *     the iteration before, so it costs no pass)
 * @param validation the validation metrics with the parameters after this iteration's step, when
 *     {@code training.validateEvery} asked for them here; empty otherwise
 */
public record IterationMetrics(int iteration, double loss, double objective, double gradientNorm, double lr,
        long rows, double seconds, int passes, Map<String, Double> validation) {

    public IterationMetrics {
        validation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    }

    /** Without validation metrics. */
    public IterationMetrics(int iteration, double loss, double objective, double gradientNorm, double lr, long rows,
            double seconds, int passes) {
        this(iteration, loss, objective, gradientNorm, lr, rows, seconds, passes, Map.of());
    }

    /** One pass, as SGD and Adam make, without validation metrics. */
    public IterationMetrics(int iteration, double loss, double objective, double gradientNorm, double lr, long rows,
            double seconds) {
        this(iteration, loss, objective, gradientNorm, lr, rows, seconds, 1);
    }
}
