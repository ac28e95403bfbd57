package io.sparkgrad.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernels of {@link VectorBackend}: a tile of C of MR rows ×
 * NV vectors held in NV·MR vector registers while p runs over a depth block, each step one
 * vector load of the packed B panel per column vector and one broadcast of A per row. A is read
 * in place through strides (a row-major or transposed operand) or from a packed panel. Loaded
 * only with {@link VectorBackend}.
 *
 * <p>Every accumulator starts from C (or +0.0) and takes {@code fma(A[r][p], B[p][s], acc)} for
 * p in order: the GEMM contract of {@code engine/KERNELS.md}.
 */
final class VectorGemmTiles {
    private static final VectorSpecies<Double> S = VectorBackend.S;
    private static final int L = S.length();
    private static final int NR = VectorBackend.NR;

    private VectorGemmTiles() {
    }

    /**
     * A tile of MR (8 for 512-bit vectors, 4 for 256-bit) rows × {@code cols} columns, cols at most
     * NR: A[r][p] at {@code a[ao + r·ars + p·acs]}, B[p][s] at {@code bp[bo + p·NR + s]}, C[r][s] at
     * {@code c[co + r·ldc + s]}. A tile whose last column vector is cut by the edge of C runs in
     * the thread's scratch tile: masked vector loads and stores are far slower on JDK 17 than the
     * two short copies.
     */
    static void tile(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co, int ldc,
            int cols, boolean acc) {
        int nv = (cols + L - 1) / L;
        if (cols == nv * L) {
            run(nv, kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
            return;
        }
        int mr = VectorBackend.MR;
        double[] t = Workspace.get().columnEdge(mr * NR);
        if (acc) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, t, r * NR, cols);
            }
        }
        run(nv, kc, a, ao, ars, acs, bp, bo, t, 0, NR, acc);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t, r * NR, c, co + r * ldc, cols);
        }
    }

    private static void run(int nv, int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c,
            int co, int ldc, boolean acc) {
        if (VectorBackend.WIDE) {
            switch (nv) {
                case 3 -> tile8x3(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
                case 2 -> tile8x2(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
                default -> tile8x1(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
            }
        } else {
            switch (nv) {
                case 3 -> tile4x3(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
                case 2 -> tile4x2(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
                default -> tile4x1(kc, a, ao, ars, acs, bp, bo, c, co, ldc, acc);
            }
        }
    }

    private static DoubleVector load(double[] c, int at, boolean acc) {
        return acc ? DoubleVector.fromArray(S, c, at) : DoubleVector.zero(S);
    }

    /** 8 rows × 3 vectors: 24 accumulators, 3 loads of B and 8 broadcasts of A per step of p. */
    private static void tile8x3(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        int a6 = a5 + ars;
        int a7 = a6 + ars;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc), s02 = load(c, co + 2 * L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc), s12 = load(c, c1 + 2 * L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc), s22 = load(c, c2 + 2 * L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc), s32 = load(c, c3 + 2 * L, acc);
        DoubleVector s40 = load(c, c4, acc), s41 = load(c, c4 + L, acc), s42 = load(c, c4 + 2 * L, acc);
        DoubleVector s50 = load(c, c5, acc), s51 = load(c, c5 + L, acc), s52 = load(c, c5 + 2 * L, acc);
        DoubleVector s60 = load(c, c6, acc), s61 = load(c, c6 + L, acc), s62 = load(c, c6 + 2 * L, acc);
        DoubleVector s70 = load(c, c7, acc), s71 = load(c, c7 + L, acc), s72 = load(c, c7 + 2 * L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, b + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
            x = DoubleVector.broadcast(S, a[ap + a4]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
            s42 = x.fma(b2, s42);
            x = DoubleVector.broadcast(S, a[ap + a5]);
            s50 = x.fma(b0, s50);
            s51 = x.fma(b1, s51);
            s52 = x.fma(b2, s52);
            x = DoubleVector.broadcast(S, a[ap + a6]);
            s60 = x.fma(b0, s60);
            s61 = x.fma(b1, s61);
            s62 = x.fma(b2, s62);
            x = DoubleVector.broadcast(S, a[ap + a7]);
            s70 = x.fma(b0, s70);
            s71 = x.fma(b1, s71);
            s72 = x.fma(b2, s72);
        }
        s00.intoArray(c, co);
        s01.intoArray(c, co + L);
        s02.intoArray(c, co + 2 * L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s12.intoArray(c, c1 + 2 * L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s22.intoArray(c, c2 + 2 * L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s32.intoArray(c, c3 + 2 * L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s42.intoArray(c, c4 + 2 * L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s52.intoArray(c, c5 + 2 * L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s62.intoArray(c, c6 + 2 * L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
        s72.intoArray(c, c7 + 2 * L);
    }

    /** 8 rows × 2 vectors: the panel at the edge of C, at most 2 vectors wide. */
    private static void tile8x2(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        int a6 = a5 + ars;
        int a7 = a6 + ars;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc);
        DoubleVector s40 = load(c, c4, acc), s41 = load(c, c4 + L, acc);
        DoubleVector s50 = load(c, c5, acc), s51 = load(c, c5 + L, acc);
        DoubleVector s60 = load(c, c6, acc), s61 = load(c, c6 + L, acc);
        DoubleVector s70 = load(c, c7, acc), s71 = load(c, c7 + L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            x = DoubleVector.broadcast(S, a[ap + a4]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
            x = DoubleVector.broadcast(S, a[ap + a5]);
            s50 = x.fma(b0, s50);
            s51 = x.fma(b1, s51);
            x = DoubleVector.broadcast(S, a[ap + a6]);
            s60 = x.fma(b0, s60);
            s61 = x.fma(b1, s61);
            x = DoubleVector.broadcast(S, a[ap + a7]);
            s70 = x.fma(b0, s70);
            s71 = x.fma(b1, s71);
        }
        s00.intoArray(c, co);
        s01.intoArray(c, co + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
    }

    /** 8 rows × 1 vector: the panel at the edge of C, at most one vector wide. */
    private static void tile8x1(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        int a6 = a5 + ars;
        int a7 = a6 + ars;
        DoubleVector s00 = load(c, co, acc);
        DoubleVector s10 = load(c, c1, acc);
        DoubleVector s20 = load(c, c2, acc);
        DoubleVector s30 = load(c, c3, acc);
        DoubleVector s40 = load(c, c4, acc);
        DoubleVector s50 = load(c, c5, acc);
        DoubleVector s60 = load(c, c6, acc);
        DoubleVector s70 = load(c, c7, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
            x = DoubleVector.broadcast(S, a[ap + a4]);
            s40 = x.fma(b0, s40);
            x = DoubleVector.broadcast(S, a[ap + a5]);
            s50 = x.fma(b0, s50);
            x = DoubleVector.broadcast(S, a[ap + a6]);
            s60 = x.fma(b0, s60);
            x = DoubleVector.broadcast(S, a[ap + a7]);
            s70 = x.fma(b0, s70);
        }
        s00.intoArray(c, co);
        s10.intoArray(c, c1);
        s20.intoArray(c, c2);
        s30.intoArray(c, c3);
        s40.intoArray(c, c4);
        s50.intoArray(c, c5);
        s60.intoArray(c, c6);
        s70.intoArray(c, c7);
    }

    /** 4 rows × 3 vectors: 12 accumulators, 3 loads of B and a broadcast: the 16 registers of AVX2. */
    private static void tile4x3(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc), s02 = load(c, co + 2 * L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc), s12 = load(c, c1 + 2 * L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc), s22 = load(c, c2 + 2 * L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc), s32 = load(c, c3 + 2 * L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, b + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
        }
        s00.intoArray(c, co);
        s01.intoArray(c, co + L);
        s02.intoArray(c, co + 2 * L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s12.intoArray(c, c1 + 2 * L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s22.intoArray(c, c2 + 2 * L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s32.intoArray(c, c3 + 2 * L);
    }

    /** 4 rows × 2 vectors: the panel at the edge of C, at most 2 vectors wide. */
    private static void tile4x2(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        s00.intoArray(c, co);
        s01.intoArray(c, co + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    /** 4 rows × 1 vector: the panel at the edge of C, at most one vector wide. */
    private static void tile4x1(int kc, double[] a, int ao, int ars, int acs, double[] bp, int bo, double[] c, int co,
            int ldc, boolean acc) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        DoubleVector s00 = load(c, co, acc);
        DoubleVector s10 = load(c, c1, acc);
        DoubleVector s20 = load(c, c2, acc);
        DoubleVector s30 = load(c, c3, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            s10 = x.fma(b0, s10);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            s20 = x.fma(b0, s20);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            s30 = x.fma(b0, s30);
        }
        s00.intoArray(c, co);
        s10.intoArray(c, c1);
        s20.intoArray(c, c2);
        s30.intoArray(c, c3);
    }
}
