package io.sparkgrad.spark.train;

import io.sparkgrad.tensor.SparseMatrix;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A partition's gradient of a sparse first layer W [m, d], {@code Σ_blocks (xᵀ · g)ᵀ} for each
 * block's rows x and the gradient g [rows, m] of its loss in the product x · Wᵀ, formed over the
 * columns the rows store: O(stored entries) per block, where the engine's {@code xᵀ · g} allocates
 * and the partial then scans a d × m array per block.
 *
 * <p>The same bits as the engine: each block's entry (c, j) is the chain {@code fma(x_ic, g_ij,
 * ·)} over the block's rows in order from +0.0 ({@code SparseMatrix.tmatmul}), and the partition's
 * sum adds the blocks' in block order (autograd's accumulation into {@code .grad}); an entry a
 * block does not store adds +0.0 there, which changes only a −0.0 to +0.0, and the partial drops
 * every ±0.0 either way ({@link GradientSum}).
 *
 * <p>Its two d × m arrays are kept per executor thread (softly, so memory pressure frees them) and
 * are all zeros between uses: a task clears only the entries it wrote.
 */
final class SparseWeightGradient {
    private static final ThreadLocal<SoftReference<SparseWeightGradient>> CACHED = new ThreadLocal<>();

    private final int d;
    private final int m;
    /** The partition's sum, [d, m] as xᵀ · g lays it out; zero outside {@link #touched}. */
    private final double[] sum;
    /** One block's xᵀ · g; zero between blocks. */
    private final double[] block;
    private final BitSet touched;
    private final BitSet inBlock;

    private SparseWeightGradient(int d, int m) {
        this.d = d;
        this.m = m;
        this.sum = new double[Math.multiplyExact(d, m)];
        this.block = new double[sum.length];
        this.touched = new BitSet(d);
        this.inBlock = new BitSet(d);
    }

    /** This thread's accumulator for a [m, d] weight, all zeros. */
    static SparseWeightGradient forThread(int d, int m) {
        SoftReference<SparseWeightGradient> ref = CACHED.get();
        SparseWeightGradient g = ref == null ? null : ref.get();
        if (g == null || g.d != d || g.m != m) {
            CACHED.remove(); // the old arrays go before the new ones are allocated
            g = new SparseWeightGradient(d, m);
            CACHED.set(new SoftReference<>(g));
        }
        return g;
    }

    /** Adds one block's {@code xᵀ · g}, g [rows, m] row-major, into the partition's sum. */
    void addBlock(SparseMatrix x, double[] g) {
        int rows = x.rows();
        for (int i = 0; i < rows; i++) {
            int gi = i * m;
            for (int k = x.rowStart(i), end = x.rowStart(i + 1); k < end; k++) {
                double v = x.value(k);
                int base = x.column(k) * m;
                for (int j = 0; j < m; j++) {
                    block[base + j] = Math.fma(v, g[gi + j], block[base + j]);
                }
            }
        }
        for (int k = 0, end = x.nnz(); k < end; k++) {
            int c = x.column(k);
            if (inBlock.get(c)) {
                continue;
            }
            inBlock.set(c);
            int base = c * m;
            if (touched.get(c)) {
                for (int j = 0; j < m; j++) {
                    sum[base + j] += block[base + j];
                    block[base + j] = 0.0;
                }
            } else {
                touched.set(c);
                for (int j = 0; j < m; j++) {
                    sum[base + j] = block[base + j]; // 0.0 + b, but for a −0.0 the partial drops anyway
                    block[base + j] = 0.0;
                }
            }
        }
        inBlock.clear();
    }

    /** Non-zero entries of the sum (NaN counts: it is stored). */
    long nonZeroEntries() {
        long n = 0;
        for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
            for (int j = 0, base = c * m; j < m; j++) {
                n += sum[base + j] != 0.0 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Writes the sum's non-zero entries at {@code offset + j·d + c} (W's row-major layout) into
     * {@code dense}, which holds +0.0 there, and clears the accumulator.
     */
    void drainInto(int offset, double[] dense) {
        for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
            for (int j = 0, base = c * m; j < m; j++) {
                double v = sum[base + j];
                if (v != 0.0) { // a −0.0 stays the dense sum's +0.0
                    dense[offset + j * d + c] = v;
                }
            }
            Arrays.fill(sum, c * m, c * m + m, 0.0);
        }
        touched.clear();
    }

    /**
     * Appends the sum's non-zero entries at {@code offset + j·d + c} (W's row-major layout), in
     * ascending order, to {@code index}/{@code value} from {@code at}, and clears the accumulator.
     *
     * @return the new end
     */
    int drainInto(int offset, int[] index, double[] value, int at) {
        int n = at;
        for (int j = 0; j < m; j++) {
            for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
                double v = sum[c * m + j];
                if (v != 0.0) { // skips ±0.0 alike, keeps NaN
                    index[n] = offset + j * d + c;
                    value[n++] = v;
                }
            }
        }
        for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
            Arrays.fill(sum, c * m, c * m + m, 0.0);
        }
        touched.clear();
        return n;
    }

    /** Clears the accumulator without reading it (a task that failed half-way). */
    void reset() {
        for (int c = touched.nextSetBit(0); c >= 0; c = touched.nextSetBit(c + 1)) {
            Arrays.fill(sum, c * m, c * m + m, 0.0);
        }
        touched.clear();
        Arrays.fill(block, 0.0);
        inBlock.clear();
    }
}
