package io.sparkgrad.nn;

import io.sparkgrad.tensor.Fused;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross entropy and negative log-likelihood with PyTorch 1.13's conventions. The class dim is 1
 * (dim 0 for a single unbatched sample of shape [C]); class-index targets are float64 tensors
 * holding integers, with the input's shape minus the class dim; probability targets have the
 * input's shape. Normalisation of a mean follows PyTorch exactly:
 * <ul>
 *   <li>class indices: divide by the sum of {@code weight[target]} over samples not ignored (the
 *       count of those samples without weights), for the smoothing term as well;</li>
 *   <li>probability targets: divide by the number of samples, weights or not.</li>
 * </ul>
 */
final class CrossEntropy {
    private CrossEntropy() {
    }

    static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions o) {
        int classDim = classDim("crossEntropy", logits);
        int classes = logits.size(classDim);
        checkWeight("crossEntropy", o.weight(), classes);
        if (Arrays.equals(target.shape(), logits.shape())) {
            return probabilityTargets(logits.logSoftmax(classDim), target, o, classDim, classes);
        }
        if (logits.dim() == 2 && o.labelSmoothing() == 0.0 && (o.weight() == null || !o.weight().requiresGrad())) {
            return fused(logits, target, o);
        }
        Tensor logp = logits.logSoftmax(classDim);
        Picked picked = pick("crossEntropy", logp, target, o.weight(), o.ignoreIndex(), classDim);
        Tensor nll = reduceNll(picked, o.reduction());
        double smoothing = o.labelSmoothing();
        if (smoothing == 0.0) {
            return nll;
        }
        Tensor weighted = o.weight() == null ? logp : logp.mul(broadcastWeight(o.weight(), logp.dim(), classDim));
        Tensor smooth = Tensor.where(picked.ignored, Tensor.scalar(0.0), weighted.sum(classDim, false).neg());
        Tensor smoothReduced = switch (o.reduction()) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> smooth.sum().div(picked.targetWeights.sum());
        };
        return nll.mul(1.0 - smoothing).add(smoothReduced.mul(smoothing / classes));
    }

    static Tensor nllLoss(Tensor logp, Tensor target, NllLossOptions o) {
        int classDim = classDim("nllLoss", logp);
        checkWeight("nllLoss", o.weight(), logp.size(classDim));
        return reduceNll(pick("nllLoss", logp, target, o.weight(), o.ignoreIndex(), classDim), o.reduction());
    }

    /**
     * The common case, batches [N, C] of class indices without label smoothing: one fused
     * primitive gives the per-sample losses, reduced as {@link #reduceNll} reduces the composition's.
     */
    private static Tensor fused(Tensor logits, Tensor target, CrossEntropyOptions o) {
        Targets t = targets("crossEntropy", logits.shape(), target, o.weight(), o.ignoreIndex(), 1);
        double[] index = t.safe.clone();
        for (int i = 0; i < index.length; i++) {
            if (t.ignored[i] != 0.0) {
                index[i] = -1;
            }
        }
        Tensor weights = Tensor.wrap(t.weights, target.shape());
        Tensor losses = Fused.crossEntropy(logits, Tensor.wrap(index, target.shape()), weights);
        return switch (o.reduction()) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> losses.sum().div(weights.sum());
        };
    }

    private static Tensor probabilityTargets(Tensor logp, Tensor target, CrossEntropyOptions o, int classDim,
            int classes) {
        if (o.ignoreIndex() >= 0) {
            throw new IllegalArgumentException("crossEntropy: ignoreIndex is not supported with probability targets "
                    + "(the target has the input's shape " + Shape.format(logp.shape()) + ")");
        }
        double smoothing = o.labelSmoothing();
        Tensor t = smoothing > 0.0 ? target.mul(1.0 - smoothing).add(smoothing / classes) : target;
        Tensor terms = logp.mul(t);
        if (o.weight() != null) {
            terms = terms.mul(broadcastWeight(o.weight(), logp.dim(), classDim));
        }
        return switch (o.reduction()) {
            case NONE -> terms.sum(classDim, false).neg();
            case SUM -> terms.sum().neg();
            case MEAN -> terms.sum().neg().div(logp.numel() / (double) classes);
        };
    }

    /** Per-sample losses {@code -w[t] logp[t]} (0 where ignored), the weights w[t] and the ignored mask. */
    private record Picked(Tensor losses, Tensor targetWeights, Tensor ignored) {
    }

    private static Picked pick(String op, Tensor logp, Tensor target, Tensor weight, int ignoreIndex, int classDim) {
        Targets t = targets(op, logp.shape(), target, weight, ignoreIndex, classDim);
        int[] shape = target.shape();
        Tensor index = Tensor.wrap(t.safe, shape).unsqueeze(classDim);
        Tensor chosen = logp.gather(classDim, index).squeeze(classDim);
        Tensor weights = Tensor.wrap(t.weights, shape);
        Tensor mask = Tensor.wrap(t.ignored, shape);
        Tensor losses = Tensor.where(mask, Tensor.scalar(0.0), chosen.mul(weights).neg());
        return new Picked(losses, weights, mask);
    }

    /** Checked class indices (0 where ignored), each sample's class weight (0 where ignored) and the ignored mask. */
    private record Targets(double[] safe, double[] weights, double[] ignored) {
    }

    private static Targets targets(String op, int[] inputShape, Tensor target, Tensor weight, int ignoreIndex,
            int classDim) {
        int[] expected = withoutDim(inputShape, classDim);
        if (!Arrays.equals(target.shape(), expected)) {
            throw new IllegalArgumentException(op + ": expected class-index target of shape " + Shape.format(expected)
                    + " (or probabilities of shape " + Shape.format(inputShape) + ") for input of shape "
                    + Shape.format(inputShape) + ", got target of shape " + Shape.format(target.shape()));
        }
        int classes = inputShape[classDim];
        double[] t = target.toArray();
        double[] w = weight == null ? null : weight.toArray();
        double[] safe = new double[t.length];
        double[] targetWeights = new double[t.length];
        double[] ignored = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double v = t[i];
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(op + ": class-index targets must hold integers, got " + v
                        + " at flat index " + i);
            }
            if (v == ignoreIndex) {
                ignored[i] = 1.0;
                continue;
            }
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException(op + ": target " + (long) v + " at flat index " + i
                        + " is out of bounds for " + classes + " classes");
            }
            safe[i] = v;
            targetWeights[i] = w == null ? 1.0 : w[(int) v];
        }
        return new Targets(safe, targetWeights, ignored);
    }

    private static Tensor reduceNll(Picked p, Reduction reduction) {
        return switch (reduction) {
            case NONE -> p.losses;
            case SUM -> p.losses.sum();
            // all samples ignored gives 0 / 0 = NaN, as PyTorch
            case MEAN -> p.losses.sum().div(p.targetWeights.sum());
        };
    }

    private static int classDim(String op, Tensor input) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": input must have a class dim, got a scalar");
        }
        return input.dim() == 1 ? 0 : 1;
    }

    private static void checkWeight(String op, Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException(op + ": weight must have shape [" + classes + "] (one per class), got "
                    + Shape.format(weight.shape()));
        }
    }

    /** The [C] weight reshaped to broadcast along the class dim of a rank-{@code rank} tensor. */
    private static Tensor broadcastWeight(Tensor weight, int rank, int classDim) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[classDim] = weight.size(0);
        return weight.reshape(shape);
    }

    private static int[] withoutDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != dim) {
                out[k++] = shape[d];
            }
        }
        return out;
    }
}
