package io.sparkgrad.spark.train;

import io.sparkgrad.tensor.SparseMatrix;
import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * A partition's gradient of a sparse first layer W [m, d], {@code Σ_blocks (xᵀ · g)ᵀ} for each
 * block's rows x and the gradient g [rows, m] of its loss in the product x · Wᵀ, formed over the
 * columns the rows store: it never touches an array of W's size.
 *
 * <p>Each block's entries are sorted by column (a stable radix sort of (column, entry) keys, so
 * the rows of one column stay in increasing order), and each stored column's chain
 * {@code fma(x_ic, g_ij, ·)} runs over its rows in order from +0.0: the bits of the engine's
 * {@code SparseMatrix.tmatmul}, column by column, with no scattered writes into a d × m array (on
 * wide data each of those is a cache and TLB miss, which made this the bulk of a pass). The
 * partition's sum merges the blocks' sorted columns in block order (autograd's accumulation into
 * {@code .grad}: left + right where both hold the column); an entry a block does not store adds
 * +0.0 there, which changes only a −0.0 to +0.0, and the partial drops every ±0.0 either way
 * ({@link GradientSum}).
 *
 * <p>Its buffers are kept per executor thread (softly, so memory pressure frees them) and grow to
 * the largest block and partition seen.
 */
final class SparseWeightGradient {
    private static final ThreadLocal<SoftReference<SparseWeightGradient>> CACHED = new ThreadLocal<>();

    private final int d;
    private final int m;
    /** The partition's sum: {@code sumColumns[0..sumSize)} ascending, {@code sumValues[u·m + j]} column-major per column. */
    private int[] sumColumns = new int[0];
    private double[] sumValues = new double[0];
    private int sumSize;
    /** One block's (column << 32 | entry) keys, sorted, and the radix sort's second buffer. */
    private long[] keys = new long[0];
    private long[] scratch = new long[0];
    /** One block's columns and chains, as the sum's; and the merge's output, swapped with the sum's. */
    private int[] blockColumns = new int[0];
    private double[] blockValues = new double[0];
    private int[] mergedColumns = new int[0];
    private double[] mergedValues = new double[0];
    private int[] rowOfEntry = new int[0];

    private SparseWeightGradient(int d, int m) {
        this.d = d;
        this.m = m;
    }

    /** This thread's accumulator for a [m, d] weight, empty. */
    static SparseWeightGradient forThread(int d, int m) {
        SoftReference<SparseWeightGradient> ref = CACHED.get();
        SparseWeightGradient g = ref == null ? null : ref.get();
        if (g == null || g.d != d || g.m != m) {
            g = new SparseWeightGradient(d, m);
            CACHED.set(new SoftReference<>(g));
        }
        g.sumSize = 0;
        return g;
    }

    /** Adds one block's {@code xᵀ · g}, g [rows, m] row-major, into the partition's sum. */
    void addBlock(SparseMatrix x, double[] g) {
        int nnz = x.nnz();
        int rows = x.rows();
        if (keys.length < nnz) {
            keys = new long[nnz];
            scratch = new long[nnz];
            rowOfEntry = new int[nnz];
        }
        for (int i = 0; i < rows; i++) {
            for (int k = x.rowStart(i), end = x.rowStart(i + 1); k < end; k++) {
                keys[k] = (long) x.column(k) << 32 | k;
                rowOfEntry[k] = i;
            }
        }
        sortByColumn(nnz);
        // the block's columns, each with its chain over its rows in increasing order
        int u = 0;
        for (int a = 0; a < nnz; ) {
            int c = (int) (keys[a] >>> 32);
            int b = a;
            while (b < nnz && (int) (keys[b] >>> 32) == c) {
                b++;
            }
            if (blockColumns.length <= u) {
                grow(u + 1);
            }
            blockColumns[u] = c;
            int out = u * m;
            for (int j = 0; j < m; j++) {
                double acc = 0.0;
                for (int e = a; e < b; e++) {
                    int k = (int) keys[e];
                    acc = Math.fma(x.value(k), g[rowOfEntry[k] * m + j], acc);
                }
                blockValues[out + j] = acc;
            }
            u++;
            a = b;
        }
        mergeBlock(u);
    }

    /** Sorts {@code keys[0..n)} by their high 32 bits (the column), stably: LSD radix, 11 bits a pass. */
    private void sortByColumn(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(d - 1, 1));
        long[] from = keys;
        long[] to = scratch;
        int[] count = new int[1 << 11];
        for (int shift = 32; shift < 32 + bits; shift += 11) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (from[i] >>> shift) & 0x7FF]++;
            }
            int sum = 0;
            for (int b = 0; b < count.length; b++) {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long key = from[i];
                to[count[(int) (key >>> shift) & 0x7FF]++] = key;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        keys = from;
        scratch = to;
    }

    private void grow(int atLeast) {
        int n = Math.max(atLeast, Math.max(16, blockColumns.length * 2));
        blockColumns = Arrays.copyOf(blockColumns, n);
        blockValues = Arrays.copyOf(blockValues, Math.multiplyExact(n, m));
    }

    /** sum ← sum + block over the union of their columns, in column order: left + right where both hold one. */
    private void mergeBlock(int u) {
        if (sumSize == 0) {
            // 0.0 + b is b but for a −0.0, which the partial drops anyway
            int[] c = sumColumns;
            double[] v = sumValues;
            sumColumns = blockColumns;
            sumValues = blockValues;
            blockColumns = c;
            blockValues = v;
            sumSize = u;
            return;
        }
        int cap = sumSize + u;
        if (mergedColumns.length < cap) {
            mergedColumns = new int[cap];
            mergedValues = new double[Math.multiplyExact(cap, m)];
        }
        int a = 0;
        int b = 0;
        int n = 0;
        while (a < sumSize || b < u) {
            int ca = a < sumSize ? sumColumns[a] : Integer.MAX_VALUE;
            int cb = b < u ? blockColumns[b] : Integer.MAX_VALUE;
            if (ca < cb) {
                mergedColumns[n] = ca;
                System.arraycopy(sumValues, a * m, mergedValues, n * m, m);
                a++;
            } else if (cb < ca) {
                mergedColumns[n] = cb;
                System.arraycopy(blockValues, b * m, mergedValues, n * m, m);
                b++;
            } else {
                mergedColumns[n] = ca;
                for (int j = 0; j < m; j++) {
                    mergedValues[n * m + j] = sumValues[a * m + j] + blockValues[b * m + j];
                }
                a++;
                b++;
            }
            n++;
        }
        int[] c = sumColumns;
        double[] v = sumValues;
        sumColumns = mergedColumns;
        sumValues = mergedValues;
        mergedColumns = c;
        mergedValues = v;
        sumSize = n;
    }

    /** Non-zero entries of the sum (NaN counts: it is stored). */
    long nonZeroEntries() {
        long n = 0;
        for (int k = 0, end = sumSize * m; k < end; k++) {
            n += sumValues[k] != 0.0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Writes the sum's non-zero entries at {@code offset + j·d + c} (W's row-major layout) into
     * {@code dense}, which holds +0.0 there, and empties the accumulator.
     */
    void drainInto(int offset, double[] dense) {
        for (int u = 0; u < sumSize; u++) {
            int c = sumColumns[u];
            for (int j = 0; j < m; j++) {
                double v = sumValues[u * m + j];
                if (v != 0.0) { // a −0.0 stays the dense sum's +0.0
                    dense[offset + j * d + c] = v;
                }
            }
        }
        sumSize = 0;
    }

    /**
     * Appends the sum's non-zero entries at {@code offset + j·d + c} (W's row-major layout), in
     * ascending order, to {@code index}/{@code value} from {@code at}, and empties the accumulator.
     *
     * @return the new end
     */
    int drainInto(int offset, int[] index, double[] value, int at) {
        int n = at;
        for (int j = 0; j < m; j++) {
            int base = offset + j * d;
            for (int u = 0; u < sumSize; u++) {
                double v = sumValues[u * m + j];
                if (v != 0.0) { // skips ±0.0 alike, keeps NaN
                    index[n] = base + sumColumns[u];
                    value[n++] = v;
                }
            }
        }
        sumSize = 0;
        return n;
    }

    /** Empties the accumulator without reading it (a task that failed half-way). */
    void reset() {
        sumSize = 0;
    }
}
