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
            gemm(a.data, offA, a.strides[ra - 2], a.strides[ra - 1], b.data, offB, b.strides[rb - 2],
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

    /**
     * C[n×m] += A[n×k] · B[k×m] with C row-major and contiguous; A[i][p] is
     * {@code a[aOff + i * ars + p * acs]} and B[p][j] is {@code b[bOff + p * brs + j * bcs]}, so
     * row-major, transposed and broadcast operands are all read in place. Blocked over k and the columns; in
     * each block a 4-column panel of B and a 4-row panel of A are packed contiguously and a 4×4
     * tile of C is accumulated in registers, so the inner loop does 16 multiply-adds for 8 loads
     * and no stores. The summation order is fixed and {@link Math#fma} is exactly specified, so
     * results are bit-identical on every machine (it is one instruction wherever the CPU has FMA).
     */
    static void gemm(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs, int bcs, double[] c,
            int cOff, int n, int k, int m) {
        if (m == 1 && (acs == 1 || ars == 1)) {
            gemv(a, aOff, ars, acs, b, bOff, brs, c, cOff, n, k);
            return;
        }
        if (n < 4 || m < 4) {
            for (int kk = 0; kk < k; kk += K_BLOCK) {
                rows(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, 0, n, kk, Math.min(k, kk + K_BLOCK), 0, m, m);
            }
            return;
        }
        int kbMax = Math.min(k, K_BLOCK);
        double[] ap = new double[kbMax * 4];
        double[] bp = new double[kbMax * ((Math.min(m, COL_BLOCK) + 3) & ~3)];
        double[] tile = new double[16];
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kb = Math.min(k, kk + K_BLOCK) - kk;
            for (int jj = 0; jj < m; jj += COL_BLOCK) {
                int w = Math.min(m, jj + COL_BLOCK) - jj;
                packB(b, bOff + kk * brs + jj * bcs, brs, bcs, kb, w, bp);
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    packA(a, aOff + i * ars + kk * acs, ars, acs, kb, ap);
                    for (int q = 0; q < w; q += 4) {
                        tile(ap, bp, q * kb, kb, tile);
                        int cols = Math.min(4, w - q);
                        for (int r = 0; r < 4; r++) {
                            int ci = cOff + (i + r) * m + jj + q;
                            for (int s = 0; s < cols; s++) {
                                c[ci + s] += tile[r * 4 + s];
                            }
                        }
                    }
                }
                rows(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, i, n, kk, kk + kb, jj, jj + w, m);
            }
        }
    }

    /**
     * C[n] += A[n×k] · b[k], the shape of every linear model's forward (X·w) and backward (Xᵀ·g)
     * on a block of rows. A row-major A takes dot products with four accumulators (independent
     * chains the CPU overlaps); a transposed A is summed column by column of X with a contiguous,
     * vectorisable inner loop. The order is fixed for a given layout, so results are reproducible.
     */
    private static void gemv(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs, double[] c,
            int cOff, int n, int k) {
        if (acs == 1) {
            for (int i = 0; i < n; i++) {
                int ai = aOff + i * ars;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 = Math.fma(a[ai + p], b[bOff + p * brs], s0);
                    s1 = Math.fma(a[ai + p + 1], b[bOff + (p + 1) * brs], s1);
                    s2 = Math.fma(a[ai + p + 2], b[bOff + (p + 2) * brs], s2);
                    s3 = Math.fma(a[ai + p + 3], b[bOff + (p + 3) * brs], s3);
                }
                for (; p < k; p++) {
                    s0 = Math.fma(a[ai + p], b[bOff + p * brs], s0);
                }
                c[cOff + i] += (s0 + s1) + (s2 + s3);
            }
            return;
        }
        for (int p = 0; p < k; p++) {
            double v = b[bOff + p * brs];
            int aCol = aOff + p * acs;
            for (int i = 0; i < n; i++) {
                c[cOff + i] = Math.fma(a[aCol + i], v, c[cOff + i]);
            }
        }
    }

    /** The 4×4 tile of A-panel × B-panel over kb steps, into {@code out} (row-major). */
    private static void tile(double[] ap, double[] bp, int bBase, int kb, double[] out) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kb; p++) {
            int ai = p * 4;
            int bi = bBase + p * 4;
            double a0 = ap[ai];
            double a1 = ap[ai + 1];
            double a2 = ap[ai + 2];
            double a3 = ap[ai + 3];
            double b0 = bp[bi];
            double b1 = bp[bi + 1];
            double b2 = bp[bi + 2];
            double b3 = bp[bi + 3];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        out[0] = c00;
        out[1] = c01;
        out[2] = c02;
        out[3] = c03;
        out[4] = c10;
        out[5] = c11;
        out[6] = c12;
        out[7] = c13;
        out[8] = c20;
        out[9] = c21;
        out[10] = c22;
        out[11] = c23;
        out[12] = c30;
        out[13] = c31;
        out[14] = c32;
        out[15] = c33;
    }

    /** Packs 4 rows × kb columns of A (strides rs, cs) column by column: ap[p * 4 + r]. */
    private static void packA(double[] a, int start, int rs, int cs, int kb, double[] ap) {
        for (int p = 0; p < kb; p++) {
            int src = start + p * cs;
            ap[p * 4] = a[src];
            ap[p * 4 + 1] = a[src + rs];
            ap[p * 4 + 2] = a[src + 2 * rs];
            ap[p * 4 + 3] = a[src + 3 * rs];
        }
    }

    /** Packs kb rows × w columns of B (strides rs, cs) as panels of 4 columns, zero padded. */
    private static void packB(double[] b, int start, int rs, int cs, int kb, int w, double[] bp) {
        for (int q = 0; q < w; q += 4) {
            int base = q * kb;
            int cols = Math.min(4, w - q);
            for (int p = 0; p < kb; p++) {
                int src = start + p * rs + q * cs;
                int dst = base + p * 4;
                for (int s = 0; s < 4; s++) {
                    bp[dst + s] = s < cols ? b[src + s * cs] : 0.0;
                }
            }
        }
    }

    /**
     * Rows [i0, n) of C over depth [k0, k1) and columns [j0, j1) without packing. Each C element
     * sums over p in increasing order in both loop orders; the order is chosen so the inner loops
     * walk A's contiguous direction (a transposed A, as in Xᵀ·g, is read row by row of X).
     */
    private static void rows(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs, int bcs,
            double[] c, int cOff, int i0, int n, int k0, int k1, int j0, int j1, int m) {
        if (ars == 1 && acs != 1) {
            for (int p = k0; p < k1; p++) {
                int bRow = bOff + p * brs;
                int aCol = aOff + p * acs;
                for (int i = i0; i < n; i++) {
                    double v = a[aCol + i];
                    int ci = cOff + i * m;
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] += v * b[bRow + j * bcs];
                    }
                }
            }
            return;
        }
        for (int i = i0; i < n; i++) {
            int ci = cOff + i * m;
            int ai = aOff + i * ars;
            for (int p = k0; p < k1; p++) {
                double v = a[ai + p * acs];
                int bRow = bOff + p * brs;
                if (bcs == 1) {
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] += v * b[bRow + j];
                    }
                } else {
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] += v * b[bRow + j * bcs];
                    }
                }
            }
        }
    }
}
