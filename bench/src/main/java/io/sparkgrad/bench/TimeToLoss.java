package io.sparkgrad.bench;

import io.sparkgrad.spark.ml.SparkgradSummary;
import io.sparkgrad.spark.state.IterationMetrics;

/**
 * When a sparkgrad fit reached a reference training loss (MLlib's final one): the first iteration
 * whose loss is at most the reference, and the wall time from the start of {@code fit} to the end
 * of that iteration — the fit's time less the evaluation after training and the iterations after
 * that one.
 */
record TimeToLoss(int iteration, double seconds) {
    /** Relative slack on the reference loss: the same loss printed to ten digits counts as reached. */
    private static final double SLACK = 1e-9;

    static TimeToLoss of(double fitSeconds, SparkgradSummary summary, double referenceLoss) {
        double seconds = fitSeconds - summary.timings().getOrDefault("evaluate", 0.0);
        int reached = -1;
        for (IterationMetrics m : summary.iterations()) {
            if (reached >= 0) {
                seconds -= m.seconds();
            } else if (m.loss() <= referenceLoss * (1 + SLACK)) {
                reached = m.iteration();
            }
        }
        return new TimeToLoss(reached, reached < 0 ? Double.NaN : seconds);
    }

    boolean reached() {
        return iteration >= 0;
    }
}
