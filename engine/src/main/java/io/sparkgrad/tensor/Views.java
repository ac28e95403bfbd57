package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;
import java.util.Arrays;

/**
 * Ops that return a view: new shape and strides over the same storage and version counter, so
 * in-place writes through a view are seen by its base and counted by autograd's checks.
 */
final class Views {
    private Views() {
    }

    private static Tensor viewOf(Tensor a, int offset, int[] shape, int[] strides) {
        return new Tensor(a.data, offset, shape, strides, a.version, a.base != null ? a.base : a);
    }

    static Tensor alias(Tensor a) {
        Tensor v = viewOf(a, a.offset, a.shape.clone(), a.strides.clone());
        return Node.record(Op.VIEW, v, new Tensor[] {a});
    }

    static Tensor view(Tensor a, int[] requested, boolean strict) {
        int[] shape = inferShape(a, requested, strict ? "view" : "reshape");
        Tensor out;
        if (a.isContiguous()) {
            out = viewOf(a, a.offset, shape, Shape.contiguousStrides(shape));
        } else if (strict) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at "
                    + "least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. "
                    + "Tensor shape " + Shape.format(a.shape) + ", requested " + Shape.format(requested));
        } else {
            double[] copy = new double[a.numel()];
            Strided.copy(a, copy);
            out = Tensor.owned(copy, shape);
        }
        return Node.record(Op.VIEW, out, new Tensor[] {a});
    }

    private static int[] inferShape(Tensor a, int[] requested, String op) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred, got "
                            + Shape.format(requested));
                }
                infer = d;
            } else if (shape[d] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[d] + " in "
                        + Shape.format(requested));
            } else {
                known *= shape[d];
            }
        }
        int numel = a.numel();
        if (infer >= 0 && known != 0 && numel % known == 0) {
            shape[infer] = (int) (numel / known);
            known *= shape[infer];
        }
        if (known != numel || (infer >= 0 && known == 0)) {
            throw new IllegalArgumentException(op + ": shape " + Shape.format(requested)
                    + " is invalid for input of size " + numel + " (shape " + Shape.format(a.shape) + ")");
        }
        return shape;
    }

    static Tensor flatten(Tensor a, int startDim) {
        if (a.dim() == 0) {
            return view(a, new int[] {1}, false);
        }
        int s = Shape.wrapDim("flatten", startDim, a.dim());
        int[] shape = Arrays.copyOf(a.shape, s + 1);
        shape[s] = -1;
        return view(a, shape, false);
    }

    static Tensor transpose(Tensor a, int dim0, int dim1) {
        if (a.dim() == 0) {
            Shape.wrapDim("transpose", dim0, 0);
            Shape.wrapDim("transpose", dim1, 0);
            return alias(a);
        }
        int d0 = Shape.wrapDim("transpose", dim0, a.dim());
        int d1 = Shape.wrapDim("transpose", dim1, a.dim());
        int[] shape = a.shape.clone();
        int[] strides = a.strides.clone();
        shape[d0] = a.shape[d1];
        shape[d1] = a.shape[d0];
        strides[d0] = a.strides[d1];
        strides[d1] = a.strides[d0];
        Tensor v = viewOf(a, a.offset, shape, strides);
        return Node.record(Op.TRANSPOSE, v, new Tensor[] {a}, new Tensor[0], new int[] {d0, d1}, new double[0]);
    }

    static Tensor unsqueeze(Tensor a, int dim) {
        int d = Shape.wrapDim("unsqueeze", dim, a.dim() + 1);
        int[] shape = new int[a.dim() + 1];
        int[] strides = new int[a.dim() + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < a.dim() ? a.strides[d] * a.shape[d] : 1;
            } else {
                shape[i] = a.shape[j];
                strides[i] = a.strides[j];
                j++;
            }
        }
        Tensor v = viewOf(a, a.offset, shape, strides);
        return Node.record(Op.UNSQUEEZE, v, new Tensor[] {a});
    }

    static Tensor squeeze(Tensor a, int dim, boolean all) {
        int only = all || a.dim() == 0 ? -1 : Shape.wrapDim("squeeze", dim, a.dim());
        int[] shape = new int[a.dim()];
        int[] strides = new int[a.dim()];
        int k = 0;
        for (int d = 0; d < a.dim(); d++) {
            boolean drop = a.shape[d] == 1 && (all || d == only);
            if (!drop) {
                shape[k] = a.shape[d];
                strides[k] = a.strides[d];
                k++;
            }
        }
        Tensor v = viewOf(a, a.offset, Arrays.copyOf(shape, k), Arrays.copyOf(strides, k));
        return Node.record(Op.SQUEEZE, v, new Tensor[] {a});
    }

    static Tensor expand(Tensor a, int[] sizes) {
        if (sizes.length < a.dim()) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + sizes.length + ") must be "
                    + "greater or equal to the number of dimensions in the tensor (" + a.dim() + ")");
        }
        int lead = sizes.length - a.dim();
        int[] shape = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            int own = d < lead ? -2 : a.shape[d - lead];
            int want = sizes[d];
            if (d < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want
                            + ") isn't allowed in a leading, non-existing dimension " + d);
                }
                shape[d] = want;
                strides[d] = 0;
            } else if (want == -1 || want == own) {
                shape[d] = own;
                strides[d] = a.strides[d - lead];
            } else if (own == 1 && want >= 0) {
                shape[d] = want;
                strides[d] = 0;
            } else {
                throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want + ") must match "
                        + "the existing size (" + own + ") at non-singleton dimension " + d + ".  Target sizes: "
                        + Shape.format(sizes) + ".  Tensor sizes: " + Shape.format(a.shape));
            }
        }
        if (Arrays.equals(shape, a.shape)) {
            return a;
        }
        Tensor v = viewOf(a, a.offset, shape, strides);
        return Node.record(Op.EXPAND, v, new Tensor[] {a});
    }

    static Tensor select(Tensor a, int dim, int index) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor.");
        }
        int d = Shape.wrapDim("select", dim, a.dim());
        int size = a.shape[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shape.format(a.shape) + " at dimension " + d);
        }
        int i = index < 0 ? index + size : index;
        int[] shape = new int[a.dim() - 1];
        int[] strides = new int[a.dim() - 1];
        for (int s = 0, k = 0; s < a.dim(); s++) {
            if (s != d) {
                shape[k] = a.shape[s];
                strides[k++] = a.strides[s];
            }
        }
        Tensor v = viewOf(a, a.offset + i * a.strides[d], shape, strides);
        return Node.record(Op.SELECT, v, new Tensor[] {a}, new Tensor[0], new int[] {d, i}, new double[0]);
    }

    static Tensor narrow(Tensor a, int dim, int start, int length) {
        if (a.dim() == 0) {
            throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        }
        int d = Shape.wrapDim("narrow", dim, a.dim());
        int size = a.shape[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow(): start (" + start + ") + length (" + length
                    + ") exceeds dimension size (" + size + ") of dimension " + d + " in shape "
                    + Shape.format(a.shape));
        }
        int[] shape = a.shape.clone();
        shape[d] = length;
        Tensor v = viewOf(a, a.offset + s * a.strides[d], shape, a.strides.clone());
        return Node.record(Op.NARROW, v, new Tensor[] {a}, new Tensor[0], new int[] {d, s, length}, new double[0]);
    }

    static Tensor cloneTensor(Tensor a) {
        double[] copy = new double[a.numel()];
        Strided.copy(a, copy);
        return Node.record(Op.CLONE, Tensor.owned(copy, a.shape.clone()), new Tensor[] {a});
    }
}
