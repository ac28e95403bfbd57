package io.sparkgrad.spark.model;

import io.sparkgrad.tensor.Tensor;

/**
 * The sum-reduced losses of the built-in models, composed from engine ops so that autograd
 * differentiates them. Kept in one place so that swapping in the engine's fused {@code nn.F}
 * kernels is a one-file change.
 */
final class Losses {
    private Losses() {}

    /** Σ (prediction − target)²; shapes [rows]. */
    static Tensor squaredError(Tensor prediction, Tensor target) {
        return prediction.sub(target).pow(2.0).sum();
    }

    /**
     * Σ binary cross-entropy of logits z against 0/1 targets y, in the overflow-free form
     * max(z, 0) − z·y + log(1 + exp(−|z|)).
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        Tensor softplusOfNegAbs = logits.abs().neg().exp().log1p();
        return logits.relu().sub(logits.mul(target)).add(softplusOfNegAbs).sum();
    }

    /** Σ −log softmax(z)[y]; logits [rows, K], classIndex [rows] holding 0..K-1. */
    static Tensor crossEntropy(Tensor logits, Tensor classIndex) {
        int rows = logits.shape()[0];
        return logits.logSoftmax(1).gather(1, classIndex.reshape(rows, 1)).sum().neg();
    }
}
