package io.sparkgrad.tensor;

/**
 * The inner loops that exist twice: once with the Java Vector API ({@code VectorBackend}) and
 * once in plain Java ({@link ScalarBackend}). {@link Kernels} picks one at class load. Everything
 * around these loops (blocking, packing, strides, broadcasting, threads) is shared code, so the
 * two implementations only have to agree on what is written here, and they agree bit for bit:
 * every sum below has its order fixed by the contract in {@code engine/KERNELS.md}, never by the
 * vector width, and both use the same correctly rounded {@code fma}, add, multiply, divide and
 * square root.
 */
interface Backend {
    /** Lanes of the fixed-order partial sums of {@link #dotRows} and {@link #sum}: element p goes to lane p mod 8. */
    int LANES = 8;

    /** A short name for logs and benchmark reports, e.g. {@code "vector-512"} or {@code "scalar"}. */
    String name();

    /** Rows of the GEMM micro-kernel's tile of C (and of a packed panel of A). */
    int mr();

    /** Columns of the GEMM micro-kernel's tile of C (and of a packed panel of B). */
    int nr();

    /**
     * One tile of C of {@code mr()} rows × {@code cols} columns (1 ≤ cols ≤ {@code nr()}), row
     * stride {@code ldc}: for every element, {@code acc = accumulate ? C[r][s] : +0.0}, then
     * {@code acc = fma(A[r][p], B[p][s], acc)} for p = 0, 1, …, kc−1 in that order, and
     * {@code C[r][s] = acc}. A[r][p] is {@code a[ao + p·mr() + r]} in a panel packed by
     * {@link Gemm} ({@code packed}), else {@code a[ao + r·lda + p]}, A's own rows; B is a packed
     * panel, B[p][s] at {@code bp[bo + p·nr() + s]}, zero beyond cols. With {@code rowAdd} not
     * null, {@code C[r][s] = acc + rowAdd[ro + s]} instead (one more rounded addition: a bias).
     */
    void gemmTile(int kc, double[] a, int ao, int lda, boolean packed, double[] bp, int bo, double[] c, int co,
            int ldc, int cols, boolean accumulate, double[] rowAdd, int ro);

    /**
     * Copies kc rows of {@code width} contiguous values, row p from {@code from[src + p·rs]} to
     * {@code to[dst + p·stride]}: packing a GEMM panel from an operand with contiguous rows.
     */
    void copyRows(double[] from, int src, int rs, int kc, int width, double[] to, int dst, int stride);

    /**
     * {@code c[co + i] = dot(A row i, x)} for i in [0, n), A row i being {@code a[ao + i·lda + p]}
     * and x {@code x[xo + p]}, p in [0, k): the 8-lane dot product ({@code KERNELS.md}): lane
     * l = p mod 8 accumulates {@code fma(a, x, lane)} in increasing p from +0.0, then
     * {@code ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))}.
     */
    void dotRows(double[] a, int ao, int lda, double[] x, int xo, int k, double[] c, int co, int n);

    /**
     * {@code c[co + j] = fma(v[p], M[p][j], c[co + j])} for p = 0, 1, …, k−1 in that order, for
     * every j in [j0, j1): M[p][j] is {@code m[mo + p·ldm + j]} and v[p] is {@code v[vo + p·vs]}.
     * The strict order is the GEMM contract, vectorised across the outputs j.
     */
    void sumRows(double[] m, int mo, int ldm, double[] v, int vo, int vs, int k, double[] c, int co, int j0, int j1);

    /** The 8-lane sum of {@code x[off .. off + n)}: lane l = i mod 8 adds in increasing i from +0.0, then the tree of {@link #dotRows}. */
    double sum(double[] x, int off, int n);

    /**
     * {@code o[oi + i] = fn(a[ai + i·as], b[bi + i·bs])} for i in [0, n), with each of as, bs 0
     * (a broadcast scalar) or 1 (contiguous). Only the exactly rounded functions of
     * {@link Elementwise.Binary} ({@code POW} excepted, which the caller keeps in its scalar loop).
     */
    void binary(Elementwise.Binary fn, double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi,
            int n);

    /**
     * {@code o[oi + i] = fn(a[ai + i])} for the exactly rounded unary functions (NEG, ABS, SQRT,
     * RELU, CLAMP with bounds p, q; POW_SCALAR with p == 2, i.e. x·x). The caller keeps the
     * transcendental functions in its scalar loop (the same {@code Math} call on both paths).
     */
    void unary(Elementwise.Unary fn, double p, double q, double[] a, int ai, double[] o, int oi, int n);

    /**
     * The backward kernels of the activations, without temporaries: with g read at
     * {@code g[gi + i·gs]} (gs 0 or 1) and y the activation's output {@code y[yi + i]}:
     * SIGMOID {@code g · (y · (1 - y))}, TANH {@code g · (1 - y · y)}, RELU {@code y <= 0 ? 0 : g}
     * (a select, as PyTorch's {@code threshold_backward}: an infinite g where y <= 0 gives 0, not
     * the NaN of a product with a mask).
     */
    void activationBackward(Elementwise.Unary fn, double[] g, int gi, int gs, double[] y, int yi, double[] o, int oi,
            int n);
}
