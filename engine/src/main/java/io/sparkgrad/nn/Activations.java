package io.sparkgrad.nn;

import io.sparkgrad.tensor.Fused;
import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;

/**
 * Activation functions, dropout and the linear map, composed from the engine's primitives (the
 * linear map with a bias is the fused primitive {@link Fused#linear}) so that every derivative,
 * of any order, comes from the one table in {@code Derivatives}. Where a
 * branch is discarded by {@code where}, its input is clamped first so the discarded branch stays
 * finite: a {@code 0 * inf} in the backward pass would otherwise turn the gradient into NaN.
 */
final class Activations {
    /** sqrt(2 / pi), the scale inside the tanh approximation of GELU. */
    private static final double GELU_TANH_BETA = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_TANH_KAPPA = 0.044715;
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private Activations() {
    }

    static Tensor leakyRelu(Tensor x, double negativeSlope) {
        // x <= 0 takes the slope branch, so the gradient at 0 is negativeSlope, as PyTorch
        return Tensor.where(x.gt(0.0), x, x.mul(negativeSlope));
    }

    static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> x.mul(0.5).mul(x.mul(SQRT_HALF).erf().add(1.0));
            case "tanh" -> {
                Tensor inner = x.add(x.pow(3.0).mul(GELU_TANH_KAPPA)).mul(GELU_TANH_BETA);
                yield x.mul(0.5).mul(inner.tanh().add(1.0));
            }
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        };
    }

    static Tensor elu(Tensor x, double alpha) {
        return Tensor.where(x.gt(0.0), x, expm1(x.clampMax(0.0)).mul(alpha));
    }

    /**
     * exp(x) - 1 without the cancellation of the naive form near 0: with t = tanh(x/2),
     * expm1(x) = 2t / (1 - t), and for x <= 0 the denominator lies in [1, 2).
     */
    private static Tensor expm1(Tensor nonPositive) {
        Tensor t = nonPositive.mul(0.5).tanh();
        return t.mul(2.0).div(t.neg().add(1.0));
    }

    static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor scaled = x.mul(beta);
        // above the threshold PyTorch returns x itself (slope exactly 1)
        Tensor smooth = scaled.clampMax(threshold).exp().log1p().div(beta);
        return Tensor.where(scaled.gt(threshold), x, smooth);
    }

    static Tensor logsumexp(Tensor x, int dim, boolean keepdim) {
        // any constant shift gives the same function; the row max keeps exp from overflowing
        Tensor shift = x.detach().max(dim, true);
        shift = Tensor.where(shift.abs().eq(Double.POSITIVE_INFINITY), Tensor.scalar(0.0), shift);
        Tensor out = x.sub(shift).exp().sum(dim, true).log().add(shift);
        return keepdim ? out : out.squeeze(dim);
    }

    static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        checkProbability(p);
        if (!training || p == 0.0) {
            return x;
        }
        if (p == 1.0) {
            return x.mul(0.0);
        }
        if (gen == null) {
            throw new IllegalArgumentException("dropout: a Generator is required in training mode");
        }
        Tensor keep = Tensor.rand(gen, x.shape()).lt(1.0 - p).div(1.0 - p);
        return x.mul(keep);
    }

    static void checkProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-d [out_features, in_features], got shape "
                    + shape(weight));
        }
        int in = weight.size(1);
        if (x.dim() == 0 || x.size(-1) != in) {
            throw new IllegalArgumentException("linear: expected input [*, " + in + "] for weight " + shape(weight)
                    + ", got input " + shape(x));
        }
        if (bias == null) {
            // torch records MmBackward here too: the product alone, read through Wᵀ's strides
            return x.matmul(weight.t());
        }
        if (bias.dim() != 1 || bias.size(0) != weight.size(0)) {
            throw new IllegalArgumentException("linear: expected bias [" + weight.size(0) + "] for weight "
                    + shape(weight) + ", got bias " + shape(bias));
        }
        return Fused.linear(x, weight, bias);
    }

    private static String shape(Tensor t) {
        return Shape.format(t.shape());
    }
}
