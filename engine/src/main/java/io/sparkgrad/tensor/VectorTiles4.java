package io.sparkgrad.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 4-row GEMM micro-kernels of {@link VectorBackend} for 256-bit vectors (4 doubles): a tile of
 * C of 4 rows × up to 3 vectors (12 columns) in up to 12 of the 16 AVX2 registers.
 *
 * <p>Written out mechanically: one method per tile width (3, 2 or 1 vectors) and per way of reading A, each
 * spelled out so that every accumulator is a local the JIT keeps in a register and every index
 * has a constant stride in p (a stride passed at run time would keep the array bounds checks
 * inside the loop, about 15% of the kernel's speed). Every accumulator starts from C (or +0.0)
 * and takes {@code fma(A[r][p], B[p][s], acc)} for p in order: the GEMM contract of
 * {@code engine/KERNELS.md}. B[p][s] is at {@code bp[bo + p·NR + s]}, C[r][s] at
 * {@code c[co + r·ldc + s]}. {@code rowAdd}, when not null, is added to every row after the last
 * step, {@code rowAdd[ro + s]} to column s: the bias of {@code F.linear}, added while the tile is
 * in registers (the same single rounding as adding it afterwards).
 */
final class VectorTiles4 {
    private static final VectorSpecies<Double> S = VectorBackend.S;
    private static final int L = S.length();
    private static final int NR = VectorBackend.NR;

    private VectorTiles4() {
    }

    private static DoubleVector load(double[] c, int at, boolean acc) {
        return acc ? DoubleVector.fromArray(S, c, at) : DoubleVector.zero(S);
    }

    /** 4 rows × 3 vectors: 12 accumulators, 3 loads of B and a broadcast, the 16 registers of AVX2; A from a packed panel, A[r][p] at a[ao + p·4 + r]. */
    static void packed4x3(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc), s02 = load(c, co + 2 * L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc), s12 = load(c, c1 + 2 * L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc), s22 = load(c, c2 + 2 * L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc), s32 = load(c, c3 + 2 * L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, b + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
        }
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            DoubleVector r1 = DoubleVector.fromArray(S, rowAdd, ro + L);
            DoubleVector r2 = DoubleVector.fromArray(S, rowAdd, ro + 2 * L);
            s00 = s00.add(r0);
            s01 = s01.add(r1);
            s02 = s02.add(r2);
            s10 = s10.add(r0);
            s11 = s11.add(r1);
            s12 = s12.add(r2);
            s20 = s20.add(r0);
            s21 = s21.add(r1);
            s22 = s22.add(r2);
            s30 = s30.add(r0);
            s31 = s31.add(r1);
            s32 = s32.add(r2);
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

    /** 4 rows × 2 vectors, for the panel at the right edge of C; A from a packed panel, A[r][p] at a[ao + p·4 + r]. */
    static void packed4x2(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            DoubleVector r1 = DoubleVector.fromArray(S, rowAdd, ro + L);
            s00 = s00.add(r0);
            s01 = s01.add(r1);
            s10 = s10.add(r0);
            s11 = s11.add(r1);
            s20 = s20.add(r0);
            s21 = s21.add(r1);
            s30 = s30.add(r0);
            s31 = s31.add(r1);
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

    /** 4 rows × 1 vector, for the panel at the right edge of C; A from a packed panel, A[r][p] at a[ao + p·4 + r]. */
    static void packed4x1(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector s00 = load(c, co, acc);
        DoubleVector s10 = load(c, c1, acc);
        DoubleVector s20 = load(c, c2, acc);
        DoubleVector s30 = load(c, c3, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30);
        }
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            s00 = s00.add(r0);
            s10 = s10.add(r0);
            s20 = s20.add(r0);
            s30 = s30.add(r0);
        }
        s00.intoArray(c, co);
        s10.intoArray(c, c1);
        s20.intoArray(c, c2);
        s30.intoArray(c, c3);
    }

    /** 4 rows × 3 vectors: 12 accumulators, 3 loads of B and a broadcast, the 16 registers of AVX2; A read in place from its rows, A[r][p] at a[ao + r·lda + p]. */
    static void rows4x3(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc), s02 = load(c, co + 2 * L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc), s12 = load(c, c1 + 2 * L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc), s22 = load(c, c2 + 2 * L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc), s32 = load(c, c3 + 2 * L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p;
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
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            DoubleVector r1 = DoubleVector.fromArray(S, rowAdd, ro + L);
            DoubleVector r2 = DoubleVector.fromArray(S, rowAdd, ro + 2 * L);
            s00 = s00.add(r0);
            s01 = s01.add(r1);
            s02 = s02.add(r2);
            s10 = s10.add(r0);
            s11 = s11.add(r1);
            s12 = s12.add(r2);
            s20 = s20.add(r0);
            s21 = s21.add(r1);
            s22 = s22.add(r2);
            s30 = s30.add(r0);
            s31 = s31.add(r1);
            s32 = s32.add(r2);
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

    /** 4 rows × 2 vectors, for the panel at the right edge of C; A read in place from its rows, A[r][p] at a[ao + r·lda + p]. */
    static void rows4x2(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        DoubleVector s00 = load(c, co, acc), s01 = load(c, co + L, acc);
        DoubleVector s10 = load(c, c1, acc), s11 = load(c, c1 + L, acc);
        DoubleVector s20 = load(c, c2, acc), s21 = load(c, c2 + L, acc);
        DoubleVector s30 = load(c, c3, acc), s31 = load(c, c3 + L, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p;
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
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            DoubleVector r1 = DoubleVector.fromArray(S, rowAdd, ro + L);
            s00 = s00.add(r0);
            s01 = s01.add(r1);
            s10 = s10.add(r0);
            s11 = s11.add(r1);
            s20 = s20.add(r0);
            s21 = s21.add(r1);
            s30 = s30.add(r0);
            s31 = s31.add(r1);
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

    /** 4 rows × 1 vector, for the panel at the right edge of C; A read in place from its rows, A[r][p] at a[ao + r·lda + p]. */
    static void rows4x1(int kc, double[] a, int ao, int lda, double[] bp, int bo, double[] c, int co, int ldc,
            boolean acc, double[] rowAdd, int ro) {
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int a1 = lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        DoubleVector s00 = load(c, co, acc);
        DoubleVector s10 = load(c, c1, acc);
        DoubleVector s20 = load(c, c2, acc);
        DoubleVector s30 = load(c, c3, acc);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            int ap = ao + p;
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
        if (rowAdd != null) {
            DoubleVector r0 = DoubleVector.fromArray(S, rowAdd, ro);
            s00 = s00.add(r0);
            s10 = s10.add(r0);
            s20 = s20.add(r0);
            s30 = s30.add(r0);
        }
        s00.intoArray(c, co);
        s10.intoArray(c, c1);
        s20.intoArray(c, c2);
        s30.intoArray(c, c3);
    }
}
