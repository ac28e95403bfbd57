package io.sparkgrad.nn;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;

/**
 * The functional interface of {@code io.sparkgrad.nn}, {@code torch.nn.functional}: losses,
 * activations, dropout and the linear map. Every function is differentiable to any order and
 * follows PyTorch 1.13's formulas, defaults and edge conventions (checked against reference values
 * computed with PyTorch). The implementations live in {@code Losses}, {@code CrossEntropy} and
 * {@code Activations}; this class is the public surface.
 *
 * <p>Losses take the prediction first and the target second; the target must have the
 * prediction's shape (class-index targets: the prediction's shape without the class dim). Class
 * indices are float64 tensors holding integers. Without a {@link Reduction} the mean is taken.
 */
public final class F {
    private F() {
    }

    // ---------------------------------------------------------------- regression losses

    /** Mean squared error, {@code mse_loss(input, target)}. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Squared error {@code (input - target)^2}, reduced. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.mse(input, target, reduction);
    }

    /** Mean absolute error, {@code l1_loss(input, target)}. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** Absolute error {@code |input - target|}, reduced; a zero difference has gradient 0. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1(input, target, reduction);
    }

    /** {@link #smoothL1Loss(Tensor, Tensor, double, Reduction)} with beta 1 and the mean. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, 1.0, Reduction.MEAN);
    }

    /**
     * {@code smooth_l1_loss}: {@code 0.5 d^2 / beta} where {@code |d| < beta}, else
     * {@code |d| - 0.5 beta}; beta 0 is the L1 loss.
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        return Losses.smoothL1(input, target, beta, reduction);
    }

    /** {@link #huberLoss(Tensor, Tensor, double, Reduction)} with delta 1 and the mean. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, 1.0, Reduction.MEAN);
    }

    /** {@code huber_loss}: {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}. */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        return Losses.huber(input, target, delta, reduction);
    }

    // ---------------------------------------------------------------- binary classification

    /** Mean binary cross entropy of probabilities {@code p} in [0, 1] against targets {@code t}. */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor t) {
        return binaryCrossEntropy(p, t, Reduction.MEAN, null);
    }

    /** Binary cross entropy, reduced. */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor t, Reduction reduction) {
        return binaryCrossEntropy(p, t, reduction, null);
    }

    /**
     * {@code binary_cross_entropy(p, t, weight, reduction)}: {@code -w (t log p + (1-t) log(1-p))}
     * with each log clamped at -100, so p = 0 or 1 gives a finite loss (at most 100) and PyTorch's
     * finite gradient {@code (p - t) / max(p (1 - p), 1e-12)}.
     *
     * @param weight broadcast to p's shape, or null
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor t, Reduction reduction, Tensor weight) {
        return Losses.binaryCrossEntropy(p, t, reduction, weight);
    }

    /** Mean binary cross entropy of logits (numerically stable for logits of any size). */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor t) {
        return binaryCrossEntropyWithLogits(logits, t, Reduction.MEAN, null, null);
    }

    /** Binary cross entropy of logits, reduced. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor t, Reduction reduction) {
        return binaryCrossEntropyWithLogits(logits, t, reduction, null, null);
    }

    /**
     * {@code binary_cross_entropy_with_logits(z, t, weight, pos_weight, reduction)}:
     * {@code -w (posWeight t log σ(z) + (1 - t) log(1 - σ(z)))}, computed without exp overflow.
     *
     * @param weight broadcast to the logits' shape, or null
     * @param posWeight weight of the positive term, broadcast (typically [C]), or null
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor t, Reduction reduction, Tensor weight,
            Tensor posWeight) {
        return Losses.binaryCrossEntropyWithLogits(logits, t, reduction, weight, posWeight);
    }

    // ---------------------------------------------------------------- multi-class classification

    /** Mean cross entropy of logits [N, C] against class indices [N] or probabilities [N, C]. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, CrossEntropyOptions.defaults());
    }

    /** Cross entropy, reduced. */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return crossEntropy(logits, target, CrossEntropyOptions.builder().reduction(reduction).build());
    }

    /**
     * {@code cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)}:
     * {@code logSoftmax} over dim 1 followed by the negative log-likelihood. A target of the
     * logits' shape holds class probabilities; otherwise it holds class indices.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions options) {
        return CrossEntropy.crossEntropy(logits, target, options);
    }

    /** Mean negative log-likelihood of log-probabilities [N, C] at class indices [N]. */
    public static Tensor nllLoss(Tensor logp, Tensor classIndices) {
        return nllLoss(logp, classIndices, NllLossOptions.builder().build());
    }

    /** Negative log-likelihood, reduced. */
    public static Tensor nllLoss(Tensor logp, Tensor classIndices, Reduction reduction) {
        return nllLoss(logp, classIndices, NllLossOptions.builder().reduction(reduction).build());
    }

    /** {@code nll_loss(logp, target, weight, ignore_index, reduction)}. */
    public static Tensor nllLoss(Tensor logp, Tensor classIndices, NllLossOptions options) {
        return CrossEntropy.nllLoss(logp, classIndices, options);
    }

    // ---------------------------------------------------------------- activations

    /** {@code max(x, 0)}; the gradient at 0 is 0. */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@link #leakyRelu(Tensor, double)} with PyTorch's default slope 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /** {@code x} where {@code x > 0}, else {@code negativeSlope * x}; the gradient at 0 is the slope. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** Exact GELU, {@code x Φ(x) = 0.5 x (1 + erf(x / √2))}. */
    public static Tensor gelu(Tensor x) {
        return gelu(x, "none");
    }

    /** GELU with {@code approximate} "none" (exact, by erf) or "tanh" (PyTorch's tanh formula). */
    public static Tensor gelu(Tensor x, String approximate) {
        return Activations.gelu(x, approximate);
    }

    /** {@link #elu(Tensor, double)} with alpha 1. */
    public static Tensor elu(Tensor x) {
        return elu(x, 1.0);
    }

    /** {@code x} where {@code x > 0}, else {@code alpha (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /** {@link #softplus(Tensor, double, double)} with beta 1 and threshold 20. */
    public static Tensor softplus(Tensor x) {
        return softplus(x, 1.0, 20.0);
    }

    /** {@code log(1 + exp(beta x)) / beta}, and {@code x} itself where {@code beta x > threshold}. */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return Activations.softplus(x, beta, threshold);
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** Softmax along {@code dim} (max-shifted, stable). */
    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    /** Log-softmax along {@code dim} (stable). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** {@code log(sum(exp(x), dim))}, stable for large values, as {@code torch.logsumexp}. */
    public static Tensor logsumexp(Tensor x, int dim, boolean keepdim) {
        return Activations.logsumexp(x, dim, keepdim);
    }

    // ---------------------------------------------------------------- layers

    /**
     * {@code dropout(x, p, training)}: in training, zeroes each element with probability p drawn
     * from {@code gen} and scales the rest by {@code 1 / (1 - p)}; in evaluation returns x itself.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        return Activations.dropout(x, p, training, gen);
    }

    /** {@code x W^T + b} with W of shape [out, in] as PyTorch; {@code bias} may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Activations.linear(x, weight, bias);
    }

    /**
     * {@code x · weightᵀ + bias} for a sparse {@code x} [rows, in], differentiable in the weight
     * and bias and never densifying {@code x}: the same bits as {@code linear(x.toDense(), weight, bias)}.
     *
     * @param bias [out], or null for none
     */
    public static Tensor linear(SparseMatrix x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || weight.shape()[1] != x.cols()) {
            throw new IllegalArgumentException("linear: expected a weight of shape [*, " + x.cols() + "] for a sparse input "
                    + "[" + x.rows() + ", " + x.cols() + "], got " + java.util.Arrays.toString(weight.shape()));
        }
        Tensor z = x.matmul(weight.t());
        return bias == null ? z : z.add(bias);
    }

    /**
     * A factorization machine's pairwise term, one column per factor: for rows x [n, d] and
     * factors [d, k], {@code p_if = ½·[(Σ_j v_jf x_ij)² − Σ_j v_jf² x_ij²]} in one O(k·nnz) pass;
     * {@code p.sum(1)} is {@code Σ_{j<l} ⟨v_j, v_l⟩ x_ij x_il}. Differentiable in the factors, whose
     * gradient touches only the rows of the features x stores; x is never densified.
     */
    public static Tensor factorInteractions(SparseMatrix x, Tensor factors) {
        return io.sparkgrad.tensor.Fused.factorInteractions(x, factors);
    }

    /** {@link #factorInteractions(SparseMatrix, Tensor)} of dense rows (the same bits), differentiable in x too. */
    public static Tensor factorInteractions(Tensor x, Tensor factors) {
        return io.sparkgrad.tensor.Fused.factorInteractions(x, factors);
    }
}
