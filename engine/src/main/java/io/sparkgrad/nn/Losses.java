package io.sparkgrad.nn;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;
import io.sparkgrad.tensor.Fused;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * Regression and binary classification losses with PyTorch's formulas. Most are compositions of
 * primitives; binary cross entropy carries a fused rule ({@link Op#BINARY_CROSS_ENTROPY}) because
 * PyTorch's gradient at p = 0 or 1, (p - t) / max(p(1 - p), eps), is not the derivative of any
 * composition of its clamped logs, and binary cross entropy of logits without pos_weight (the
 * logistic model's loss) is one fused primitive for speed, with the composition's values.
 */
final class Losses {
    private Losses() {
    }

    static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        requireSameShape("mseLoss", input, target);
        return reduction.apply(input.sub(target).pow(2.0));
    }

    static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        requireSameShape("l1Loss", input, target);
        // abs has slope 0 at 0, so a zero difference passes no gradient, as PyTorch
        return reduction.apply(input.sub(target).abs());
    }

    static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        requireSameShape("smoothL1Loss", input, target);
        if (!(beta >= 0.0)) {
            throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        }
        if (beta == 0.0) {
            return l1(input, target, reduction);
        }
        Tensor diff = input.sub(target);
        Tensor abs = diff.abs();
        Tensor losses = Tensor.where(abs.lt(beta), diff.pow(2.0).mul(0.5).div(beta), abs.sub(0.5 * beta));
        return reduction.apply(losses);
    }

    static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        requireSameShape("huberLoss", input, target);
        if (!(delta > 0.0)) {
            throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        }
        Tensor diff = input.sub(target);
        Tensor abs = diff.abs();
        Tensor losses = Tensor.where(abs.lt(delta), diff.pow(2.0).mul(0.5), abs.sub(0.5 * delta).mul(delta));
        return reduction.apply(losses);
    }

    /** -w (t log p + (1 - t) log(1 - p)) with each log clamped at -100, as PyTorch. */
    static Tensor binaryCrossEntropy(Tensor p, Tensor t, Reduction reduction, Tensor weight) {
        requireSameShape("binaryCrossEntropy", p, t);
        double[] pv = p.toArray();
        double[] tv = t.toArray();
        double[] out = new double[pv.length];
        for (int i = 0; i < pv.length; i++) {
            if (!(pv[i] >= 0.0 && pv[i] <= 1.0)) {
                throw new IllegalArgumentException("binaryCrossEntropy: all elements of input should be between 0 "
                        + "and 1, got " + pv[i] + " at flat index " + i + " (pass logits to "
                        + "binaryCrossEntropyWithLogits instead)");
            }
            out[i] = (tv[i] - 1.0) * Math.max(Math.log1p(-pv[i]), -100.0) - tv[i] * Math.max(Math.log(pv[i]), -100.0);
        }
        Tensor losses = Node.record(Op.BINARY_CROSS_ENTROPY, Tensor.wrap(out, p.shape()), new Tensor[] {p, t}, p, t);
        return reduction.apply(weighted("binaryCrossEntropy", losses, weight));
    }

    /**
     * (1 - t) z + l softplus(-z) with l = 1 + (posWeight - 1) t, rewritten as c z + l log1p(exp(-|z|))
     * with c = 1 - t - l [z < 0]: no exp overflows for logits of any size, and the gradient keeps
     * full relative precision in both tails (for t = 1, z >> 0 it is -sigmoid(-z), not 1 - 1 - sigmoid(-z)).
     * -|z| is taken as where(z < 0, z, -z), whose slope at 0 is -1: with c's mask that gives the
     * exact 0.5 - t at z = 0, where abs (slope 0 at 0) would give -t.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor t, Reduction reduction, Tensor weight,
            Tensor posWeight) {
        requireSameShape("binaryCrossEntropyWithLogits", logits, t);
        if (posWeight == null) {
            // the same arithmetic as the composition below with l = 1, in one fused primitive
            return reduction.apply(weighted("binaryCrossEntropyWithLogits", Fused.binaryCrossEntropyWithLogits(logits, t),
                    weight));
        }
        Tensor negative = logits.lt(0.0);
        Tensor log1pExpNegAbs = Tensor.where(negative, logits, logits.neg()).exp().log1p();
        Tensor oneMinusT = t.neg().add(1.0);
        Tensor losses;
        if (posWeight == null) {
            losses = logits.mul(oneMinusT.sub(negative)).add(log1pExpNegAbs);
        } else {
            Tensor l = posWeight.sub(1.0).mul(t).add(1.0);
            losses = logits.mul(oneMinusT.sub(l.mul(negative))).add(l.mul(log1pExpNegAbs));
            if (!Arrays.equals(losses.shape(), logits.shape())) {
                throw new IllegalArgumentException("binaryCrossEntropyWithLogits: posWeight of shape "
                        + Shape.format(posWeight.shape()) + " must broadcast to the input shape "
                        + Shape.format(logits.shape()));
            }
        }
        return reduction.apply(weighted("binaryCrossEntropyWithLogits", losses, weight));
    }

    private static Tensor weighted(String op, Tensor losses, Tensor weight) {
        if (weight == null) {
            return losses;
        }
        Tensor out = losses.mul(weight);
        if (!Arrays.equals(out.shape(), losses.shape())) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(weight.shape())
                    + " must broadcast to the input shape " + Shape.format(losses.shape()));
        }
        return out;
    }

    /**
     * Losses compare element by element; PyTorch broadcasts mismatched shapes with only a warning,
     * which silently turns a [N, 1] prediction and an [N] target into an [N, N] loss. Refuse instead.
     */
    static void requireSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + Shape.format(target.shape())
                    + " must match input shape " + Shape.format(input.shape()));
        }
    }
}
