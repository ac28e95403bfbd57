package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;
import java.util.Arrays;

/**
 * Reductions over all elements or over dims (sum, mean, max, min, arg-max, arg-min) and the
 * softmax family, whose kernels view the input as {@code [outer, n, inner]} around the reduced
 * dim so the inner loop walks memory in order.
 */
final class Reductions {
    private Reductions() {
    }

    static Tensor sum(Tensor a, int[] dims, boolean keepdim) {
        return reduce(a, dims, keepdim, Op.SUM);
    }

    static Tensor mean(Tensor a, int[] dims, boolean keepdim) {
        return reduce(a, dims, keepdim, Op.MEAN);
    }

    /**
     * The summation order ({@code engine/KERNELS.md}): a reduction over every dim sums the
     * elements in row-major order in 8 lanes ({@link Backend#sum}); otherwise the reduced dims are
     * summed one at a time, lowest first, an innermost one in 8 lanes, any other in index order
     * (vectorised across the elements after it). Mean divides the sum by the count.
     */
    private static Tensor reduce(Tensor a, int[] dims, boolean keepdim, Op op) {
        String name = op == Op.SUM ? "sum" : "mean";
        boolean[] reduced = reducedDims(name, a, dims);
        double[] values = Strided.contiguousData(a);
        int[] shape = a.shape.clone();
        double count = 1;
        int reducedCount = 0;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                count *= shape[d];
                reducedCount++;
            }
        }
        if (reducedCount == 0) {
            values = values.clone();
        } else if (reducedCount == shape.length) {
            values = new double[] {Kernels.backend().sum(values, 0, values.length)};
            Arrays.fill(shape, 1);
        } else {
            for (int d = 0; d < shape.length; d++) {
                if (reduced[d]) {
                    values = sumOneDim(values, shape, d);
                    shape[d] = 1;
                }
            }
        }
        if (op == Op.MEAN) {
            for (int i = 0; i < values.length; i++) {
                values[i] /= count;
            }
        }
        Tensor result = Tensor.owned(values, keepdim ? shape : dropDims(shape, reduced));
        return Node.record(op, result, new Tensor[] {a}, new Tensor[0], recordedDims(reduced, keepdim), new double[0]);
    }

    /** Sums dim {@code d} of a contiguous array of {@code shape}, giving the same shape with size 1 there. */
    private static double[] sumOneDim(double[] x, int[] shape, int d) {
        int n = shape[d];
        int inner = 1;
        for (int k = d + 1; k < shape.length; k++) {
            inner *= shape[k];
        }
        int outer = 1;
        for (int k = 0; k < d; k++) {
            outer *= shape[k];
        }
        Backend kernel = Kernels.backend();
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            if (inner == 1) {
                out[o] = kernel.sum(x, base, n);
                continue;
            }
            int ob = o * inner;
            for (int k = 0; k < n; k++) {
                kernel.binary(Elementwise.Binary.ADD, out, ob, 1, x, base + k * inner, 1, out, ob, inner);
            }
        }
        return out;
    }

    /** max() / min() of all elements; NaN wins, as PyTorch. */
    static Tensor extremum(Tensor a, boolean max) {
        if (a.numel() == 0) {
            throw new IllegalArgumentException((max ? "max" : "min")
                    + "(): Expected reduction dim to be specified for input.numel() == 0.");
        }
        double[] x = Strided.contiguousData(a);
        double best = x[0];
        for (double v : x) {
            if (Double.isNaN(v)) {
                best = v;
                break;
            }
            best = max ? Math.max(best, v) : Math.min(best, v);
        }
        Tensor result = Tensor.scalar(best);
        return Node.record(max ? Op.MAX_ALL : Op.MIN_ALL, result, new Tensor[] {a}, a, result);
    }

    /** max(dim) / min(dim): the values; the gradient goes to the (first) index chosen. */
    static Tensor extremum(Tensor a, int dim, boolean keepdim, boolean max) {
        String name = max ? "max" : "min";
        int d = Shape.wrapDim(name, dim, a.dim());
        double[][] both = selectAlong(a, d, max, name);
        int[] keptShape = keptShape(a, d);
        Tensor values = Tensor.owned(both[0], keepdim ? keptShape : dropDims(keptShape, only(d, a.dim())));
        Tensor indices = Tensor.owned(both[1], keptShape);
        return Node.record(max ? Op.MAX_DIM : Op.MIN_DIM, values, new Tensor[] {a}, new Tensor[] {indices},
                new int[] {d, keepdim ? 1 : 0}, new double[0]);
    }

    static Tensor argExtremum(Tensor a, int dim, boolean keepdim, boolean max) {
        String name = max ? "argmax" : "argmin";
        int d = Shape.wrapDim(name, dim, a.dim());
        double[][] both = selectAlong(a, d, max, name);
        int[] keptShape = keptShape(a, d);
        return Tensor.owned(both[1], keepdim ? keptShape : dropDims(keptShape, only(d, a.dim())));
    }

    /** Values and indices of the max (or min) along dim d; the first of tied values, NaN wins. */
    private static double[][] selectAlong(Tensor a, int d, boolean max, String name) {
        if (a.dim() == 0) {
            return new double[][] {{a.item()}, {0}};
        }
        int n = a.shape[d];
        if (n == 0) {
            throw new IllegalArgumentException(name + "(): Expected reduction dim " + d
                    + " to have non-zero size, got shape " + Shape.format(a.shape));
        }
        double[] x = Strided.contiguousData(a);
        int inner = 1;
        for (int k = d + 1; k < a.dim(); k++) {
            inner *= a.shape[k];
        }
        int outer = x.length / (n * inner);
        double[] values = new double[outer * inner];
        double[] indices = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double best = x[base];
                int at = 0;
                for (int k = 1; k < n && !Double.isNaN(best); k++) {
                    double v = x[base + k * inner];
                    if (Double.isNaN(v) || (max ? v > best : v < best)) {
                        best = v;
                        at = k;
                    }
                }
                values[o * inner + i] = best;
                indices[o * inner + i] = at;
            }
        }
        return new double[][] {values, indices};
    }

    /** softmax or log_softmax along dim, subtracting the max first so exp never overflows. */
    static Tensor softmax(Tensor a, int dim, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        if (a.dim() == 0) {
            Tensor result = Tensor.scalar(log ? 0.0 : 1.0);
            return Node.record(log ? Op.LOG_SOFTMAX : Op.SOFTMAX, result, new Tensor[] {a},
                    new Tensor[] {result}, new int[] {0}, new double[0]);
        }
        int d = Shape.wrapDim(name, dim, a.dim());
        double[] x = Strided.contiguousData(a);
        double[] out = new double[x.length];
        int n = a.shape[d];
        int inner = 1;
        for (int k = d + 1; k < a.dim(); k++) {
            inner *= a.shape[k];
        }
        int outer = n == 0 ? 0 : x.length / (n * inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, x[base + k * inner]);
                }
                if (Double.isInfinite(m)) {
                    m = 0.0;
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    double e = Math.exp(x[base + k * inner] - m);
                    s += e;
                    if (!log) {
                        out[base + k * inner] = e;
                    }
                }
                double logS = Math.log(s);
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    out[p] = log ? x[p] - m - logS : out[p] / s;
                }
            }
        }
        Tensor result = Tensor.owned(out, a.shape.clone());
        return Node.record(log ? Op.LOG_SOFTMAX : Op.SOFTMAX, result, new Tensor[] {a}, new Tensor[] {result},
                new int[] {d}, new double[0]);
    }

    private static boolean[] reducedDims(String name, Tensor a, int[] dims) {
        boolean[] reduced = new boolean[a.dim()];
        for (int dim : dims) {
            if (a.dim() == 0) {
                Shape.wrapDim(name, dim, 0);
                continue;
            }
            int d = Shape.wrapDim(name, dim, a.dim());
            if (reduced[d]) {
                throw new IllegalArgumentException(name + ": dim " + d + " appears multiple times in the list of dims");
            }
            reduced[d] = true;
        }
        return reduced;
    }

    /** {keepdim, reduced dims ascending}: what the SUM / MEAN backward rule reads. */
    private static int[] recordedDims(boolean[] reduced, boolean keepdim) {
        int[] out = new int[reduced.length + 1];
        int count = 1;
        out[0] = keepdim ? 1 : 0;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out[count++] = d;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static int[] keptShape(Tensor a, int d) {
        int[] s = a.shape.clone();
        if (s.length > 0) {
            s[d] = 1;
        }
        return s;
    }

    private static boolean[] only(int d, int rank) {
        boolean[] r = new boolean[rank];
        if (rank > 0) {
            r[d] = true;
        }
        return r;
    }

    private static int[] dropDims(int[] shape, boolean[] drop) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!drop[d]) {
                out[k++] = shape[d];
            }
        }
        return Arrays.copyOf(out, k);
    }
}
