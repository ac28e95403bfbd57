package io.sparkgrad.optim.lr;

import io.sparkgrad.optim.Optimizer;

/**
 * Cosine annealing from the base lr down to {@code etaMin} over {@code tMax} epochs and back up,
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}: lr(t) = etaMin + (baseLr - etaMin)(1 +
 * cos(pi t / tMax)) / 2. Computed with PyTorch's recursive form, from the previous lr, including
 * its special case at the restart epochs t = (2k + 1) tMax + 1, so the values match PyTorch's
 * to the last bits rather than the closed form's (they differ by a few 1e-16 after a period).
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** {@code CosineAnnealingLR(optimizer, T_max, eta_min)}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(checked(optimizer, tMax));
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    /** {@code CosineAnnealingLR(optimizer, T_max)} annealing to 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    private static Optimizer checked(Optimizer optimizer, int tMax) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        }
        return optimizer;
    }

    @Override
    java.util.Map<String, Double> settings() {
        return java.util.Map.of("T_max", (double) tMax, "eta_min", etaMin);
    }

    @Override
    String kind() {
        return "CosineAnnealingLR";
    }

    @Override
    double nextLr(double previousLr, double baseLr, int epoch) {
        if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
            return previousLr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                * (previousLr - etaMin) + etaMin;
    }
}
