package io.sparkgrad.tensor;

/**
 * Chooses the GEMM micro-kernel of {@link VectorBackend} for one tile: 8 rows ({@link VectorTiles8},
 * 512-bit vectors) or 4 ({@link VectorTiles4}, 256-bit), 3, 2 or 1 column vectors wide, reading A
 * from a packed panel or in place from its rows. A tile whose last column vector is cut by the
 * right edge of C runs in the thread's scratch tile: masked vector loads and stores are far slower
 * on JDK 17 than two short copies. Loaded only with {@link VectorBackend}.
 */
final class VectorGemmTiles {
    private static final int L = VectorBackend.S.length();
    private static final int NR = VectorBackend.NR;

    private VectorGemmTiles() {
    }

    static void tile(int kc, double[] a, int ao, int lda, boolean packed, double[] bp, int bo, double[] c, int co,
            int ldc, int cols, boolean acc, double[] rowAdd, int ro) {
        int nv = (cols + L - 1) / L;
        if (cols == nv * L) {
            run(nv, packed, kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
            return;
        }
        int mr = VectorBackend.MR;
        Workspace own = Workspace.get();
        double[] t = own.columnEdge(mr * NR);
        if (acc) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, t, r * NR, cols);
            }
        }
        double[] add = null;
        if (rowAdd != null) {
            // whole vectors of the row to add, zero beyond the edge
            add = own.edgeRow(NR);
            System.arraycopy(rowAdd, ro, add, 0, cols);
            java.util.Arrays.fill(add, cols, NR, 0.0);
        }
        run(nv, packed, kc, a, ao, lda, bp, bo, t, 0, NR, acc, add, 0);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t, r * NR, c, co + r * ldc, cols);
        }
    }

    private static void run(int nv, boolean packed, int kc, double[] a, int ao, int lda, double[] bp, int bo,
            double[] c, int co, int ldc, boolean acc, double[] rowAdd, int ro) {
        if (VectorBackend.WIDE) {
            if (packed) {
                switch (nv) {
                    case 3 -> VectorTiles8.packed8x3(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                    case 2 -> VectorTiles8.packed8x2(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                    default -> VectorTiles8.packed8x1(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                }
            } else {
                switch (nv) {
                    case 3 -> VectorTiles8.rows8x3(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                    case 2 -> VectorTiles8.rows8x2(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                    default -> VectorTiles8.rows8x1(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                }
            }
        } else if (packed) {
            switch (nv) {
                case 3 -> VectorTiles4.packed4x3(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                case 2 -> VectorTiles4.packed4x2(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                default -> VectorTiles4.packed4x1(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
            }
        } else {
            switch (nv) {
                case 3 -> VectorTiles4.rows4x3(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                case 2 -> VectorTiles4.rows4x2(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
                default -> VectorTiles4.rows4x1(kc, a, ao, lda, bp, bo, c, co, ldc, acc, rowAdd, ro);
            }
        }
    }
}
