package io.sparkgrad.spark.config;

/**
 * The engine optimizer the driver steps with, and its learning-rate schedule.
 *
 * @param weightDecay {@code NaN} when unset, so that each optimizer keeps the engine's default
 * @param lrSet whether {@code optimizer.lr} was given (a resumed run then applies it) or defaulted
 * @param historySize lbfgs: curvature pairs kept
 * @param lineSearch lbfgs: {@code strong_wolfe} or {@code none} (a fixed step of lr)
 */
public record OptimizerConfig(
        String type,
        double lr,
        double momentum,
        double dampening,
        boolean nesterov,
        double beta1,
        double beta2,
        double eps,
        boolean amsgrad,
        double weightDecay,
        Schedule schedule,
        boolean lrSet,
        int historySize,
        String lineSearch) implements java.io.Serializable {

    /** {@code type} is none, step, exponential or cosine; {@code tMax = 0} means max iterations. */
    public record Schedule(String type, int stepSize, double gamma, int tMax, double etaMin) implements java.io.Serializable {}
}
