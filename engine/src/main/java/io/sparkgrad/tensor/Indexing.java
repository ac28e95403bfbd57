package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;

/**
 * Ops that move values between positions: gather / scatter-add with an index tensor, slice
 * scatter, concatenation and stacking. Index tensors hold integral float64 values.
 */
final class Indexing {
    private Indexing() {
    }

    static Tensor gather(Tensor self, int dim, Tensor index) {
        int d = checkIndexShape("gather", self, dim, index, self);
        double[] src = Strided.contiguousData(self);
        double[] idx = Strided.contiguousData(index);
        int[] selfStrides = Shape.contiguousStrides(self.shape);
        double[] out = new double[idx.length];
        forEachPosition(index.shape, (p, coord) -> {
            int i = checkedIndex("gather", idx[p], d, self.shape[d]);
            out[p] = src[offset(coord, selfStrides, d, i)];
        });
        Tensor result = Tensor.owned(out, index.shape.clone());
        return Node.record(Op.GATHER, result, new Tensor[] {self}, new Tensor[] {index}, new int[] {d}, new double[0]);
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        int d = checkIndexShape("scatterAdd", self, dim, index, src);
        double[] out = Strided.contiguousData(self).clone();
        double[] idx = Strided.contiguousData(index);
        double[] values = Strided.contiguousData(src);
        int[] outStrides = Shape.contiguousStrides(self.shape);
        int[] srcStrides = Shape.contiguousStrides(src.shape);
        forEachPosition(index.shape, (p, coord) -> {
            int i = checkedIndex("scatterAdd", idx[p], d, self.shape[d]);
            out[offset(coord, outStrides, d, i)] += values[offset(coord, srcStrides, -1, 0)];
        });
        Tensor result = Tensor.owned(out, self.shape.clone());
        return Node.record(Op.SCATTER_ADD, result, new Tensor[] {self, src}, new Tensor[] {index}, new int[] {d},
                new double[0]);
    }

    static Tensor sliceScatter(Tensor self, Tensor src, int dim, int start) {
        int d = Shape.wrapDim("sliceScatter", dim, self.dim());
        int len = src.dim() == self.dim() ? src.shape[d] : -1;
        boolean fits = len >= 0 && start >= 0 && start + len <= self.shape[d];
        for (int k = 0; fits && k < self.dim(); k++) {
            fits = k == d || src.shape[k] == self.shape[k];
        }
        if (!fits) {
            throw new IllegalArgumentException("sliceScatter: src of shape " + Shape.format(src.shape)
                    + " does not fit into " + Shape.format(self.shape) + " at dim " + d + ", start " + start);
        }
        double[] out = Strided.contiguousData(self).clone();
        Tensor target = Tensor.owned(out, self.shape.clone()).narrow(d, start, len);
        Elementwise.run(Elementwise.Binary.ADD, Tensor.scalar(0.0), src, out, target.offset, target.strides,
                target.shape);
        Tensor result = Tensor.owned(out, self.shape.clone());
        return Node.record(Op.SLICE_SCATTER, result, new Tensor[] {self, src}, new Tensor[0], new int[] {d, start},
                new double[0]);
    }

    static Tensor cat(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        Tensor first = tensors[0];
        if (first.dim() == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shape.wrapDim("cat", dim, first.dim());
        int total = 0;
        for (int t = 0; t < tensors.length; t++) {
            Tensor x = tensors[t];
            boolean same = x.dim() == first.dim();
            for (int k = 0; same && k < x.dim(); k++) {
                same = k == d || x.shape[k] == first.shape[k];
            }
            if (!same) {
                throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d
                        + ". Expected " + Shape.format(first.shape) + " (except dim " + d + ") but got "
                        + Shape.format(x.shape) + " for tensor number " + t + " in the list");
            }
            total += x.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        double[] out = new double[Shape.numel(shape)];
        Tensor whole = Tensor.owned(out, shape);
        int at = 0;
        for (Tensor x : tensors) {
            Tensor target = Views.narrow(whole, d, at, x.shape[d]);
            Elementwise.run(Elementwise.Binary.ADD, Tensor.scalar(0.0), x, out, target.offset, target.strides,
                    target.shape);
            at += x.shape[d];
        }
        Tensor result = Tensor.owned(out, shape.clone());
        return Node.record(Op.CAT, result, tensors, new Tensor[0], new int[] {d}, new double[0]);
    }

    static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int d = Shape.wrapDim("stack", dim, tensors[0].dim() + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int t = 0; t < tensors.length; t++) {
            if (!java.util.Arrays.equals(tensors[t].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Shape.format(tensors[0].shape) + " at entry 0 and " + Shape.format(tensors[t].shape)
                        + " at entry " + t);
            }
            expanded[t] = tensors[t].unsqueeze(d);
        }
        return cat(d, expanded);
    }

    /** Receives a row-major position in the index tensor and its coordinates. */
    private interface Position {
        void at(int p, int[] coord);
    }

    private static void forEachPosition(int[] shape, Position body) {
        int n = Shape.numel(shape);
        int[] coord = new int[shape.length];
        for (int p = 0; p < n; p++) {
            body.at(p, coord);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    break;
                }
                coord[d] = 0;
            }
        }
    }

    /** Offset of {@code coord} with dim {@code replaced} set to {@code value} (-1: no replacement). */
    private static int offset(int[] coord, int[] strides, int replaced, int value) {
        int off = 0;
        for (int d = 0; d < coord.length; d++) {
            off += (d == replaced ? value : coord[d]) * strides[d];
        }
        return off;
    }

    private static int checkIndexShape(String op, Tensor self, int dim, Tensor index, Tensor other) {
        int d = Shape.wrapDim(op, dim, self.dim());
        boolean ok = index.dim() == self.dim() && other.dim() == self.dim();
        for (int k = 0; ok && k < index.dim(); k++) {
            ok = index.shape[k] <= other.shape[k] && (k == d || index.shape[k] <= self.shape[k]);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index of shape " + Shape.format(index.shape)
                    + " does not fit self of shape " + Shape.format(self.shape)
                    + (other != self ? " and src of shape " + Shape.format(other.shape) : "")
                    + " along dim " + d + " (same number of dims, index no larger outside dim " + d + ")");
        }
        return d;
    }

    private static int checkedIndex(String op, double value, int dim, int size) {
        int i = (int) value;
        if (i != value || i < -size || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + value + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return i < 0 ? i + size : i;
    }
}
