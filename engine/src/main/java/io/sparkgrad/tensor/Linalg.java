package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;

/**
 * Matrix products. {@link #matmul} follows {@code torch.matmul}'s rules for 1-d, 2-d and
 * batched operands (batch dims broadcast); every case is reduced to the one recorded primitive
 * {@link Op#MATMUL} on operands with at least 2 dims, whose kernel is a cache-blocked product.
 */
final class Linalg {
    /** Columns of B and C kept hot in cache per block. */
    private static final int COL_BLOCK = 256;
    /** Rows of B (inner dimension) per block: COL_BLOCK × K_BLOCK doubles = 256 KiB. */
    private static final int K_BLOCK = 128;

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
        double[] x = Strided.contiguousData(a);
        double[] y = Strided.contiguousData(b);
        double[] out = new double[Shape.numel(outShape)];
        int batches = Shape.numel(batch);
        int[] stridesA = batchStrides(batchA, batch, n * k);
        int[] stridesB = batchStrides(batchB, batch, k * m);
        int[] index = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            int offA = 0;
            int offB = 0;
            for (int d = 0; d < batch.length; d++) {
                offA += index[d] * stridesA[d];
                offB += index[d] * stridesB[d];
            }
            gemm(x, offA, y, offB, out, t * n * m, n, k, m);
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

    /** Element strides of each broadcast batch dim within a contiguous operand (0 where broadcast). */
    private static int[] batchStrides(int[] own, int[] batch, int matrixSize) {
        int[] strides = new int[batch.length];
        int lead = batch.length - own.length;
        int s = matrixSize;
        for (int d = own.length - 1; d >= 0; d--) {
            strides[lead + d] = own[d] == 1 ? 0 : s;
            s *= own[d];
        }
        return strides;
    }

    /**
     * C[n×m] += A[n×k] · B[k×m], all row-major and contiguous. Blocked over k and the columns so
     * a panel of B stays in cache, and four rows of C are updated per pass over a row of B, which
     * the JIT turns into vector code. The summation order is fixed: results are reproducible.
     */
    static void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kEnd = Math.min(k, kk + K_BLOCK);
            for (int jj = 0; jj < m; jj += COL_BLOCK) {
                int jEnd = Math.min(m, jj + COL_BLOCK);
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    int c0 = cOff + i * m;
                    int c1 = c0 + m;
                    int c2 = c1 + m;
                    int c3 = c2 + m;
                    int a0 = aOff + i * k;
                    for (int p = kk; p < kEnd; p++) {
                        double v0 = a[a0 + p];
                        double v1 = a[a0 + k + p];
                        double v2 = a[a0 + 2 * k + p];
                        double v3 = a[a0 + 3 * k + p];
                        int bRow = bOff + p * m;
                        for (int j = jj; j < jEnd; j++) {
                            double bv = b[bRow + j];
                            c[c0 + j] += v0 * bv;
                            c[c1 + j] += v1 * bv;
                            c[c2 + j] += v2 * bv;
                            c[c3 + j] += v3 * bv;
                        }
                    }
                }
                for (; i < n; i++) {
                    int ci = cOff + i * m;
                    int ai = aOff + i * k;
                    for (int p = kk; p < kEnd; p++) {
                        double v = a[ai + p];
                        int bRow = bOff + p * m;
                        for (int j = jj; j < jEnd; j++) {
                            c[ci + j] += v * b[bRow + j];
                        }
                    }
                }
            }
        }
    }
}
