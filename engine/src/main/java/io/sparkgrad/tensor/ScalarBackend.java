package io.sparkgrad.tensor;

/**
 * The plain-Java inner loops, used when the {@code jdk.incubator.vector} module is not in the
 * boot layer (or {@code -Dsparkgrad.kernels=scalar}). They spell out, one element at a time, the
 * summation orders the vector loops follow, so both paths give the same bits; the 8-lane sums
 * keep eight independent accumulators, which also lets the CPU overlap the FMA latencies.
 */
final class ScalarBackend implements Backend {
    static final ScalarBackend INSTANCE = new ScalarBackend();

    private ScalarBackend() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int mr() {
        return 4;
    }

    @Override
    public int nr() {
        return 4;
    }

    /**
     * A 4×4 tile in 16 scalar accumulators, 16 fused multiply-adds per 8 loads; columns beyond
     * {@code cols} are computed (B's panel is zero there) but neither loaded nor stored.
     */
    @Override
    public void gemmTile(int kc, double[] a, int ao, int lda, boolean packed, double[] bp, int bo, double[] c, int co,
            int ldc, int cols, boolean accumulate, double[] rowAdd, int ro) {
        int ars = packed ? 1 : lda;
        int acs = packed ? 4 : 1;
        // only the columns of C inside the tile are read and written
        double c00 = accumulate ? c[co] : 0.0;
        double c01 = accumulate && cols > 1 ? c[co + 1] : 0.0;
        double c02 = accumulate && cols > 2 ? c[co + 2] : 0.0;
        double c03 = accumulate && cols > 3 ? c[co + 3] : 0.0;
        double c10 = accumulate ? c[co + ldc] : 0.0;
        double c11 = accumulate && cols > 1 ? c[co + ldc + 1] : 0.0;
        double c12 = accumulate && cols > 2 ? c[co + ldc + 2] : 0.0;
        double c13 = accumulate && cols > 3 ? c[co + ldc + 3] : 0.0;
        double c20 = accumulate ? c[co + 2 * ldc] : 0.0;
        double c21 = accumulate && cols > 1 ? c[co + 2 * ldc + 1] : 0.0;
        double c22 = accumulate && cols > 2 ? c[co + 2 * ldc + 2] : 0.0;
        double c23 = accumulate && cols > 3 ? c[co + 2 * ldc + 3] : 0.0;
        double c30 = accumulate ? c[co + 3 * ldc] : 0.0;
        double c31 = accumulate && cols > 1 ? c[co + 3 * ldc + 1] : 0.0;
        double c32 = accumulate && cols > 2 ? c[co + 3 * ldc + 2] : 0.0;
        double c33 = accumulate && cols > 3 ? c[co + 3 * ldc + 3] : 0.0;
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * acs;
            int bi = bo + p * 4;
            double x0 = a[ai];
            double x1 = a[ai + a1];
            double x2 = a[ai + a2];
            double x3 = a[ai + a3];
            double b0 = bp[bi];
            double b1 = bp[bi + 1];
            double b2 = bp[bi + 2];
            double b3 = bp[bi + 3];
            c00 = Math.fma(x0, b0, c00);
            c01 = Math.fma(x0, b1, c01);
            c02 = Math.fma(x0, b2, c02);
            c03 = Math.fma(x0, b3, c03);
            c10 = Math.fma(x1, b0, c10);
            c11 = Math.fma(x1, b1, c11);
            c12 = Math.fma(x1, b2, c12);
            c13 = Math.fma(x1, b3, c13);
            c20 = Math.fma(x2, b0, c20);
            c21 = Math.fma(x2, b1, c21);
            c22 = Math.fma(x2, b2, c22);
            c23 = Math.fma(x2, b3, c23);
            c30 = Math.fma(x3, b0, c30);
            c31 = Math.fma(x3, b1, c31);
            c32 = Math.fma(x3, b2, c32);
            c33 = Math.fma(x3, b3, c33);
        }
        if (rowAdd != null) {
            double b0 = rowAdd[ro];
            double b1 = cols > 1 ? rowAdd[ro + 1] : 0.0;
            double b2 = cols > 2 ? rowAdd[ro + 2] : 0.0;
            double b3 = cols > 3 ? rowAdd[ro + 3] : 0.0;
            c00 += b0;
            c01 += b1;
            c02 += b2;
            c03 += b3;
            c10 += b0;
            c11 += b1;
            c12 += b2;
            c13 += b3;
            c20 += b0;
            c21 += b1;
            c22 += b2;
            c23 += b3;
            c30 += b0;
            c31 += b1;
            c32 += b2;
            c33 += b3;
        }
        int r0 = co;
        int r1 = co + ldc;
        int r2 = co + 2 * ldc;
        int r3 = co + 3 * ldc;
        c[r0] = c00;
        if (cols > 1) {
            c[r0 + 1] = c01;
        }
        if (cols > 2) {
            c[r0 + 2] = c02;
        }
        if (cols > 3) {
            c[r0 + 3] = c03;
        }
        c[r1] = c10;
        if (cols > 1) {
            c[r1 + 1] = c11;
        }
        if (cols > 2) {
            c[r1 + 2] = c12;
        }
        if (cols > 3) {
            c[r1 + 3] = c13;
        }
        c[r2] = c20;
        if (cols > 1) {
            c[r2 + 1] = c21;
        }
        if (cols > 2) {
            c[r2 + 2] = c22;
        }
        if (cols > 3) {
            c[r2 + 3] = c23;
        }
        c[r3] = c30;
        if (cols > 1) {
            c[r3 + 1] = c31;
        }
        if (cols > 2) {
            c[r3 + 2] = c32;
        }
        if (cols > 3) {
            c[r3 + 3] = c33;
        }
    }

    @Override
    public void copyRows(double[] from, int src, int rs, int kc, int width, double[] to, int dst, int stride) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(from, src + p * rs, to, dst + p * stride, width);
        }
    }

    @Override
    public void dotRows(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n) {
        int full = k & ~7;
        for (int i = 0; i < n; i++) {
            int r = ao + i * lda;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int p = 0; p < full; p += 8) {
                s0 = Math.fma(a[r + p], x[xo + p], s0);
                s1 = Math.fma(a[r + p + 1], x[xo + p + 1], s1);
                s2 = Math.fma(a[r + p + 2], x[xo + p + 2], s2);
                s3 = Math.fma(a[r + p + 3], x[xo + p + 3], s3);
                s4 = Math.fma(a[r + p + 4], x[xo + p + 4], s4);
                s5 = Math.fma(a[r + p + 5], x[xo + p + 5], s5);
                s6 = Math.fma(a[r + p + 6], x[xo + p + 6], s6);
                s7 = Math.fma(a[r + p + 7], x[xo + p + 7], s7);
            }
            c[co + i] = finish(s0, s1, s2, s3, s4, s5, s6, s7, a, r + full, x, xo + full, k - full);
        }
    }

    /**
     * The end of an 8-lane dot product: the last t < 8 products {@code a[ai + q]·x[xi + q]} go to
     * lanes 0..t−1 (their element indices are 0..t−1 mod 8), then the lanes are combined by the tree.
     */
    static double finish(double s0, double s1, double s2, double s3, double s4, double s5, double s6, double s7,
            double[] a, int ai, double[] x, int xi, int t) {
        if (t > 0) {
            s0 = Math.fma(a[ai], x[xi], s0);
        }
        if (t > 1) {
            s1 = Math.fma(a[ai + 1], x[xi + 1], s1);
        }
        if (t > 2) {
            s2 = Math.fma(a[ai + 2], x[xi + 2], s2);
        }
        if (t > 3) {
            s3 = Math.fma(a[ai + 3], x[xi + 3], s3);
        }
        if (t > 4) {
            s4 = Math.fma(a[ai + 4], x[xi + 4], s4);
        }
        if (t > 5) {
            s5 = Math.fma(a[ai + 5], x[xi + 5], s5);
        }
        if (t > 6) {
            s6 = Math.fma(a[ai + 6], x[xi + 6], s6);
        }
        return combine(s0, s1, s2, s3, s4, s5, s6, s7);
    }

    /** The fixed combination of the 8 lanes: pairs l and l + 4, then l and l + 2, then the last two. */
    static double combine(double s0, double s1, double s2, double s3, double s4, double s5, double s6, double s7) {
        return ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
    }

    @Override
    public void sumRows(double[] m, int mo, int ldm, double[] v, int vo, int vs, int k, double[] c, int co, int j0,
            int j1) {
        for (int p = 0; p < k; p++) {
            double vp = v[vo + p * vs];
            int row = mo + p * ldm;
            for (int j = j0; j < j1; j++) {
                c[co + j] = Math.fma(vp, m[row + j], c[co + j]);
            }
        }
    }

    @Override
    public double sum(double[] x, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int full = n & ~7;
        for (int i = off; i < off + full; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        return finishSum(s0, s1, s2, s3, s4, s5, s6, s7, x, off + full, n - full);
    }

    /** The end of an 8-lane sum: the last t < 8 elements {@code x[xi + q]} go to lanes 0..t−1, then the tree. */
    static double finishSum(double s0, double s1, double s2, double s3, double s4, double s5, double s6, double s7,
            double[] x, int xi, int t) {
        if (t > 0) {
            s0 += x[xi];
        }
        if (t > 1) {
            s1 += x[xi + 1];
        }
        if (t > 2) {
            s2 += x[xi + 2];
        }
        if (t > 3) {
            s3 += x[xi + 3];
        }
        if (t > 4) {
            s4 += x[xi + 4];
        }
        if (t > 5) {
            s5 += x[xi + 5];
        }
        if (t > 6) {
            s6 += x[xi + 6];
        }
        return combine(s0, s1, s2, s3, s4, s5, s6, s7);
    }

    @Override
    public void binary(Elementwise.Binary fn, double[] a, int ai, int as, double[] b, int bi, int bs, double[] o,
            int oi, int n) {
        for (int i = 0; i < n; i++, ai += as, bi += bs) {
            o[oi + i] = Elementwise.apply(fn, a[ai], b[bi]);
        }
    }

    @Override
    public void unary(Elementwise.Unary fn, double p, double q, double[] a, int ai, double[] o, int oi, int n) {
        for (int i = 0; i < n; i++) {
            o[oi + i] = Elementwise.apply(fn, a[ai + i], p, q);
        }
    }

    @Override
    public void activationBackward(Elementwise.Unary fn, double[] g, int gi, int gs, double[] y, int yi, double[] o,
            int oi, int n) {
        for (int i = 0; i < n; i++, gi += gs) {
            o[oi + i] = Elementwise.activationBackward(fn, g[gi], y[yi + i]);
        }
    }
}
