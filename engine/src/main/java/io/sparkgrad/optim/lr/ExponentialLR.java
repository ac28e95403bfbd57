package io.sparkgrad.optim.lr;

import io.sparkgrad.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every epoch, {@code torch.optim.lr_scheduler.ExponentialLR}:
 * lr(epoch) = baseLr * gamma^epoch, computed as PyTorch does by repeated multiplication.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** {@code ExponentialLR(optimizer, gamma)}. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    java.util.Map<String, Double> settings() {
        return java.util.Map.of("gamma", gamma);
    }

    @Override
    String kind() {
        return "ExponentialLR";
    }

    @Override
    double nextLr(double previousLr, double baseLr, int epoch) {
        return previousLr * gamma;
    }
}
