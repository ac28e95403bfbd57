package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;
import java.util.Arrays;

/**
 * Fused primitives: chains of ops that are hot in training, computed in one pass into one output
 * and recorded as one node with one rule in the derivative table. The backward functions are
 * primitives too (as in PyTorch's {@code derivatives.yaml}), so a backward pass allocates one
 * array per gradient and, with {@code createGraph}, is differentiable again.
 *
 * <p>These are the engine's building blocks; models call them through {@code io.sparkgrad.nn.F}
 * ({@code F.linear}, {@code F.binaryCrossEntropyWithLogits}, {@code F.crossEntropy}, the
 * activations), which check arguments and fall back to compositions for the options the fused
 * kernels do not cover.
 */
public final class Fused {
    private Fused() {
    }

    /** The activations with a fused backward kernel. */
    public enum Activation {
        SIGMOID(Elementwise.Unary.SIGMOID, Op.SIGMOID_BACKWARD),
        TANH(Elementwise.Unary.TANH, Op.TANH_BACKWARD),
        RELU(Elementwise.Unary.RELU, Op.THRESHOLD_BACKWARD);

        final Elementwise.Unary fn;
        final Op op;

        Activation(Elementwise.Unary fn, Op op) {
            this.fn = fn;
            this.op = op;
        }
    }

    /**
     * {@code x · weightᵀ + bias} for x [*, in], weight [out, in], bias [out]: the product read
     * through weight's strides (no transposed copy), the bias added to each tile of the product
     * while it is in registers.
     * The values are those of {@code x.matmul(weight.t()).add(bias)}.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.dim() == 2 ? weight.shape[1] : -1;
        int out = weight.dim() == 2 ? weight.shape[0] : -1;
        if (in < 0 || x.dim() == 0 || x.shape[x.dim() - 1] != in || bias.dim() != 1 || bias.shape[0] != out) {
            throw new IllegalArgumentException("linear: expected input [*, in], weight [out, in] and bias [out], got "
                    + Shape.format(x.shape) + ", " + Shape.format(weight.shape) + " and " + Shape.format(bias.shape));
        }
        int rows = Shape.numel(Arrays.copyOf(x.shape, x.dim() - 1));
        double[] xs = x.data;
        int xo = x.offset;
        int xcs = x.strides[x.dim() - 1];
        int xrs = x.dim() == 2 ? x.strides[0] : in;
        if (x.dim() > 2 && !x.isContiguous()) {
            // leading dims that do not flatten into one stride: read a row-major copy
            xs = Strided.contiguousData(x);
            xo = 0;
            xcs = 1;
        }
        double[] y = new double[rows * out];
        Gemm.multiply(xs, xo, xrs, xcs, weight.data, weight.offset, weight.strides[1], weight.strides[0], y, 0, rows,
                in, out, Strided.contiguousData(bias));
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = out;
        return Node.record(Op.LINEAR, Tensor.owned(y, shape), new Tensor[] {x, weight, bias}, x, weight);
    }

    /**
     * The backward of an activation from the incoming gradient g (broadcast to y's shape) and the
     * activation's output y, in one pass: sigmoid {@code g·(y·(1−y))}, tanh {@code g·(1−y·y)},
     * relu {@code y <= 0 ? 0 : g} (torch's sigmoid_backward, tanh_backward, threshold_backward).
     * Differentiable in g, and for sigmoid and tanh in y; relu's mask is a constant.
     */
    public static Tensor activationBackward(Activation fn, Tensor g, Tensor y) {
        if (!Shape.broadcastsTo(g.shape, y.shape)) {
            throw new IllegalArgumentException(fn.name().toLowerCase(java.util.Locale.ROOT) + " backward: gradient "
                    + Shape.format(g.shape) + " does not broadcast to the output " + Shape.format(y.shape));
        }
        double[] yv = Strided.contiguousData(y);
        double[] out = new double[yv.length];
        Strided.forEach(y.shape, new int[] {0, g.offset}, new int[][] {Shape.contiguousStrides(y.shape),
            Strided.broadcastStrides(g, y.shape)}, (start, step, n) -> {
                if (step[1] == 0 || step[1] == 1) {
                    Kernels.backend().activationBackward(fn.fn, g.data, start[1], step[1], yv, start[0], out, start[0],
                            n);
                } else {
                    for (int i = 0, gi = start[1]; i < n; i++, gi += step[1]) {
                        out[start[0] + i] = Elementwise.activationBackward(fn.fn, g.data[gi], yv[start[0] + i]);
                    }
                }
            });
        Tensor result = Tensor.owned(out, y.shape.clone());
        return fn == Activation.RELU
                ? Node.record(fn.op, result, new Tensor[] {g}, y)
                : Node.record(fn.op, result, new Tensor[] {g, y}, g, y);
    }

    /**
     * {@link #activationBackward} written into g itself (contiguous, of y's shape), for the
     * engine's backward pass when nothing else holds g; not recorded, so refused where grad mode
     * would record it.
     */
    public static Tensor activationBackward_(Activation fn, Tensor g, Tensor y) {
        if (!g.isContiguous() || !Arrays.equals(g.shape, y.shape)) {
            throw new IllegalArgumentException(fn.name().toLowerCase(java.util.Locale.ROOT) + " backward_: gradient "
                    + Shape.format(g.shape) + " must be contiguous and of the output's shape " + Shape.format(y.shape));
        }
        if (Tensor.recording() && (g.requiresGrad() || y.requiresGrad())) {
            throw new IllegalStateException("activationBackward_ is not recorded by autograd: call it under noGrad()");
        }
        double[] yv = Strided.contiguousData(y);
        Kernels.backend().activationBackward(fn.fn, g.data, g.offset, 1, yv, 0, g.data, g.offset, yv.length);
        g.version.bump();
        return g;
    }

    /**
     * Per-element binary cross-entropy of logits z against targets t of the same shape,
     * {@code (1 − t)·z + log(1 + exp(−z))}, computed as {@code z·(1 − t − [z < 0]) + log1p(exp(−|z|))}
     * so that no exp overflows (torch's binary_cross_entropy_with_logits without weights).
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor t) {
        requireSameShape("binaryCrossEntropyWithLogits", z, t);
        double[] losses = LossKernels.bceWithLogits(Strided.contiguousData(z), Strided.contiguousData(t));
        return Node.record(Op.BINARY_CROSS_ENTROPY_WITH_LOGITS, Tensor.owned(losses, z.shape.clone()),
                new Tensor[] {z, t}, z, t);
    }

    /**
     * The gradient of {@link #binaryCrossEntropyWithLogits} with respect to z for an incoming
     * gradient g (broadcast to z's shape): {@code g·(σ(z) − t)}, computed as
     * {@code g·(1 − t − [z < 0] ∓ q)} with {@code q = σ(−|z|)}, which keeps full relative precision
     * in both tails. Differentiable in g, z and t.
     */
    public static Tensor binaryCrossEntropyWithLogitsBackward(Tensor g, Tensor z, Tensor t) {
        requireSameShape("binaryCrossEntropyWithLogitsBackward", z, t);
        if (!Shape.broadcastsTo(g.shape, z.shape)) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogitsBackward: gradient " + Shape.format(g.shape)
                    + " does not broadcast to " + Shape.format(z.shape));
        }
        double[] gv = Strided.broadcastData(g, z.shape);
        double[] out = LossKernels.bceWithLogitsBackward(gv, Strided.contiguousData(z), Strided.contiguousData(t));
        return Node.record(Op.BINARY_CROSS_ENTROPY_WITH_LOGITS_BACKWARD, Tensor.owned(out, z.shape.clone()),
                new Tensor[] {g, z, t}, g, z, t);
    }

    /**
     * Per-sample cross-entropy of logits [N, C] at class indices: {@code w_i · (logsumexp(z_i) −
     * z_i[t_i])}, i.e. {@code −w_i · logSoftmax(z)_i[t_i]}, and exactly 0 where {@code t_i < 0}
     * (an ignored sample). {@code target} [N] holds integral class indices (or −1),
     * {@code sampleWeight} [N] the weight of each sample's class; neither is differentiated.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor sampleWeight) {
        int[] rows = checkCrossEntropy("crossEntropy", logits, target, sampleWeight);
        double[] losses = LossKernels.crossEntropy(Strided.contiguousData(logits), rows[0], rows[1],
                Strided.contiguousData(target), Strided.contiguousData(sampleWeight));
        return Node.record(Op.CROSS_ENTROPY, Tensor.owned(losses, new int[] {rows[0]}), new Tensor[] {logits},
                logits, target, sampleWeight);
    }

    /**
     * The gradient of {@link #crossEntropy} with respect to the logits for an incoming gradient g
     * [N] (or broadcast to it): {@code g_i·w_i·(softmax(z_i) − onehot(t_i))}, zero rows where
     * {@code t_i < 0}. Differentiable in g and the logits.
     */
    public static Tensor crossEntropyBackward(Tensor g, Tensor logits, Tensor target, Tensor sampleWeight) {
        int[] rows = checkCrossEntropy("crossEntropyBackward", logits, target, sampleWeight);
        if (!Shape.broadcastsTo(g.shape, target.shape)) {
            throw new IllegalArgumentException("crossEntropyBackward: gradient " + Shape.format(g.shape)
                    + " does not broadcast to " + Shape.format(target.shape));
        }
        double[] out = LossKernels.crossEntropyBackward(Strided.broadcastData(g, target.shape),
                Strided.contiguousData(logits), rows[0], rows[1], Strided.contiguousData(target),
                Strided.contiguousData(sampleWeight));
        return Node.record(Op.CROSS_ENTROPY_BACKWARD, Tensor.owned(out, logits.shape.clone()),
                new Tensor[] {g, logits}, g, logits, target, sampleWeight);
    }

    /**
     * A factorization machine's pairwise interactions, one column per factor: for rows x [n, d]
     * (CSR) and factors v [d, k], {@code p_if = ½·[(Σ_j v_jf x_ij)² − Σ_j v_jf² x_ij²]}, so that
     * {@code p.sum(1)} is Rendle's {@code Σ_{j<l} ⟨v_j, v_l⟩ x_ij x_il} in O(k·nnz). Differentiable
     * in v ({@link Op#FACTOR_INTERACTIONS}); its gradient is written only in the rows of v whose
     * feature the block stores. The summation order is in {@link FactorInteractions} and
     * {@code engine/KERNELS.md}.
     */
    public static Tensor factorInteractions(SparseMatrix x, Tensor v) {
        int k = checkFactors("factorInteractions", x.rows(), x.cols(), v);
        double[] s = new double[x.rows() * k];
        double[] p = new double[x.rows() * k];
        double[] vd = Strided.contiguousData(v);
        FactorInteractions.forward(x, vd, 0, k, s, p);
        Tensor sums = Tensor.owned(s, new int[] {x.rows(), k});
        return Node.record(Op.FACTOR_INTERACTIONS, Tensor.owned(p, new int[] {x.rows(), k}), new Tensor[] {v},
                new Tensor[] {v, sums}, x.structure(), x.valuesView());
    }

    /**
     * {@link #factorInteractions(SparseMatrix, Tensor)} of dense rows x [n, d]: the same bits as
     * for their CSR form (zeros add nothing to the sums), differentiable in v and in x.
     */
    public static Tensor factorInteractions(Tensor x, Tensor v) {
        if (x.dim() != 2) {
            throw new IllegalArgumentException("factorInteractions: expected rows [n, d] and factors [d, k], got "
                    + Shape.format(x.shape) + " and " + Shape.format(v.shape));
        }
        SparseMatrix rows = SparseMatrix.fromDense(x);
        int k = checkFactors("factorInteractions", rows.rows(), rows.cols(), v);
        double[] s = new double[rows.rows() * k];
        double[] p = new double[rows.rows() * k];
        FactorInteractions.forward(rows, Strided.contiguousData(v), 0, k, s, p);
        Tensor sums = Tensor.owned(s, new int[] {rows.rows(), k});
        return Node.record(Op.FACTOR_INTERACTIONS, Tensor.owned(p, new int[] {rows.rows(), k}), new Tensor[] {v, x},
                new Tensor[] {v, sums, x}, rows.structure(), rows.valuesView());
    }

    /**
     * The incoming gradient of a factor-interactions backward as the kernels read it: g itself when
     * it is a [rows, k] matrix (any strides), else g broadcast to [rows, k]. Checks g and sums first.
     */
    private record GradientRows(double[] data, int offset, int rowStride, int colStride) {
        static GradientRows of(String op, Tensor g, Tensor sums, int rows, int k) {
            int[] shape = {rows, k};
            if (!Shape.broadcastsTo(g.shape, shape) || !java.util.Arrays.equals(sums.shape, shape)) {
                throw new IllegalArgumentException(op + ": expected a gradient broadcasting to "
                        + Shape.format(shape) + " and sums " + Shape.format(shape) + ", got " + Shape.format(g.shape)
                        + " and " + Shape.format(sums.shape));
            }
            if (g.dim() == 2 && java.util.Arrays.equals(g.shape, shape)) {
                return new GradientRows(g.data, g.offset, g.strides[0], g.strides[1]);
            }
            return new GradientRows(Strided.broadcastData(g, shape), 0, k, 1);
        }
    }

    /**
     * The gradient in v of {@code Σ g ⊙ factorInteractions(x, v)} for an incoming gradient g
     * (broadcast to [n, k]): {@code dv_jf = Σ_i g_if · x_ij · (s_if − v_jf x_ij)}, zero in the rows
     * of features x does not store. {@code sums} [n, k] holds {@code s = x · v} as the forward
     * computed it (only its values are read). Differentiable in g and v
     * ({@link Op#FACTOR_INTERACTIONS_BACKWARD}).
     */
    public static Tensor factorInteractionsBackward(Tensor g, SparseMatrix x, Tensor v, Tensor sums) {
        int k = checkFactors("factorInteractionsBackward", x.rows(), x.cols(), v);
        GradientRows gl = GradientRows.of("factorInteractionsBackward", g, sums, x.rows(), k);
        double[] dv = new double[x.cols() * k];
        FactorInteractions.backward(x, Strided.contiguousData(v), 0, k, gl.data, gl.offset, gl.rowStride, gl.colStride,
                Strided.contiguousData(sums), dv);
        return Node.record(Op.FACTOR_INTERACTIONS_BACKWARD, Tensor.owned(dv, new int[] {x.cols(), k}),
                new Tensor[] {g, v}, new Tensor[] {g, v}, x.structure(), x.valuesView());
    }

    /**
     * {@code acc += factorInteractionsBackward(g, x, v, sums)} without the [cols, k] gradient: the
     * kernel computes the rows of the features x stores in a buffer of that size and adds them into
     * acc, leaving every other row as it was. The same bits as the dense sum for an acc holding no
     * −0.0 (see {@link FactorInteractions#accumulate}); acc null starts from zeros. Not recorded:
     * this is how the engine adds the factors' gradient into a leaf's {@code .grad}, under no grad.
     * Returns acc (or the new sum), its version bumped.
     */
    public static Tensor factorInteractionsBackwardInto(Tensor g, SparseMatrix x, Tensor v, Tensor sums, Tensor acc) {
        int k = checkFactors("factorInteractionsBackwardInto", x.rows(), x.cols(), v);
        GradientRows gl = GradientRows.of("factorInteractionsBackwardInto", g, sums, x.rows(), k);
        if (acc == null) {
            acc = Tensor.owned(new double[x.cols() * k], new int[] {x.cols(), k});
        } else if (!acc.isContiguous() || !java.util.Arrays.equals(acc.shape, v.shape)) {
            throw new IllegalArgumentException("factorInteractionsBackwardInto: expected a contiguous sum of shape "
                    + Shape.format(v.shape) + ", got " + Shape.format(acc.shape));
        }
        FactorInteractions.accumulate(x, Strided.contiguousData(v), 0, k, gl.data, gl.offset, gl.rowStride, gl.colStride,
                Strided.contiguousData(sums), acc.data, acc.offset);
        acc.version.bump();
        return acc;
    }

    /** k after checking factors [cols, k]. */
    private static int checkFactors(String op, int rows, int cols, Tensor v) {
        if (v.dim() != 2 || v.shape[0] != cols) {
            throw new IllegalArgumentException(op + ": expected rows [" + rows + ", " + cols + "] and factors [" + cols
                    + ", k], got factors " + Shape.format(v.shape));
        }
        return v.shape[1];
    }

    /** {N, C} after checking logits [N, C], target [N] and sampleWeight [N]. */
    private static int[] checkCrossEntropy(String op, Tensor logits, Tensor target, Tensor sampleWeight) {
        if (logits.dim() != 2 || !Arrays.equals(target.shape, new int[] {logits.shape[0]})
                || !Arrays.equals(sampleWeight.shape, target.shape)) {
            throw new IllegalArgumentException(op + ": expected logits [N, C], target [N] and sample weights [N], got "
                    + Shape.format(logits.shape) + ", " + Shape.format(target.shape) + " and "
                    + Shape.format(sampleWeight.shape));
        }
        return new int[] {logits.shape[0], logits.shape[1]};
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException(op + ": target shape " + Shape.format(b.shape) + " must match input shape "
                    + Shape.format(a.shape));
        }
    }
}
