package io.sparkgrad.optim.lr;

import io.sparkgrad.optim.Optimizer;

/**
 * Divides the base lr by the square root of the step count: lr(epoch) = baseLr / √(epoch + 1),
 * the step size MLlib's {@code GradientDescent} takes at iteration t = epoch + 1
 * ({@code stepSize / sqrt(t)}), and PyTorch's {@code LambdaLR(opt, lambda e: 1 / math.sqrt(e + 1))}.
 * Computed in closed form from the base lr, as MLlib does, so it does not drift.
 */
public final class InverseSqrtLR extends LRScheduler {

    /** {@code LambdaLR(optimizer, lambda e: 1 / sqrt(e + 1))}. */
    public InverseSqrtLR(Optimizer optimizer) {
        super(optimizer);
    }

    @Override
    java.util.Map<String, Double> settings() {
        return java.util.Map.of();
    }

    @Override
    String kind() {
        return "InverseSqrtLR";
    }

    @Override
    double nextLr(double previousLr, double baseLr, int epoch) {
        return baseLr / Math.sqrt(epoch + 1.0);
    }
}
