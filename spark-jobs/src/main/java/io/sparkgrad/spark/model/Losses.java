package io.sparkgrad.spark.model;

import io.sparkgrad.nn.F;
import io.sparkgrad.nn.Reduction;
import io.sparkgrad.tensor.Tensor;

/**
 * The sum-reduced losses of the built-in models: the engine's {@code nn.F} losses with
 * {@link Reduction#SUM}, so that partitions and blocks add up and the driver divides once by the
 * total row count.
 */
final class Losses {
    private Losses() {}

    /** Σ (prediction − target)²; shapes [rows]. */
    static Tensor squaredError(Tensor prediction, Tensor target) {
        return F.mseLoss(prediction, target, Reduction.SUM);
    }

    /** Σ binary cross-entropy of logits [rows] against 0/1 targets [rows]. */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return F.binaryCrossEntropyWithLogits(logits, target, Reduction.SUM);
    }

    /** Σ −log softmax(z)[y]; logits [rows, K], classIndex [rows] holding 0..K-1. */
    static Tensor crossEntropy(Tensor logits, Tensor classIndex) {
        return F.crossEntropy(logits, classIndex, Reduction.SUM);
    }

    /** Σ wᵢ (predictionᵢ − targetᵢ)². */
    static Tensor squaredError(Tensor prediction, Tensor target, Tensor weights) {
        return F.mseLoss(prediction, target, Reduction.NONE).mul(weights).sum();
    }

    /** Σ wᵢ · binary cross-entropy of logitᵢ. */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor weights) {
        return F.binaryCrossEntropyWithLogits(logits, target, Reduction.NONE).mul(weights).sum();
    }

    /** Σ wᵢ · −log softmax(zᵢ)[yᵢ]. */
    static Tensor crossEntropy(Tensor logits, Tensor classIndex, Tensor weights) {
        return F.crossEntropy(logits, classIndex, Reduction.NONE).mul(weights).sum();
    }

    /**
     * Σ wᵢ·max(0, 1 − sᵢ·mᵢ), sᵢ = 2yᵢ − 1: MLlib's {@code LinearSVC} hinge of margins m [rows]
     * against 0/1 labels [rows], built from primitives (relu passes no gradient at the kink, as
     * MLlib's aggregator adds none where 1 − s·m = 0); {@code weights} null for 1 each.
     */
    static Tensor hinge(Tensor margins, Tensor labels, Tensor weights) {
        Tensor signs = labels.mul(2.0).sub(1.0);
        Tensor h = F.relu(signs.mul(margins).neg().add(1.0));
        return weights == null ? h.sum() : h.mul(weights).sum();
    }

    /**
     * Σᵢ wᵢ·Σₖ max(0, 1 − sᵢₖ·mᵢₖ), sᵢₖ = +1 for k = yᵢ and −1 otherwise: K binary LinearSVC
     * hinges on margins [rows, K] against class indices [rows], one per class against the rest
     * (MLlib's {@code OneVsRest} of {@code LinearSVC}), summed so that one pass fits all K.
     */
    static Tensor oneVsRestHinge(Tensor margins, Tensor classIndex, Tensor weights) {
        int rows = margins.shape()[0];
        int k = margins.shape()[1];
        double[] y = classIndex.toArray();
        double[] s = new double[rows * k];
        java.util.Arrays.fill(s, -1.0);
        for (int r = 0; r < rows; r++) {
            s[r * k + (int) y[r]] = 1.0;
        }
        Tensor h = F.relu(Tensor.wrap(s, rows, k).mul(margins).neg().add(1.0)).sum(1, false);
        return weights == null ? h.sum() : h.mul(weights).sum();
    }

    /** The least Huber scale the loss divides by (σ = 0 exactly would divide by zero). */
    static final double MIN_SCALE = 1e-10;

    /**
     * Σ wᵢ·½(σ + Hε(rᵢ/σ)·σ), rᵢ = yᵢ − predictionᵢ, Hε(z) = z² for |z| ≤ ε and 2ε|z| − ε² beyond:
     * MLlib's {@code HuberAggregator} (Owen's concomitant-scale Huber, scale σ fitted jointly), here
     * written ½(σ + (r² − max(0, |r| − εσ)²)/σ), which is the same function in one formula of
     * primitives, once differentiable in r and σ and jointly convex in (prediction, σ > 0).
     *
     * <p>σ is |scale| ({@code scale} [1], the parameter, as MLlib's σ). MLlib keeps σ > 0 with an
     * L-BFGS-B bound. An unbounded L-BFGS step can cross 0, and as σ → 0⁺ the objective tends to the
     * finite ε·Σ|r| (every residual on the linear piece), so neither a floor nor a clamp keeps it out:
     * a clamp even leaves σ stuck below 0 with no gradient (measured: 13% above MLlib's objective on
     * 200k synthetic rows). With |scale| the objective is the same on either side of 0, each side
     * convex with the same minimum, so L-BFGS converges to ±σ* and the model reports |scale|.
     */
    static Tensor huber(Tensor prediction, Tensor target, Tensor scale, double epsilon, Tensor weights) {
        Tensor sigma = scale.abs().clamp(MIN_SCALE, Double.POSITIVE_INFINITY);  // σ = |scale|
        Tensor r = target.sub(prediction);
        Tensor excess = F.relu(r.abs().sub(sigma.mul(epsilon)));
        Tensor h = r.mul(r).sub(excess.mul(excess)).div(sigma).add(sigma).mul(0.5);
        return weights == null ? h.sum() : h.mul(weights).sum();
    }
}
