package io.sparkgrad.optim.lr;

import io.sparkgrad.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every {@code stepSize} epochs, {@code torch.optim.lr_scheduler.StepLR}:
 * lr(epoch) = baseLr * gamma^floor(epoch / stepSize).
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** {@code StepLR(optimizer, step_size, gamma)}. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(checked(optimizer, stepSize));
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /** {@code StepLR(optimizer, step_size)} with PyTorch's default gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    private static Optimizer checked(Optimizer optimizer, int stepSize) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: stepSize must be positive, got " + stepSize);
        }
        return optimizer;
    }

    @Override
    java.util.Map<String, Double> settings() {
        return java.util.Map.of("step_size", (double) stepSize, "gamma", gamma);
    }

    @Override
    String kind() {
        return "StepLR";
    }

    @Override
    double nextLr(double previousLr, double baseLr, int epoch) {
        return epoch % stepSize != 0 ? previousLr : previousLr * gamma;
    }
}
