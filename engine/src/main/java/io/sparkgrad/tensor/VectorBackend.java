package io.sparkgrad.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops written with the Java Vector API. The only class that names
 * {@code jdk.incubator.vector}: {@link Kernels} loads it by reflection, and only when that module
 * is in the boot layer, so without {@code --add-modules jdk.incubator.vector} it is never loaded.
 *
 * <p>The species is fixed at class load: 512 bits (8 doubles) where the CPU prefers at least
 * that, else 256 bits; {@code -Dsparkgrad.kernels.vectorBits=256} forces the narrow one (so the
 * tests can show both widths give the same bits). Only that one species is ever used: vectors of
 * a second shape in the same JVM pollute the JIT's profiles of the Vector API's classes and
 * every vector loop falls back to boxed vectors. The width never decides a summation order:
 * GEMM and {@link #sumRows} vectorise across output elements, each of which is one FMA chain in
 * index order; {@link #dotRows} and {@link #sum} keep 8 lanes whatever the width (one 512-bit
 * vector, or two 256-bit halves holding lanes 0–3 and 4–7) and combine them by the one fixed tree.
 */
final class VectorBackend implements Backend {
    static final VectorSpecies<Double> S = chooseSpecies();
    private static final int L = S.length();
    /** 8-lane vectors: the 8×24 GEMM tile (24 of the 32 AVX-512 registers); else 4×12 in 16 AVX2 registers. */
    static final boolean WIDE = L == 8;
    static final int MR = WIDE ? 8 : 4;
    static final int NR = 3 * L;
    /** Rows of M summed per pass of {@link #sumRows}: a 32-row block of a 100-wide M stays in L1. */
    private static final int SUM_ROWS_BLOCK = 32;

    private static VectorSpecies<Double> chooseSpecies() {
        String bits = System.getProperty("sparkgrad.kernels.vectorBits", "");
        if (bits.equals("256")) {
            return DoubleVector.SPECIES_256;
        }
        if (!bits.isEmpty() && !bits.equals("512")) {
            throw new IllegalArgumentException("sparkgrad.kernels.vectorBits must be 256 or 512, got " + bits);
        }
        return bits.equals("512") || DoubleVector.SPECIES_PREFERRED.length() >= 8
                ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    }

    /** True when the CPU runs vectors of at least 256 bits natively; narrower ones would be emulated. */
    static boolean worthwhile() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void gemmTile(int kc, double[] a, int ao, int lda, boolean packed, double[] bp, int bo, double[] c, int co,
            int ldc, int cols, boolean accumulate, double[] rowAdd, int ro) {
        VectorGemmTiles.tile(kc, a, ao, lda, packed, bp, bo, c, co, ldc, cols, accumulate, rowAdd, ro);
    }

    /** Whole vectors per row (an arraycopy call per 8 or 24 values costs more than the copy), the rest by arraycopy. */
    @Override
    public void copyRows(double[] from, int src, int rs, int kc, int width, double[] to, int dst, int stride) {
        if (width == NR) {
            for (int p = 0; p < kc; p++) {
                int s = src + p * rs;
                int d = dst + p * stride;
                DoubleVector.fromArray(S, from, s).intoArray(to, d);
                DoubleVector.fromArray(S, from, s + L).intoArray(to, d + L);
                DoubleVector.fromArray(S, from, s + 2 * L).intoArray(to, d + 2 * L);
            }
        } else if (width == L) {
            for (int p = 0; p < kc; p++) {
                DoubleVector.fromArray(S, from, src + p * rs).intoArray(to, dst + p * stride);
            }
        } else {
            ScalarBackend.INSTANCE.copyRows(from, src, rs, kc, width, to, dst, stride);
        }
    }

    // ---------------------------------------------------------------- matrix-vector

    @Override
    public void dotRows(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n) {
        if (WIDE) {
            dotRows8(a, ao, lda, x, xo, k, c, co, n);
        } else {
            dotRows4(a, ao, lda, x, xo, k, c, co, n);
        }
    }

    /**
     * One 8-lane vector per row, four rows at a time so four FMA chains overlap. The tail (k mod 8
     * elements) is added to its lanes in scalar code after the lanes are taken out: masked vector
     * loads are slower on JDK 17 than those few scalar FMAs.
     */
    private static void dotRows8(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n) {
        int full = k & ~7;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int r0 = ao + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = DoubleVector.zero(S);
            DoubleVector s2 = DoubleVector.zero(S);
            DoubleVector s3 = DoubleVector.zero(S);
            for (int p = 0; p < full; p += 8) {
                DoubleVector xv = DoubleVector.fromArray(S, x, xo + p);
                s0 = DoubleVector.fromArray(S, a, r0 + p).fma(xv, s0);
                s1 = DoubleVector.fromArray(S, a, r1 + p).fma(xv, s1);
                s2 = DoubleVector.fromArray(S, a, r2 + p).fma(xv, s2);
                s3 = DoubleVector.fromArray(S, a, r3 + p).fma(xv, s3);
            }
            c[co + i] = finish(s0, a, r0 + full, x, xo + full, k - full);
            c[co + i + 1] = finish(s1, a, r1 + full, x, xo + full, k - full);
            c[co + i + 2] = finish(s2, a, r2 + full, x, xo + full, k - full);
            c[co + i + 3] = finish(s3, a, r3 + full, x, xo + full, k - full);
        }
        for (; i < n; i++) {
            int r0 = ao + i * lda;
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < full; p += 8) {
                s0 = DoubleVector.fromArray(S, a, r0 + p).fma(DoubleVector.fromArray(S, x, xo + p), s0);
            }
            c[co + i] = finish(s0, a, r0 + full, x, xo + full, k - full);
        }
    }

    /** The 8 lanes of s, the tail's t < 8 products added to lanes 0..t−1 (element p in lane p mod 8), combined by the tree. */
    private static double finish(DoubleVector s, double[] a, int ai, double[] x, int xi, int t) {
        return ScalarBackend.finish(s.lane(0), s.lane(1), s.lane(2), s.lane(3), s.lane(4), s.lane(5), s.lane(6),
                s.lane(7), a, ai, x, xi, t);
    }

    /** Two 4-lane halves per row (lanes 0–3 and 4–7 of the 8-lane contract). */
    private static void dotRows4(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n) {
        int full = k & ~7;
        for (int i = 0; i < n; i++) {
            int r0 = ao + i * lda;
            DoubleVector lo = DoubleVector.zero(S);
            DoubleVector hi = DoubleVector.zero(S);
            for (int p = 0; p < full; p += 8) {
                lo = DoubleVector.fromArray(S, a, r0 + p).fma(DoubleVector.fromArray(S, x, xo + p), lo);
                hi = DoubleVector.fromArray(S, a, r0 + p + 4).fma(DoubleVector.fromArray(S, x, xo + p + 4), hi);
            }
            c[co + i] = ScalarBackend.finish(lo.lane(0), lo.lane(1), lo.lane(2), lo.lane(3), hi.lane(0), hi.lane(1),
                    hi.lane(2), hi.lane(3), a, r0 + full, x, xo + full, k - full);
        }
    }

    @Override
    public void sumRows(double[] m, int mo, int ldm, double[] v, int vo, int vs, int k, double[] c, int co, int j0,
            int j1) {
        int vectorEnd = j0 + (j1 - j0) / L * L;
        // each c[j] is one FMA chain over p in order; blocks of rows only decide when it is stored
        for (int p0 = 0; p0 < k; p0 += SUM_ROWS_BLOCK) {
            int p1 = Math.min(k, p0 + SUM_ROWS_BLOCK);
            int j = j0;
            for (; j + 4 * L <= vectorEnd; j += 4 * L) {
                int cj = co + j;
                DoubleVector s0 = DoubleVector.fromArray(S, c, cj);
                DoubleVector s1 = DoubleVector.fromArray(S, c, cj + L);
                DoubleVector s2 = DoubleVector.fromArray(S, c, cj + 2 * L);
                DoubleVector s3 = DoubleVector.fromArray(S, c, cj + 3 * L);
                for (int p = p0; p < p1; p++) {
                    DoubleVector vp = DoubleVector.broadcast(S, v[vo + p * vs]);
                    int row = mo + p * ldm + j;
                    s0 = vp.fma(DoubleVector.fromArray(S, m, row), s0);
                    s1 = vp.fma(DoubleVector.fromArray(S, m, row + L), s1);
                    s2 = vp.fma(DoubleVector.fromArray(S, m, row + 2 * L), s2);
                    s3 = vp.fma(DoubleVector.fromArray(S, m, row + 3 * L), s3);
                }
                s0.intoArray(c, cj);
                s1.intoArray(c, cj + L);
                s2.intoArray(c, cj + 2 * L);
                s3.intoArray(c, cj + 3 * L);
            }
            for (; j < vectorEnd; j += L) {
                int cj = co + j;
                DoubleVector s0 = DoubleVector.fromArray(S, c, cj);
                for (int p = p0; p < p1; p++) {
                    DoubleVector vp = DoubleVector.broadcast(S, v[vo + p * vs]);
                    s0 = vp.fma(DoubleVector.fromArray(S, m, mo + p * ldm + j), s0);
                }
                s0.intoArray(c, cj);
            }
            // the last columns, fewer than a vector, while this block of rows is in cache. Not in a
            // narrower species: a second vector shape in the JVM makes the JIT's type profiles of the
            // Vector API's own classes bimorphic, and every vector loop (GEMM too) then falls back
            // to boxed vectors, six times slower (measured)
            ScalarBackend.INSTANCE.sumRows(m, mo + p0 * ldm, ldm, v, vo + p0 * vs, vs, p1 - p0, c, co, vectorEnd, j1);
        }
    }

    @Override
    public double sum(double[] x, int off, int n) {
        int full = n & ~7;
        if (WIDE) {
            DoubleVector s = DoubleVector.zero(S);
            for (int i = 0; i < full; i += 8) {
                s = s.add(DoubleVector.fromArray(S, x, off + i));
            }
            return ScalarBackend.finishSum(s.lane(0), s.lane(1), s.lane(2), s.lane(3), s.lane(4), s.lane(5), s.lane(6),
                    s.lane(7), x, off + full, n - full);
        }
        DoubleVector lo = DoubleVector.zero(S);
        DoubleVector hi = DoubleVector.zero(S);
        for (int i = 0; i < full; i += 8) {
            lo = lo.add(DoubleVector.fromArray(S, x, off + i));
            hi = hi.add(DoubleVector.fromArray(S, x, off + i + 4));
        }
        return ScalarBackend.finishSum(lo.lane(0), lo.lane(1), lo.lane(2), lo.lane(3), hi.lane(0), hi.lane(1), hi.lane(2),
                hi.lane(3), x, off + full, n - full);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void binary(Elementwise.Binary fn, double[] a, int ai, int as, double[] b, int bi, int bs, double[] o,
            int oi, int n) {
        int done = switch (fn) {
            case ADD -> add(a, ai, as, b, bi, bs, o, oi, n);
            case SUB -> sub(a, ai, as, b, bi, bs, o, oi, n);
            case MUL -> mul(a, ai, as, b, bi, bs, o, oi, n);
            case DIV -> div(a, ai, as, b, bi, bs, o, oi, n);
            default -> 0;
        };
        ScalarBackend.INSTANCE.binary(fn, a, ai + done * as, as, b, bi + done * bs, bs, o, oi + done, n - done);
    }

    // One loop per operator, because a vector operator must be a constant where it is applied.
    // Each returns how many leading elements it wrote; the caller finishes the tail.

    private static int add(double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi, int n) {
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).add(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bi]);
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).add(y).intoArray(o, oi + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            for (int i = 0; i < bound; i += L) {
                x.add(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else {
            return 0;
        }
        return bound;
    }

    private static int sub(double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi, int n) {
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).sub(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bi]);
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).sub(y).intoArray(o, oi + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            for (int i = 0; i < bound; i += L) {
                x.sub(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else {
            return 0;
        }
        return bound;
    }

    private static int mul(double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi, int n) {
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).mul(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bi]);
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).mul(y).intoArray(o, oi + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            for (int i = 0; i < bound; i += L) {
                x.mul(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else {
            return 0;
        }
        return bound;
    }

    private static int div(double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi, int n) {
        int bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).div(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bi]);
            for (int i = 0; i < bound; i += L) {
                DoubleVector.fromArray(S, a, ai + i).div(y).intoArray(o, oi + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            for (int i = 0; i < bound; i += L) {
                x.div(DoubleVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
            }
        } else {
            return 0;
        }
        return bound;
    }

    @Override
    public void unary(Elementwise.Unary fn, double p, double q, double[] a, int ai, double[] o, int oi, int n) {
        int bound = S.loopBound(n);
        switch (fn) {
            case NEG -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector.fromArray(S, a, ai + i).neg().intoArray(o, oi + i);
                }
            }
            case ABS -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector.fromArray(S, a, ai + i).abs().intoArray(o, oi + i);
                }
            }
            case SQRT -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector.fromArray(S, a, ai + i).sqrt().intoArray(o, oi + i);
                }
            }
            case RELU -> {
                // Math.max(x, 0.0): x above 0, NaN kept, 0.0 for -0.0 and below, as the scalar rule
                DoubleVector zero = DoubleVector.zero(S);
                for (int i = 0; i < bound; i += L) {
                    DoubleVector.fromArray(S, a, ai + i).max(zero).intoArray(o, oi + i);
                }
            }
            case CLAMP -> {
                DoubleVector lo = DoubleVector.broadcast(S, p);
                DoubleVector hi = DoubleVector.broadcast(S, q);
                for (int i = 0; i < bound; i += L) {
                    DoubleVector.fromArray(S, a, ai + i).max(lo).min(hi).intoArray(o, oi + i);
                }
            }
            case POW_SCALAR -> {
                if (p != 2.0) {
                    bound = 0;
                }
                for (int i = 0; i < bound; i += L) {
                    DoubleVector x = DoubleVector.fromArray(S, a, ai + i);
                    x.mul(x).intoArray(o, oi + i);
                }
            }
            default -> bound = 0;
        }
        ScalarBackend.INSTANCE.unary(fn, p, q, a, ai + bound, o, oi + bound, n - bound);
    }

    @Override
    public void activationBackward(Elementwise.Unary fn, double[] g, int gi, int gs, double[] y, int yi, double[] o,
            int oi, int n) {
        int bound = S.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector g0 = DoubleVector.broadcast(S, g[gi]);
        boolean broadcast = gs == 0;
        switch (fn) {
            case SIGMOID -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector gv = broadcast ? g0 : DoubleVector.fromArray(S, g, gi + i);
                    DoubleVector yv = DoubleVector.fromArray(S, y, yi + i);
                    gv.mul(yv.mul(one.sub(yv))).intoArray(o, oi + i);
                }
            }
            case TANH -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector gv = broadcast ? g0 : DoubleVector.fromArray(S, g, gi + i);
                    DoubleVector yv = DoubleVector.fromArray(S, y, yi + i);
                    gv.mul(one.sub(yv.mul(yv))).intoArray(o, oi + i);
                }
            }
            case RELU -> {
                for (int i = 0; i < bound; i += L) {
                    DoubleVector gv = broadcast ? g0 : DoubleVector.fromArray(S, g, gi + i);
                    DoubleVector yv = DoubleVector.fromArray(S, y, yi + i);
                    gv.blend(zero, yv.compare(VectorOperators.LE, zero)).intoArray(o, oi + i);
                }
            }
            default -> bound = 0;
        }
        ScalarBackend.INSTANCE.activationBackward(fn, g, gi + bound * gs, gs, y, yi + bound, o, oi + bound, n - bound);
    }
}
