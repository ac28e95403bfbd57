package io.sparkgrad.tensor;

/**
 * The loops of a factorization machine's pairwise term over CSR rows (the kernels behind
 * {@link Fused#factorInteractions}). For row i and factor f, with {@code t_jf = x_ij · v_jf}
 * rounded once for each stored entry j in increasing column order:
 *
 * <pre>
 *   s_if = (…(+0.0 + t_j₁f) + t_j₂f …)          the factor's linear sum Σ_j v_jf x_ij
 *   q_if = fma(t_jₙf, t_jₙf, … fma(t_j₁f, t_j₁f, +0.0))   Σ_j (v_jf x_ij)²
 *   p_if = ½ · fma(s_if, s_if, −q_if)
 * </pre>
 *
 * and the gradient of Σ_if g_if · p_if in v, each element's chain over the rows in increasing i:
 *
 * <pre>
 *   dv_jf = fma(g_if · x_ij, s_if − t_ijf, dv_jf)   for the rows i that store column j
 * </pre>
 *
 * A zero entry adds nothing to any of these chains ({@code s + ±0 == s} and {@code fma(±0, ±0, q)
 * == q} for the +0-started sums here, which never hold −0), so a dense row read with its zeros
 * skipped gives the same bits as its CSR form. The loops are plain Java on every kernel path
 * (nothing here depends on the vector width): the vector and scalar paths agree bit for bit. Rows
 * of {@code dv} whose feature no row stores are never written.
 */
final class FactorInteractions {
    private FactorInteractions() {
    }

    /**
     * Fills {@code s} and {@code p} ([rows, k] row-major each) for the CSR rows of x and the
     * row-major factors {@code v} [cols, k] starting at {@code vo}.
     */
    static void forward(SparseMatrix x, double[] v, int vo, int k, double[] s, double[] p) {
        int rows = x.rows();
        int[] structure = x.structure();
        double[] values = x.valuesView();
        int columnAt = 4 + rows;
        double[] q = new double[k];
        for (int i = 0; i < rows; i++) {
            int base = i * k;
            java.util.Arrays.fill(q, 0.0);
            for (int e = structure[3 + i], end = structure[4 + i]; e < end; e++) {
                double xv = values[e];
                int vj = vo + structure[columnAt + e] * k;
                for (int f = 0; f < k; f++) {
                    double t = xv * v[vj + f];
                    s[base + f] += t;
                    q[f] = Math.fma(t, t, q[f]);
                }
            }
            for (int f = 0; f < k; f++) {
                p[base + f] = 0.5 * Math.fma(s[base + f], s[base + f], -q[f]);
            }
        }
    }

    /**
     * Adds the gradient in v of Σ g·p into {@code dv} ([cols, k] row-major, from zeros): g is
     * [rows, k] read at {@code go} with row stride {@code gr} and column stride {@code gc} (0 for a
     * broadcast), s the forward's sums.
     */
    static void backward(SparseMatrix x, double[] v, int vo, int k, double[] g, int go, int gr, int gc, double[] s,
            double[] dv) {
        int rows = x.rows();
        int[] structure = x.structure();
        double[] values = x.valuesView();
        int columnAt = 4 + rows;
        for (int i = 0; i < rows; i++) {
            int base = i * k;
            int gi = go + i * gr;
            for (int e = structure[3 + i], end = structure[4 + i]; e < end; e++) {
                double xv = values[e];
                int j = structure[columnAt + e] * k;
                for (int f = 0; f < k; f++) {
                    double t = xv * v[vo + j + f];
                    dv[j + f] = Math.fma(g[gi + f * gc] * xv, s[base + f] - t, dv[j + f]);
                }
            }
        }
    }

    /**
     * Adds the gradient in v of Σ g·p into {@code acc} ([cols, k] row-major from {@code ao}, a
     * gradient summed so far) touching only the rows of the columns x stores: each element's chain
     * of {@link #backward} runs from +0.0 in a compact buffer of the block's distinct columns, the
     * same fmas in the same row order, and is then added once into acc. That is the same bits as
     * {@link #backward} into zeros followed by {@code acc += dv} over every row, because an
     * untouched row adds dv's +0.0 and {@code a + +0.0 == a} for every a but −0.0 (which no sum of
     * such chains holds: a chain from +0.0 never ends at −0.0 under round-to-nearest).
     */
    static void accumulate(SparseMatrix x, double[] v, int vo, int k, double[] g, int go, int gr, int gc, double[] s,
            double[] acc, int ao) {
        int rows = x.rows();
        int[] structure = x.structure();
        double[] values = x.valuesView();
        int columnAt = 4 + rows;
        int first = structure[3];
        int last = structure[3 + rows];
        int[] slot = Workspace.get().columnSlots(x.cols());
        int[] used = new int[Math.min(last - first, x.cols())];
        int u = 0;
        try {
            for (int e = first; e < last; e++) {
                int c = structure[columnAt + e];
                if (slot[c] < 0) {
                    slot[c] = u;
                    used[u++] = c;
                }
            }
            double[] dv = new double[u * k];
            for (int i = 0; i < rows; i++) {
                int base = i * k;
                int gi = go + i * gr;
                for (int e = structure[3 + i], end = structure[4 + i]; e < end; e++) {
                    double xv = values[e];
                    int c = structure[columnAt + e];
                    int vj = vo + c * k;
                    int j = slot[c] * k;
                    for (int f = 0; f < k; f++) {
                        double t = xv * v[vj + f];
                        dv[j + f] = Math.fma(g[gi + f * gc] * xv, s[base + f] - t, dv[j + f]);
                    }
                }
            }
            for (int r = 0; r < u; r++) {
                int a = ao + used[r] * k;
                int j = r * k;
                for (int f = 0; f < k; f++) {
                    acc[a + f] += dv[j + f];
                }
            }
        } finally {
            for (int r = 0; r < u; r++) {
                slot[used[r]] = -1;
            }
        }
    }
}
