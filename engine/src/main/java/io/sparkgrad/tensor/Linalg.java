package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;

/**
 * Matrix products. {@link #matmul} follows {@code torch.matmul}'s rules for 1-d, 2-d and
 * batched operands (batch dims broadcast); every case is reduced to the one recorded primitive
 * {@link Op#MATMUL} on operands with at least 2 dims, each 2-d product computed by {@link Gemm}.
 */
final class Linalg {
    private Linalg() {
    }

    static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2-d tensors, got " + Shape.format(a.shape) + " x "
                    + Shape.format(b.shape));
        }
        return batched(a, b);
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got "
                    + Shape.format(a.shape) + " x " + Shape.format(b.shape));
        }
        if (a.dim() == 1 && b.dim() == 1) {
            if (a.shape[0] != b.shape[0]) {
                throw new IllegalArgumentException("matmul: 1D tensors expected to have the same size, got "
                        + Shape.format(a.shape) + " x " + Shape.format(b.shape));
            }
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.dim() == 1) {
            return batched(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.dim() == 1) {
            return batched(a, b.unsqueeze(1)).squeeze(-1);
        }
        return batched(a, b);
    }

    /** [..., n, k] x [..., k, m] with broadcast batch dims. */
    private static Tensor batched(Tensor a, Tensor b) {
        int ra = a.dim();
        int rb = b.dim();
        int n = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int m = b.shape[rb - 1];
        if (b.shape[rb - 2] != k) {
            throw new IllegalArgumentException("matmul: expected [*, n, k] x [*, k, m], got " + Shape.format(a.shape)
                    + " x " + Shape.format(b.shape) + " (" + k + " != " + b.shape[rb - 2] + ")");
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape, rb - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = n;
        outShape[batch.length + 1] = m;
        double[] out = new double[Shape.numel(outShape)];
        int batches = Shape.numel(batch);
        // operands are read through their own strides: a transposed or expanded view is never copied
        int[] stridesA = batchStrides(a, batch);
        int[] stridesB = batchStrides(b, batch);
        int[] index = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            int offA = a.offset;
            int offB = b.offset;
            for (int d = 0; d < batch.length; d++) {
                offA += index[d] * stridesA[d];
                offB += index[d] * stridesB[d];
            }
            Gemm.multiply(a.data, offA, a.strides[ra - 2], a.strides[ra - 1], b.data, offB, b.strides[rb - 2],
                    b.strides[rb - 1], out, t * n * m, n, k, m);
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++index[d] < batch[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        Tensor result = Tensor.owned(out, outShape);
        return Node.record(Op.MATMUL, result, new Tensor[] {a, b}, a, b);
    }

    /** The strides of an operand's batch dims aligned to the broadcast batch shape (0 where broadcast). */
    private static int[] batchStrides(Tensor t, int[] batch) {
        int own = t.dim() - 2;
        int[] strides = new int[batch.length];
        int lead = batch.length - own;
        for (int d = 0; d < own; d++) {
            strides[lead + d] = t.shape[d] == 1 ? 0 : t.strides[d];
        }
        return strides;
    }
}
