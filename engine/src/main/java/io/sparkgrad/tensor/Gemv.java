package io.sparkgrad.tensor;

import java.util.Arrays;

/**
 * The matrix-vector products, the shape of a linear model's forward ({@code X·w}) and backward
 * ({@code Xᵀ·g}) over a block of rows, which are bound by the speed of reading X once. Packing
 * would read it twice, so these shapes bypass the blocked GEMM:
 * <ul>
 *   <li>{@code m == 1} and A's rows contiguous ({@code X·w}): a dot product per row, in the
 *       8-lane order of {@link Backend#dotRows};</li>
 *   <li>{@code m == 1} and A's columns contiguous ({@code Xᵀ·g}, A a transposed view of a
 *       row-major X), or {@code n == 1} and B's rows contiguous ({@code vᵀ·M}): rows of the
 *       matrix scaled and summed into the output in row order ({@link Backend#sumRows}), the
 *       same strict order as GEMM.</li>
 * </ul>
 * The choice depends only on shapes and strides, never on the machine. A strided vector operand
 * is first copied into the thread's workspace.
 */
final class Gemv {
    /** Rows per thread chunk of {@code X·w}; a chunk of 512 rows of 100 features is 400 KiB of X. */
    private static final int ROW_GRAIN = 512;
    /** Output columns per thread chunk of {@code Xᵀ·g}: whole 512-bit vectors. */
    private static final int COLUMN_GRAIN = 32;

    private Gemv() {
    }

    /** Computes C = A·B when the shape is a matrix-vector product (see the class comment); false otherwise. */
    static boolean multiply(double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, int bcs, double[] c,
            int co, int n, int k, int m) {
        if (m == 1 && acs == 1) {
            double[] x = b;
            int xo = bo;
            if (brs != 1) {
                x = gather(b, bo, brs, k);
                xo = 0;
            }
            dotRows(a, ao, ars, x, xo, k, c, co, n);
            return true;
        }
        if (m == 1 && ars == 1) {
            // c[i] = Σ_p B[p]·A[i][p]: the rows of Aᵀ (columns of A) scaled by B[p] and summed
            sumRows(a, ao, acs, b, bo, brs, k, c, co, n);
            return true;
        }
        if (n == 1 && bcs == 1) {
            sumRows(b, bo, brs, a, ao, acs, k, c, co, m);
            return true;
        }
        return false;
    }

    private static void dotRows(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n) {
        Backend kernel = Kernels.backend();
        KernelThreads.forRange(n, ROW_GRAIN, (from, to) ->
                kernel.dotRows(a, ao + from * lda, lda, x, xo, k, c, co + from, to - from));
    }

    /** c[j] = Σ_p v[p]·M[p][j] for j in [0, width), p in order; M row p at {@code mo + p·ldm}, v[p] at {@code vo + p·vs}. */
    private static void sumRows(double[] m, int mo, int ldm, double[] v, int vo, int vs, int k, double[] c, int co,
            int width) {
        Backend kernel = Kernels.backend();
        Arrays.fill(c, co, co + width, 0.0);
        KernelThreads.forRange(width, COLUMN_GRAIN, (from, to) ->
                kernel.sumRows(m, mo, ldm, v, vo, vs, k, c, co, from, to));
    }

    /** A strided vector's k values in the calling thread's workspace. */
    private static double[] gather(double[] b, int bo, int stride, int k) {
        double[] x = Workspace.get().vector(k);
        for (int p = 0; p < k; p++) {
            x[p] = b[bo + p * stride];
        }
        return x;
    }
}
