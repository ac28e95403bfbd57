package io.sparkgrad.autograd;

import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Fused;
import io.sparkgrad.tensor.Tensor;

/**
 * The table of backward rules: for each {@link Op}, the gradient of every input given the
 * gradient {@code g} of the output. Rules are written with ordinary (differentiable) tensor ops,
 * so with {@code createGraph} the backward pass is itself recorded and derivatives of any order
 * come for free. A rule may return a gradient in the broadcast output shape: the engine reduces it
 * to the input's shape. An entry is null where that input needs no gradient.
 */
final class Derivatives {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    /** PyTorch's binary_cross_entropy EPSILON: the float 1e-12 widened to double, not the double 1e-12. */
    private static final double BCE_EPSILON = (double) 1e-12f;

    private Derivatives() {
    }

    /**
     * The gradients of n's inputs given g. {@code gOwned}: g is the engine's alone (not seen by a
     * hook or the caller, not shared) and no graph is being recorded, so an activation's backward
     * may overwrite it instead of allocating its result.
     */
    static Tensor[] apply(Node n, Tensor g, boolean gOwned) {
        return switch (n.op) {
            case ADD -> grads(n, () -> g, () -> g);
            case SUB -> grads(n, () -> g, g::neg);
            case MUL -> grads(n, () -> g.mul(n.saved(1)), () -> g.mul(n.saved(0)));
            case DIV -> grads(n,
                    () -> g.div(n.saved(1)),
                    () -> g.neg().mul(n.saved(0)).div(n.saved(1).mul(n.saved(1))));
            case NEG -> grads(n, g::neg);
            case POW -> grads(n,
                    // a^b with b == 0 has zero slope in a, even at a == 0 where b * a^(b-1) is 0 * inf
                    () -> Tensor.where(n.saved(1).eq(0.0), Tensor.scalar(0.0),
                            g.mul(n.saved(1)).mul(n.saved(0).pow(n.saved(1).sub(1.0)))),
                    // 0^b for b >= 0 has zero slope in b (PyTorch's convention), not 0 * log(0)
                    () -> Tensor.where(n.saved(0).eq(0.0).mul(n.saved(1).ge(0.0)), Tensor.scalar(0.0),
                            g.mul(n.saved(2)).mul(n.saved(0).log())));
            case POW_SCALAR -> grads(n, () -> n.reals[0] == 0.0
                    ? g.mul(0.0)
                    : g.mul(n.saved(0).pow(n.reals[0] - 1.0).mul(n.reals[0])));
            case EXP -> grads(n, () -> g.mul(n.saved(0)));
            case LOG -> grads(n, () -> g.div(n.saved(0)));
            case LOG1P -> grads(n, () -> g.div(n.saved(0).add(1.0)));
            case SQRT -> grads(n, () -> g.div(n.saved(0).mul(2.0)));
            // abs has slope sign(x): 0 at x == 0, as PyTorch
            case ABS -> grads(n, () -> g.mul(n.saved(0).sign()));
            case SIN -> grads(n, () -> g.mul(n.saved(0).cos()));
            case COS -> grads(n, () -> g.mul(n.saved(0).sin()).neg());
            // the backward kernels compute g (1 - y^2), g y (1 - y) and the relu mask in one pass each
            case TANH -> grads(n, () -> activationBackward(Fused.Activation.TANH, g, n.saved(0), gOwned));
            case SIGMOID -> grads(n, () -> activationBackward(Fused.Activation.SIGMOID, g, n.saved(0), gOwned));
            // relu at 0 passes no gradient; the mask is a constant, so relu'' = 0
            case RELU -> grads(n, () -> activationBackward(Fused.Activation.RELU, g, n.saved(0), gOwned));
            // clamp passes the gradient where lo <= x <= hi (both ends inclusive, as PyTorch)
            case CLAMP -> grads(n, () -> g.mul(n.saved(0).ge(n.reals[0]).mul(n.saved(0).le(n.reals[1]))));
            // ties split the gradient in halves between both inputs, as PyTorch
            case MAXIMUM -> grads(n,
                    () -> g.mul(n.saved(0).gt(n.saved(1)).add(n.saved(0).eq(n.saved(1)).mul(0.5))),
                    () -> g.mul(n.saved(1).gt(n.saved(0)).add(n.saved(0).eq(n.saved(1)).mul(0.5))));
            case MINIMUM -> grads(n,
                    () -> g.mul(n.saved(0).lt(n.saved(1)).add(n.saved(0).eq(n.saved(1)).mul(0.5))),
                    () -> g.mul(n.saved(1).lt(n.saved(0)).add(n.saved(0).eq(n.saved(1)).mul(0.5))));
            case WHERE -> grads(n,
                    () -> Tensor.where(n.saved(0), g, Tensor.scalar(0.0)),
                    () -> Tensor.where(n.saved(0), Tensor.scalar(0.0), g));
            case SUM -> grads(n, () -> expandReduced(n, g));
            case MEAN -> grads(n, () -> expandReduced(n, g).div(reducedCount(n)));
            // a full max / min shares the gradient evenly between tied maxima, as PyTorch
            case MAX_ALL, MIN_ALL -> grads(n, () -> {
                Tensor mask = n.saved(0).eq(n.saved(1));
                return g.mul(mask).div(mask.sum());
            });
            case MAX_DIM, MIN_DIM -> grads(n, () -> {
                if (n.inputShapes[0].length == 0) {
                    return g;  // a 0-d tensor is its own max along dim 0: nothing to scatter into
                }
                int dim = n.ints[0];
                Tensor gk = n.ints[1] == 1 ? g : g.unsqueeze(dim);
                return Tensor.zeros(n.inputShapes[0]).scatterAdd(dim, n.saved(0), gk);
            });
            case MATMUL -> grads(n,
                    () -> g.matmul(n.saved(1).transpose(-1, -2)),
                    () -> n.saved(0).transpose(-1, -2).matmul(g));
            case VIEW, SQUEEZE, UNSQUEEZE -> grads(n, () -> g.reshape(n.inputShapes[0]));
            // the engine's broadcast reduction sums the expanded dims
            case EXPAND, CLONE -> grads(n, () -> g);
            case TRANSPOSE -> grads(n, () -> g.transpose(n.ints[0], n.ints[1]));
            case SELECT -> grads(n, () -> Tensor.zeros(n.inputShapes[0])
                    .sliceScatter(g.unsqueeze(n.ints[0]), n.ints[0], n.ints[1]));
            case NARROW -> grads(n, () -> Tensor.zeros(n.inputShapes[0]).sliceScatter(g, n.ints[0], n.ints[1]));
            case SLICE_SCATTER -> grads(n,
                    () -> g.sliceScatter(Tensor.zeros(n.inputShapes[1]), n.ints[0], n.ints[1]),
                    () -> g.narrow(n.ints[0], n.ints[1], n.inputShapes[1][n.ints[0]]));
            case GATHER -> grads(n, () -> Tensor.zeros(n.inputShapes[0]).scatterAdd(n.ints[0], n.saved(0), g));
            case SCATTER_ADD -> grads(n, () -> g, () -> g.gather(n.ints[0], n.saved(0)));
            case CAT -> catGrads(n, g);
            case SOFTMAX -> grads(n, () -> {
                Tensor y = n.saved(0);
                return y.mul(g.sub(g.mul(y).sum(n.ints[0], true)));
            });
            case LOG_SOFTMAX -> grads(n, () -> g.sub(n.saved(0).exp().mul(g.sum(n.ints[0], true))));
            case ERF -> grads(n, () -> g.mul(n.saved(0).mul(n.saved(0)).neg().exp().mul(TWO_OVER_SQRT_PI)));
            // saved (p, t); PyTorch divides by max(p(1-p), eps) so p in {0, 1} gives a huge but finite slope
            case BINARY_CROSS_ENTROPY -> grads(n,
                    () -> g.mul(n.saved(0).sub(n.saved(1)))
                            .div(n.saved(0).mul(n.saved(0).neg().add(1.0)).clampMin(BCE_EPSILON)),
                    () -> g.mul(n.saved(0).neg().log1p().clampMin(-100.0).sub(n.saved(0).log().clampMin(-100.0))));
            // Y = X·W with X constant: dW = Xᵀ·g, itself the differentiable SPARSE_TMM (and its rule this one)
            case SPARSE_MM -> grads(n, () -> SparseMatrix.recorded(n.ints, n.reals).tmatmul(g));
            case SPARSE_TMM -> grads(n, () -> SparseMatrix.recorded(n.ints, n.reals).matmul(g));
            case FACTOR_INTERACTIONS -> factorInteractionsGrads(n, g);
            case FACTOR_INTERACTIONS_BACKWARD -> factorInteractionsBackwardGrads(n, g);
            // saved (x, W): y = x Wᵀ + b over the rows of x's leading dims
            case LINEAR -> grads(n,
                    () -> g.matmul(n.saved(1)),
                    () -> rows(g).t().matmul(rows(n.saved(0))),
                    () -> rows(g).sum(0, false));
            // saved (z, t): the slope in z is its own primitive; in t it is -z
            case BINARY_CROSS_ENTROPY_WITH_LOGITS -> grads(n,
                    () -> Fused.binaryCrossEntropyWithLogitsBackward(g, n.saved(0), n.saved(1)),
                    () -> g.mul(n.saved(0)).neg());
            // saved (g0, z, t) of g0 (sigmoid(z) - t): linear in g0, slope sigmoid'(z) in z, -1 in t
            case BINARY_CROSS_ENTROPY_WITH_LOGITS_BACKWARD -> grads(n,
                    () -> Fused.binaryCrossEntropyWithLogitsBackward(g, n.saved(1), n.saved(2)),
                    () -> Fused.activationBackward(Fused.Activation.SIGMOID, g.mul(n.saved(0)), n.saved(1).sigmoid()),
                    () -> g.mul(n.saved(0)).neg());
            // saved (z, target, sampleWeight)
            case CROSS_ENTROPY -> grads(n, () -> Fused.crossEntropyBackward(g, n.saved(0), n.saved(1), n.saved(2)));
            case CROSS_ENTROPY_BACKWARD -> crossEntropyBackwardGrads(n, g);
            // saved (g0, y) of g0 y (1 - y)
            case SIGMOID_BACKWARD -> grads(n,
                    () -> Fused.activationBackward(Fused.Activation.SIGMOID, g, n.saved(1)),
                    () -> g.mul(n.saved(0)).mul(n.saved(1).mul(-2.0).add(1.0)));
            // saved (g0, y) of g0 (1 - y^2)
            case TANH_BACKWARD -> grads(n,
                    () -> Fused.activationBackward(Fused.Activation.TANH, g, n.saved(1)),
                    () -> g.mul(n.saved(0)).mul(n.saved(1)).mul(-2.0));
            // saved (y): the mask y > 0 is a constant
            case THRESHOLD_BACKWARD -> grads(n, () -> Fused.activationBackward(Fused.Activation.RELU, g, n.saved(0)));
        };
    }

    /** Evaluates the rule for input i only if that input needs a gradient (PyTorch's output mask). */
    @SafeVarargs
    private static Tensor[] grads(Node n, java.util.function.Supplier<Tensor>... rules) {
        Tensor[] out = new Tensor[rules.length];
        for (int i = 0; i < rules.length; i++) {
            if (n.needsInputGrad(i)) {
                out[i] = rules[i].get();
            }
        }
        return out;
    }

    /** The activation's backward kernel, into g itself when g is the engine's to overwrite. */
    private static Tensor activationBackward(Fused.Activation fn, Tensor g, Tensor y, boolean gOwned) {
        return gOwned && g.isContiguous() && java.util.Arrays.equals(g.shape(), y.shape())
                ? Fused.activationBackward_(fn, g, y)
                : Fused.activationBackward(fn, g, y);
    }

    /**
     * Whether the rule can add input k's gradient straight into a sum (a leaf's {@code .grad})
     * with a kernel that writes only the rows the node's data touches, instead of returning a
     * gradient of the input's full shape: FACTOR_INTERACTIONS in v while x is a constant, whose
     * gradient lives in the rows of the features the block stores (PyTorch's sparse embedding
     * gradient, kept as one dense sum updated row by row).
     */
    static boolean accumulatesRows(Node n, int k) {
        return n.op == Op.FACTOR_INTERACTIONS && k == 0 && (n.next.length == 1 || n.next[1] == null);
    }

    /** For a node {@link #accumulatesRows} holds for: {@code acc += (input 0's gradient)}, returning acc (or a new sum when null). */
    static Tensor accumulateRows(Node n, Tensor g, Tensor acc) {
        SparseMatrix x = SparseMatrix.recorded(n.ints, n.reals);
        return Fused.factorInteractionsBackwardInto(g, x, n.saved(0), n.saved(1), acc);
    }

    /**
     * For FACTOR_INTERACTIONS, inputs (v) for CSR rows or (v, x) for dense ones, saved (v, s = x·v
     * [, x]): in v the fused backward while x is a constant; with a dense x that requires grad,
     * compositions, so that a graph recorded from them is differentiable in x too.
     */
    private static Tensor[] factorInteractionsGrads(Node n, Tensor g) {
        SparseMatrix x = SparseMatrix.recorded(n.ints, n.reals);
        boolean dense = n.next.length == 2;
        if (!dense || !n.needsInputGrad(1)) {
            Tensor[] out = new Tensor[n.next.length];
            if (n.needsInputGrad(0)) {
                out[0] = Fused.factorInteractionsBackward(g, x, n.saved(0), n.saved(1));
            }
            return out;
        }
        // dv = xᵀ(g ⊙ s) − v ⊙ (x²)ᵀg and dx = (g ⊙ s)·vᵀ − x ⊙ (g·(v²)ᵀ), s = x·v, all differentiable
        Tensor v = n.saved(0);
        Tensor xt = n.saved(2);
        Tensor s = xt.matmul(v);
        Tensor gk = g.expand(xt.size(0), v.size(1));
        return grads(n,
                () -> xt.t().matmul(gk.mul(s)).sub(v.mul(xt.mul(xt).t().matmul(gk))),
                () -> gk.mul(s).matmul(v.t()).sub(xt.mul(gk.matmul(v.mul(v).t()))));
    }

    /**
     * For FACTOR_INTERACTIONS_BACKWARD, saved (g0, v), x in the ints and reals, out = dv with
     * dv_jf = Σ_i g0_if x_ij (s_if − v_jf x_ij), s = x·v: linear in g0, so in g0 the gradient is
     * s ⊙ (x·gg) − x²·(gg ⊙ v); in v it is xᵀ(g0 ⊙ (x·gg)) − gg ⊙ (x²)ᵀg0.
     */
    private static Tensor[] factorInteractionsBackwardGrads(Node n, Tensor gg) {
        SparseMatrix x = SparseMatrix.recorded(n.ints, n.reals);
        SparseMatrix x2 = x.square();
        Tensor g0 = n.saved(0);
        Tensor v = n.saved(1);
        return grads(n,
                () -> x.matmul(v).mul(x.matmul(gg)).sub(x2.matmul(gg.mul(v))),
                () -> x.tmatmul(g0.expand(x.rows(), v.size(1)).mul(x.matmul(gg))).sub(gg.mul(x2.tmatmul(
                        g0.expand(x.rows(), v.size(1))))));
    }

    /** A tensor of shape [*, f] as the matrix [rows, f] of its leading dims. */
    private static Tensor rows(Tensor t) {
        return t.reshape(-1, t.size(-1));
    }

    /**
     * For CROSS_ENTROPY_BACKWARD, saved (g0, z, target, sampleWeight), out = g0 w (y - onehot) with
     * y = softmax(z): in g0 the row sums of gg w (y - onehot); in z, g0 w times softmax's backward
     * of gg. Ignored samples have weight 0, so their rows contribute nothing.
     */
    private static Tensor[] crossEntropyBackwardGrads(Node n, Tensor gg) {
        Tensor z = n.saved(1);
        Tensor w = n.saved(3);
        Tensor y = z.softmax(1);
        return grads(n,
                () -> gg.mul(y.sub(oneHot(n.saved(2), z.size(1)))).sum(1, false).mul(w),
                () -> y.mul(gg.sub(gg.mul(y).sum(1, true))).mul(n.saved(0).mul(w).unsqueeze(1)));
    }

    /** [N, C] ones at the class indices (rows of ignored samples, index −1, stay zero). */
    private static Tensor oneHot(Tensor target, int classes) {
        double[] t = target.toArray();
        double[] out = new double[t.length * classes];
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= 0) {
                out[i * classes + (int) t[i]] = 1.0;
            }
        }
        return Tensor.wrap(out, t.length, classes);
    }

    /** For SUM / MEAN: ints = {keepdim, dim...}; puts the reduced dims back and expands. */
    private static Tensor expandReduced(Node n, Tensor g) {
        int[] inShape = n.inputShapes[0];
        Tensor r = g;
        if (n.ints[0] == 0) {
            for (int k = 1; k < n.ints.length; k++) {
                r = r.unsqueeze(n.ints[k]);
            }
        }
        return r.expand(inShape);
    }

    private static double reducedCount(Node n) {
        double count = 1;
        for (int k = 1; k < n.ints.length; k++) {
            count *= n.inputShapes[0][n.ints[k]];
        }
        return count;
    }

    /** For CAT: ints = {dim}; each input gets its slice of the gradient. */
    private static Tensor[] catGrads(Node n, Tensor g) {
        int dim = n.ints[0];
        Tensor[] out = new Tensor[n.next.length];
        int offset = 0;
        for (int i = 0; i < out.length; i++) {
            int len = n.inputShapes[i][dim];
            if (n.needsInputGrad(i)) {
                out[i] = g.narrow(dim, offset, len);
            }
            offset += len;
        }
        return out;
    }
}
