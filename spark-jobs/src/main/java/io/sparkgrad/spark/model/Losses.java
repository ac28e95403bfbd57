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
}
