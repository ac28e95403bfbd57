package io.sparkgrad.tensor;

import java.util.Arrays;

/**
 * {@code C = A · B} for strided A [n×k] and B [k×m] into a contiguous row-major C [n×m]: the one
 * entry point of every matrix product. Matrix-vector shapes go to {@link Gemv}; everything else
 * to a cache-blocked product in the layout of BLIS: for each depth block of KC rows of B and each
 * block of NC of its columns, the block is packed into panels of {@code nr} columns (the packed
 * block stays in L2); then for each panel of {@code mr} rows of A (in L1 while it is used: read in
 * place from a row-major A, else packed) the backend's micro-kernel computes the {@code mr × nr}
 * tiles of C against every panel of the block, in registers.
 *
 * <p><b>Summation order</b> ({@code engine/KERNELS.md}): every C[i][j] is one chain
 * {@code acc = fma(A[i][p], B[p][j], acc)} over p = 0, 1, …, k−1 in that order, from +0.0. A
 * depth block stores its chain's value in C and the next block continues from it, so the
 * blocking, the panel widths, the vector width and the thread count decide nothing about the
 * result.
 */
final class Gemm {
    /** Depth of a block: a panel of A, 8×KC doubles (16 KiB), stays in L1 while it meets every panel of B. */
    static final int KC = 256;
    /**
     * Columns of B per packed block: KC×NC doubles (960 KiB) stay in L2 while the panels of A pass;
     * measured against 240 to 720 columns and depths of 128 to 512, on 1024², 256² and the MLP's
     * products, this pair was the best or within noise of it.
     */
    static final int NC = 480;

    private Gemm() {
    }

    /**
     * C = A·B where A[i][p] is {@code a[ao + i·ars + p·acs]}, B[p][j] is {@code b[bo + p·brs + j·bcs]}
     * and C[i][j] is {@code c[co + i·m + j]}. C is overwritten (zero when k is 0).
     */
    static void multiply(double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, int bcs, double[] c,
            int co, int n, int k, int m) {
        multiply(a, ao, ars, acs, b, bo, brs, bcs, c, co, n, k, m, null);
    }

    /**
     * C = A·B + bias, the bias (m contiguous values, or null) added to every row of the product
     * with one rounded addition per element, as {@code A·B} followed by {@code add(bias)}; in the
     * blocked product it is added while each tile is still in registers.
     */
    static void multiply(double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, int bcs, double[] c,
            int co, int n, int k, int m, double[] bias) {
        if (n == 0 || m == 0) {
            return;
        }
        if (k == 0 || Gemv.multiply(a, ao, ars, acs, b, bo, brs, bcs, c, co, n, k, m)) {
            if (k == 0) {
                Arrays.fill(c, co, co + n * m, 0.0);
            }
            if (bias != null) {
                Backend kernel = Kernels.backend();
                for (int i = 0; i < n; i++) {
                    kernel.binary(Elementwise.Binary.ADD, c, co + i * m, 1, bias, 0, 1, c, co + i * m, m);
                }
            }
            return;
        }
        Backend kernel = Kernels.backend();
        int nr = kernel.nr();
        int mr = kernel.mr();
        Workspace own = Workspace.get();
        // blocks of equal size: 784 deep is 4 × 196, not 3 × 256 + 16
        int depthBlock = evenBlock(k, KC, 1);
        int widthBlock = evenBlock(m, NC, nr);
        for (int pc = 0; pc < k; pc += depthBlock) {
            int kc = Math.min(depthBlock, k - pc);
            for (int jc = 0; jc < m; jc += widthBlock) {
                int nc = Math.min(widthBlock, m - jc);
                double[] bp = own.packedB(roundUp(nc, nr) * kc);
                packB(b, bo + pc * brs + jc * bcs, brs, bcs, kc, nc, nr, bp);
                boolean accumulate = pc > 0;
                double[] rowAdd = pc + kc == k ? bias : null;
                int col = jc;
                int depth = pc;
                // threads take disjoint runs of rows of C, each with its own panel of A
                KernelThreads.forRange(n, 8 * mr, (from, to) -> panels(kernel, a, ao, ars, acs, depth, kc, bp, nc,
                        c, co, m, col, from, to, accumulate, rowAdd));
            }
        }
    }

    /**
     * Rows [from, to) of C, columns [jc, jc + nc), depth block [pc, pc + kc), against the packed
     * block of B, one panel of mr rows of A at a time. A row-major A is read in place (packing it
     * cost more than it saved); any other layout, and the rows below the last whole panel, are
     * packed into a zero-padded panel, the latter computed in a scratch tile.
     */
    private static void panels(Backend kernel, double[] a, int ao, int ars, int acs, int pc, int kc, double[] bp,
            int nc, double[] c, int co, int m, int jc, int from, int to, boolean accumulate, double[] rowAdd) {
        int mr = kernel.mr();
        int nr = kernel.nr();
        boolean inPlace = acs == 1;
        Workspace own = Workspace.get();
        double[] ap = own.packedA(mr * kc);
        double[] tile = own.tile(mr * nr);
        for (int ir = from; ir < to; ir += mr) {
            int rows = Math.min(mr, to - ir);
            int start = ao + ir * ars + pc * acs;
            boolean direct = inPlace && rows == mr;
            if (!direct) {
                packA(a, start, ars, acs, rows, kc, mr, ap);
            }
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                int bo = jr * kc;
                int cOff = co + ir * m + jc + jr;
                if (rows == mr) {
                    if (direct) {
                        kernel.gemmTile(kc, a, start, ars, false, bp, bo, c, cOff, m, cols, accumulate, rowAdd, jc + jr);
                    } else {
                        kernel.gemmTile(kc, ap, 0, 0, true, bp, bo, c, cOff, m, cols, accumulate, rowAdd, jc + jr);
                    }
                } else {
                    if (accumulate) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(c, cOff + r * m, tile, r * nr, cols);
                        }
                    }
                    kernel.gemmTile(kc, ap, 0, 0, true, bp, bo, tile, 0, nr, cols, accumulate, rowAdd, jc + jr);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * nr, c, cOff + r * m, cols);
                    }
                }
            }
        }
    }

    /**
     * Packs kc rows × nc columns of B into panels of nr columns, {@code bp[q·kc + p·nr + s]} for
     * the panel starting at column q, zero-padded to a whole panel (padded columns are computed
     * and thrown away). The loop order follows B's contiguous direction.
     */
    static void packB(double[] b, int start, int rs, int cs, int kc, int nc, int nr, double[] bp) {
        for (int q = 0; q < nc; q += nr) {
            int cols = Math.min(nr, nc - q);
            int base = q * kc;
            int src = start + q * cs;
            if (cs == 1) {
                Kernels.backend().copyRows(b, src, rs, kc, cols, bp, base, nr);
            } else if (rs == 1) {
                // a transposed operand (x·Wᵀ): each column of B is a contiguous row of W
                for (int s = 0; s < cols; s++) {
                    int col = src + s * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + s] = b[col + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int row = src + p * rs;
                    for (int s = 0; s < cols; s++) {
                        bp[base + p * nr + s] = b[row + s * cs];
                    }
                }
            }
            if (cols < nr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(bp, base + p * nr + cols, base + (p + 1) * nr, 0.0);
                }
            }
        }
    }

    /**
     * Packs mc rows × kc columns of A into panels of mr rows, {@code ap[i·kc + p·mr + r]} for the
     * panel starting at row i, zero-padded to a whole panel.
     */
    static void packA(double[] a, int start, int rs, int cs, int mc, int kc, int mr, double[] ap) {
        for (int i = 0; i < mc; i += mr) {
            int rows = Math.min(mr, mc - i);
            int base = i * kc;
            int src = start + i * rs;
            if (rs == 1) {
                // a transposed operand (gᵀ·x): the rows of one column are contiguous
                Kernels.backend().copyRows(a, src, cs, kc, rows, ap, base, mr);
            } else if (cs == 1 && rows == 8 && mr == 8) {
                // a row-major operand: eight rows read side by side, each panel step written at once
                for (int p = 0; p < kc; p++) {
                    int d = base + p * 8;
                    int s = src + p;
                    ap[d] = a[s];
                    ap[d + 1] = a[s + rs];
                    ap[d + 2] = a[s + 2 * rs];
                    ap[d + 3] = a[s + 3 * rs];
                    ap[d + 4] = a[s + 4 * rs];
                    ap[d + 5] = a[s + 5 * rs];
                    ap[d + 6] = a[s + 6 * rs];
                    ap[d + 7] = a[s + 7 * rs];
                }
            } else if (cs == 1 && rows == 4 && mr == 4) {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * 4;
                    int s = src + p;
                    ap[d] = a[s];
                    ap[d + 1] = a[s + rs];
                    ap[d + 2] = a[s + 2 * rs];
                    ap[d + 3] = a[s + 3 * rs];
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int row = src + r * rs;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * mr + r] = a[row + p * cs];
                    }
                }
            }
            if (rows < mr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(ap, base + p * mr + rows, base + (p + 1) * mr, 0.0);
                }
            }
        }
    }

    /** The size of the blocks when n is cut into as few blocks of at most max as possible, all but the last equal, a multiple of unit. */
    static int evenBlock(int n, int max, int unit) {
        int blocks = (n + max - 1) / max;
        return Math.min(roundUp((n + blocks - 1) / blocks, unit), Math.max(max / unit * unit, unit));
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
