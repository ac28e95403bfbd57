package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;

/**
 * Elementwise kernels with broadcasting, and their recording for autograd. The loops run over
 * strided storage directly (broadcast operands have stride 0), so no operand is copied or
 * expanded first. Rows that are contiguous, or a scalar broadcast against a contiguous row, go to
 * the kernel backend ({@link Kernels}), which vectorises the exactly rounded functions; the
 * {@code apply} methods below define every function one element at a time, for both backends.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** Binary elementwise functions; the comparisons yield 1.0 / 0.0 and record no graph. */
    enum Binary {
        ADD("add", Op.ADD), SUB("sub", Op.SUB), MUL("mul", Op.MUL), DIV("div", Op.DIV), POW("pow", Op.POW),
        MAXIMUM("maximum", Op.MAXIMUM), MINIMUM("minimum", Op.MINIMUM),
        GT("gt", null), GE("ge", null), LT("lt", null), LE("le", null), EQ("eq", null), NE("ne", null);

        final String label;
        final Op op;

        Binary(String label, Op op) {
            this.label = label;
            this.op = op;
        }
    }

    /**
     * Unary elementwise functions; SIGN records no graph. POW_SCALAR (exponent p) and CLAMP
     * (bounds p, q) take parameters and are recorded by {@link #powScalar} and {@link #clamp}.
     */
    enum Unary {
        NEG(Op.NEG), EXP(Op.EXP), LOG(Op.LOG), LOG1P(Op.LOG1P), SQRT(Op.SQRT), ABS(Op.ABS), SIN(Op.SIN),
        COS(Op.COS), TANH(Op.TANH), SIGMOID(Op.SIGMOID), RELU(Op.RELU), SIGN(null), ERF(Op.ERF),
        POW_SCALAR(Op.POW_SCALAR), CLAMP(Op.CLAMP);

        final Op op;

        Unary(Op op) {
            this.op = op;
        }
    }

    static Tensor binary(Binary fn, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(fn.label, a.shape, b.shape);
        double[] out = new double[Shape.numel(shape)];
        run(fn, a, b, out, 0, Shape.contiguousStrides(shape), shape);
        Tensor result = Tensor.owned(out, shape);
        if (fn.op == null) {
            return result;
        }
        Tensor[] inputs = {a, b};
        return switch (fn.op) {
            case ADD, SUB -> Node.record(fn.op, result, inputs);
            case POW -> Node.record(fn.op, result, inputs, a, b, result);
            default -> Node.record(fn.op, result, inputs, a, b);
        };
    }

    /** Applies {@code fn} to broadcast a and b, writing into {@code out} at the given strides. */
    static void run(Binary fn, Tensor a, Tensor b, double[] out, int outOffset, int[] outStrides, int[] shape) {
        double[] x = a.data;
        double[] y = b.data;
        Strided.forEach(shape, new int[] {outOffset, a.offset, b.offset},
                new int[][] {outStrides, Strided.broadcastStrides(a, shape), Strided.broadcastStrides(b, shape)},
                (start, step, n) -> row(fn, x, start[1], step[1], y, start[2], step[2], out, start[0], step[0], n));
    }

    private static void row(Binary fn, double[] a, int ai, int as, double[] b, int bi, int bs,
            double[] o, int oi, int os, int n) {
        if (os == 1 && (as == 0 || as == 1) && (bs == 0 || bs == 1) && fn != Binary.POW) {
            Kernels.backend().binary(fn, a, ai, as, b, bi, bs, o, oi, n);
            return;
        }
        for (int i = 0; i < n; i++, ai += as, bi += bs, oi += os) {
            o[oi] = apply(fn, a[ai], b[bi]);
        }
    }

    /** One element of a binary function: the definition both kernel backends follow. */
    static double apply(Binary fn, double x, double y) {
        return switch (fn) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            // Math.max / min: NaN if either is NaN, and 0.0 above -0.0
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case GT -> x > y ? 1.0 : 0.0;
            case GE -> x >= y ? 1.0 : 0.0;
            case LT -> x < y ? 1.0 : 0.0;
            case LE -> x <= y ? 1.0 : 0.0;
            case EQ -> x == y ? 1.0 : 0.0;
            case NE -> x != y ? 1.0 : 0.0;
        };
    }

    static Tensor unary(Unary fn, Tensor a) {
        double[] out = map(a, fn, 0.0, 0.0);
        Tensor result = Tensor.owned(out, a.shape.clone());
        if (fn.op == null) {
            return result;
        }
        return switch (fn.op) {
            // these rules read the output, which is cheaper than recomputing it
            case EXP, SQRT, TANH, SIGMOID, RELU -> Node.record(fn.op, result, new Tensor[] {a}, result);
            default -> Node.record(fn.op, result, new Tensor[] {a}, a);
        };
    }

    static Tensor powScalar(Tensor a, double exponent) {
        double[] out = map(a, Unary.POW_SCALAR, exponent, 0.0);
        Tensor result = Tensor.owned(out, a.shape.clone());
        return Node.record(Op.POW_SCALAR, result, new Tensor[] {a}, new Tensor[] {a}, new int[0],
                new double[] {exponent});
    }

    static Tensor clamp(Tensor a, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("clamp: bounds must not be NaN, got [" + lo + ", " + hi + "]");
        }
        double[] out = map(a, Unary.CLAMP, lo, hi);
        Tensor result = Tensor.owned(out, a.shape.clone());
        return Node.record(Op.CLAMP, result, new Tensor[] {a}, new Tensor[] {a}, new int[0], new double[] {lo, hi});
    }

    static Tensor where(Tensor cond, Tensor x, Tensor y) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, x.shape), y.shape);
        double[] out = new double[Shape.numel(shape)];
        Strided.forEach(shape, new int[] {0, cond.offset, x.offset, y.offset}, new int[][] {
            Shape.contiguousStrides(shape), Strided.broadcastStrides(cond, shape),
            Strided.broadcastStrides(x, shape), Strided.broadcastStrides(y, shape)}, (start, step, n) -> {
                int o = start[0];
                int c = start[1];
                int xi = start[2];
                int yi = start[3];
                for (int i = 0; i < n; i++, o++, c += step[1], xi += step[2], yi += step[3]) {
                    out[o] = cond.data[c] != 0.0 ? x.data[xi] : y.data[yi];
                }
            });
        Tensor result = Tensor.owned(out, shape);
        return Node.record(Op.WHERE, result, new Tensor[] {x, y}, cond);
    }

    /** Applies a unary function to every element into a fresh contiguous array. */
    private static double[] map(Tensor a, Unary fn, double p, double q) {
        double[] out = new double[a.numel()];
        double[] src = a.data;
        Strided.forEach(a.shape, new int[] {0, a.offset},
                new int[][] {Shape.contiguousStrides(a.shape), a.strides}, (start, step, n) -> {
                    int o = start[0];
                    int s = start[1];
                    int ss = step[1];
                    if (ss == 1) {
                        Kernels.backend().unary(fn, p, q, src, s, out, o, n);
                        return;
                    }
                    for (int i = 0; i < n; i++, o++, s += ss) {
                        out[o] = apply(fn, src[s], p, q);
                    }
                });
        return out;
    }

    /** One element of a unary function with parameters p, q: the definition both kernel backends follow. */
    static double apply(Unary fn, double x, double p, double q) {
        return switch (fn) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            // two branches so exp never overflows
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            // Math.max(x, 0.0): x above 0, NaN kept, 0.0 for -0.0 and below
            case RELU -> Math.max(x, 0.0);
            case SIGN -> Math.signum(x);
            case ERF -> Erf.erf(x);
            case POW_SCALAR -> p == 2.0 ? x * x : p == 1.0 ? x : Math.pow(x, p);
            // PyTorch: min(max(x, lo), hi); Math.max / min pass NaN through
            case CLAMP -> Math.min(Math.max(x, p), q);
        };
    }

    /**
     * One element of an activation's backward kernel, from the incoming gradient g and the
     * activation's output y (see {@link Backend#activationBackward}).
     */
    static double activationBackward(Unary fn, double g, double y) {
        return switch (fn) {
            case SIGMOID -> g * (y * (1.0 - y));
            case TANH -> g * (1.0 - y * y);
            // a select, as PyTorch's threshold_backward: no NaN from an infinite g where y <= 0
            case RELU -> y <= 0.0 ? 0.0 : g;
            default -> throw new IllegalArgumentException("no backward kernel for " + fn);
        };
    }
}
