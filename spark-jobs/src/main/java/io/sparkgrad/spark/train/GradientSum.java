package io.sparkgrad.spark.train;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * (Σ loss, Σ gradient, row count) over some rows: what each partition sends back and what the
 * ordered tree merges. The gradient is held dense (a model-sized array, allocated lazily so an
 * empty partition ships small) or sparse (sorted indices and values of the entries that are not
 * zero) when few parameters were touched — a partition of a wide sparse model touches a few
 * columns of its first layer, and shipping 32 MB of mostly zeros per partition is what a pass
 * of such a model costs.
 *
 * <p>Both forms give the same bits as the dense sum. The dense sum starts from +0.0 and adds each
 * partial, so it never holds −0.0 (+0.0 + −0.0 = +0.0, and x + y is −0.0 only when both are);
 * adding an untouched entry's +0.0 to any such x leaves x unchanged. So a sparse gradient drops
 * every ±0.0 entry (a −0.0 from autograd becomes the dense sum's +0.0), and a merge adds only
 * the entries both sides hold, in the same left + right order as the dense merge.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 3L;
    /** How {@link #writeObject} wrote the gradient. */
    private static final byte NONE = 0;
    private static final byte SPARSE = 1;
    private static final byte MASKED = 2;

    /**
     * A gradient with more than this share of its entries non-zero is held dense. A sparse entry
     * ships 12 bytes against a dense one's 8, and a sparse merge walks both index lists: at a
     * quarter, a sparse partial ships at most 3/8 of the dense bytes and merges no slower.
     */
    static final double DENSE_ABOVE_FRACTION = 0.25;

    private final int size;
    private double lossSum;
    private long rows;
    private double weightSum;
    /** The dense gradient, or null. */
    private transient double[] gradient;
    /** The sparse gradient (ascending, distinct; no ±0.0 value), or null; never both. */
    private transient int[] index;
    private transient double[] value;

    public GradientSum(int size) {
        this.size = size;
    }

    /** Whether a gradient with {@code nonZero} stored entries of {@code size} is held sparse. */
    static boolean sparseFits(long nonZero, int size) {
        return nonZero <= (long) (DENSE_ABOVE_FRACTION * size);
    }

    /**
     * Adds one block's summed (weighted) loss, row count and weight sum (its row count when
     * unweighted); its gradient goes in through {@link #addGradient} or {@link #setGradient}.
     */
    void addLoss(double loss, int blockRows, double blockWeight) {
        lossSum += loss;
        rows += blockRows;
        weightSum += blockWeight;
    }

    /** Adds {@code g} into the (dense) gradient at {@code offset}. */
    void addGradient(int offset, double[] g) {
        if (offset + g.length > size) {
            throw new IllegalArgumentException("GradientSum: gradient of " + g.length + " at offset " + offset
                    + " exceeds " + size + " parameters");
        }
        double[] acc = dense();
        for (int i = 0; i < g.length; i++) {
            acc[offset + i] += g[i];
        }
    }

    /**
     * Sets the gradient of a sum that has none yet, from per-parameter gradients laid out at
     * {@code offsets} (ascending, disjoint; a null gradient is all zeros): sparse when at most
     * {@link #DENSE_ABOVE_FRACTION} of the entries are non-zero, else dense — in either case the
     * same bits as {@link #addGradient} of each into zeros.
     */
    void setGradient(int[] offsets, double[][] grads) {
        if (gradient != null || index != null) {
            throw new IllegalStateException("GradientSum.setGradient: the sum already has a gradient");
        }
        long nonZero = 0;
        for (int p = 0; p < grads.length; p++) {
            if (grads[p] == null) {
                continue;
            }
            if (p > 0 && offsets[p] < offsets[p - 1] || offsets[p] + grads[p].length > size) {
                throw new IllegalArgumentException("GradientSum.setGradient: gradient " + p + " of " + grads[p].length
                        + " at offset " + offsets[p] + " is out of order or exceeds " + size + " parameters");
            }
            nonZero += countNonZero(grads[p]);
        }
        if (!sparseFits(nonZero, size)) {
            for (int p = 0; p < grads.length; p++) {
                if (grads[p] != null) {
                    addGradient(offsets[p], grads[p]);
                }
            }
            return;
        }
        int[] idx = new int[(int) nonZero];
        double[] val = new double[(int) nonZero];
        int k = 0;
        for (int p = 0; p < grads.length; p++) {
            double[] g = grads[p];
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.length; i++) {
                if (g[i] != 0.0) { // skips +0.0 and −0.0 alike: 0.0 + −0.0 is the dense sum's +0.0
                    idx[k] = offsets[p] + i;
                    val[k] = g[i];
                    k++;
                }
            }
        }
        index = idx;
        value = val;
    }

    /**
     * {@link #setGradient(int[], double[][])} where parameter {@code sparseParam}'s gradient is
     * held by {@code sparse} (its entry for {@code grads} is ignored), which this drains: the
     * same bits as setting that parameter's dense gradient.
     */
    void setGradient(int[] offsets, double[][] grads, int sparseParam, SparseWeightGradient sparse) {
        if (gradient != null || index != null) {
            throw new IllegalStateException("GradientSum.setGradient: the sum already has a gradient");
        }
        // counted exactly first, so that a partition whose gradient goes dense (a model of 19M
        // parameters over half its columns) never also builds the index and value lists of it
        long nonZero = sparse.nonZeroEntries();
        for (int p = 0; p < grads.length; p++) {
            if (p > 0 && offsets[p] < offsets[p - 1]) {
                throw new IllegalArgumentException("GradientSum.setGradient: gradient " + p + " at offset " + offsets[p]
                        + " is out of order");
            }
            if (p != sparseParam && grads[p] != null) {
                if (offsets[p] + grads[p].length > size) {
                    throw new IllegalArgumentException("GradientSum.setGradient: gradient " + p + " of " + grads[p].length
                            + " at offset " + offsets[p] + " exceeds " + size + " parameters");
                }
                nonZero += countNonZero(grads[p]);
            }
        }
        if (!sparseFits(nonZero, size)) {
            double[] acc = new double[size];
            for (int p = 0; p < grads.length; p++) {
                if (p == sparseParam) {
                    sparse.drainInto(offsets[p], acc);
                } else if (grads[p] != null) {
                    double[] g = grads[p];
                    for (int i = 0, o = offsets[p]; i < g.length; i++) {
                        acc[o + i] += g[i]; // as addGradient: a −0.0 becomes the dense sum's +0.0
                    }
                }
            }
            gradient = acc;
            return;
        }
        int[] idx = new int[(int) nonZero];
        double[] val = new double[idx.length];
        int k = 0;
        for (int p = 0; p < grads.length; p++) {
            if (p == sparseParam) {
                k = sparse.drainInto(offsets[p], idx, val, k);
                continue;
            }
            double[] g = grads[p];
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.length; i++) {
                if (g[i] != 0.0) {
                    idx[k] = offsets[p] + i;
                    val[k] = g[i];
                    k++;
                }
            }
        }
        index = idx;
        value = val;
    }

    private static int countNonZero(double[] g) {
        int n = 0;
        for (double v : g) {
            n += v != 0.0 ? 1 : 0; // NaN counts: it is stored
        }
        return n;
    }

    /** Merges {@code other} into this one (elementwise, this + other) and returns this; {@code other} is not changed. */
    public GradientSum merge(GradientSum other) {
        if (other.size != size) {
            throw new IllegalArgumentException("GradientSum.merge: sizes differ, " + size + " vs " + other.size);
        }
        lossSum += other.lossSum;
        rows += other.rows;
        weightSum += other.weightSum;
        if (other.gradient != null) {
            mergeDense(other.gradient);
        } else if (other.index != null) {
            mergeSparse(other.index, other.value);
        }
        return this;
    }

    private void mergeDense(double[] right) {
        if (gradient != null) {
            for (int i = 0; i < size; i++) {
                gradient[i] += right[i];
            }
            return;
        }
        double[] acc = right.clone(); // this side's missing entries are +0.0, and 0.0 + r = r for every r the sum holds
        if (index != null) {
            for (int k = 0; k < index.length; k++) {
                acc[index[k]] = value[k] + right[index[k]];
            }
            index = null;
            value = null;
        }
        gradient = acc;
    }

    private void mergeSparse(int[] rIdx, double[] rVal) {
        if (gradient != null) {
            for (int k = 0; k < rIdx.length; k++) {
                gradient[rIdx[k]] += rVal[k];
            }
            return;
        }
        if (index == null) {
            index = rIdx; // shared: a sparse sum's arrays are never written after they are made
            value = rVal;
            return;
        }
        int[] lIdx = index;
        double[] lVal = value;
        int[] idx = new int[lIdx.length + rIdx.length];
        double[] val = new double[idx.length];
        int a = 0;
        int b = 0;
        int k = 0;
        while (a < lIdx.length || b < rIdx.length) {
            int i = a < lIdx.length ? lIdx[a] : Integer.MAX_VALUE;
            int j = b < rIdx.length ? rIdx[b] : Integer.MAX_VALUE;
            double v;
            if (i < j) {
                idx[k] = i;
                v = lVal[a++];
            } else if (j < i) {
                idx[k] = j;
                v = rVal[b++];
            } else {
                idx[k] = i;
                v = lVal[a++] + rVal[b++];
            }
            val[k] = v;
            k += v != 0.0 ? 1 : 0; // x + (−x) is +0.0: dropped, as every zero is
        }
        if (sparseFits(k, size)) {
            index = k == idx.length ? idx : Arrays.copyOf(idx, k);
            value = k == val.length ? val : Arrays.copyOf(val, k);
        } else {
            index = null;
            value = null;
            double[] acc = new double[size];
            for (int m = 0; m < k; m++) {
                acc[idx[m]] = val[m];
            }
            gradient = acc;
        }
    }

    private double[] dense() {
        if (gradient == null) {
            gradient = new double[size];
            if (index != null) {
                for (int k = 0; k < index.length; k++) {
                    gradient[index[k]] = value[k];
                }
                index = null;
                value = null;
            }
        }
        return gradient;
    }

    public double lossSum() {
        return lossSum;
    }

    public long rows() {
        return rows;
    }

    /** Σ row weights: what the loss and gradient sums are divided by (the row count when unweighted). */
    public double weightSum() {
        return weightSum;
    }

    /** Whether the gradient is held as indices and values (false when dense or when no row contributed). */
    public boolean isSparse() {
        return index != null;
    }

    /** Stored gradient entries: the non-zeros when sparse, every parameter when dense, 0 when none. */
    public long storedEntries() {
        return index != null ? index.length : gradient != null ? size : 0;
    }

    /** Bytes of gradient this sum holds in memory (4 + 8 per sparse entry, 8 per dense one). */
    public long gradientBytes() {
        return index != null ? 12L * index.length : gradient != null ? 8L * size : 0;
    }

    /**
     * The gradient's serialised form, what a partial ships: sparse, its indices as varint gaps
     * (one byte for gaps below 128: a wide partition's touched columns are a few apart) and its
     * values; dense, a bitmap of the entries whose bits are not +0.0 and those entries' values (a
     * tree level that merged a few partials is dense by the threshold, yet most of it is zeros).
     * Values are written as they are, so the bits come back unchanged.
     */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (index != null) {
            out.writeByte(SPARSE);
            out.writeInt(index.length);
            out.writeObject(gaps(index));
            out.writeObject(value);
        } else if (gradient != null) {
            long[] mask = new long[(size + 63) >>> 6];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (Double.doubleToRawLongBits(gradient[i]) != 0L) { // −0.0 too: kept as it is
                    mask[i >>> 6] |= 1L << i;
                    n++;
                }
            }
            double[] stored = new double[n];
            for (int i = 0, k = 0; k < n; i++) {
                if ((mask[i >>> 6] & 1L << i) != 0) {
                    stored[k++] = gradient[i];
                }
            }
            out.writeByte(MASKED);
            out.writeObject(mask);
            out.writeObject(stored);
        } else {
            out.writeByte(NONE);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte form = in.readByte();
        if (form == SPARSE) {
            int n = in.readInt();
            index = ungaps((byte[]) in.readObject(), n);
            value = (double[]) in.readObject();
            if (value.length != n || n > 0 && index[n - 1] >= size) {
                throw new InvalidObjectException("GradientSum: " + n + " indices up to " + (n == 0 ? -1 : index[n - 1])
                        + " and " + value.length + " values for " + size + " entries");
            }
        } else if (form == MASKED) {
            long[] mask = (long[]) in.readObject();
            double[] stored = (double[]) in.readObject();
            if (mask.length != (size + 63) >>> 6) {
                throw new InvalidObjectException("GradientSum: a mask of " + mask.length + " words for " + size + " entries");
            }
            gradient = new double[size];
            int k = 0;
            for (int w = 0; w < mask.length; w++) {
                for (long bits = mask[w]; bits != 0; bits &= bits - 1) {
                    gradient[(w << 6) + Long.numberOfTrailingZeros(bits)] = stored[k++];
                }
            }
            if (k != stored.length) {
                throw new InvalidObjectException("GradientSum: " + k + " masked entries, " + stored.length + " values");
            }
        } else if (form != NONE) {
            throw new InvalidObjectException("GradientSum: unknown gradient form " + form);
        }
    }

    /** Ascending distinct indices as unsigned varints of their gaps (the first from −1). */
    private static byte[] gaps(int[] idx) {
        byte[] out = new byte[5 * idx.length];
        int p = 0;
        int previous = -1;
        for (int i : idx) {
            int gap = i - previous - 1;
            previous = i;
            while ((gap & ~0x7F) != 0) {
                out[p++] = (byte) (gap & 0x7F | 0x80);
                gap >>>= 7;
            }
            out[p++] = (byte) gap;
        }
        return Arrays.copyOf(out, p);
    }

    private static int[] ungaps(byte[] bytes, int n) throws InvalidObjectException {
        int[] idx = new int[n];
        int p = 0;
        int previous = -1;
        for (int k = 0; k < n; k++) {
            int gap = 0;
            int shift = 0;
            byte b;
            do {
                if (p >= bytes.length || shift > 28) {
                    throw new InvalidObjectException("GradientSum: index " + k + " of " + n + " is cut short or too long");
                }
                b = bytes[p++];
                gap |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            previous += gap + 1;
            idx[k] = previous;
        }
        return idx;
    }

    /**
     * Σ gradient, handed over: this sum's own array when dense (zeros when no row contributed),
     * which it no longer holds — no copy of a model-sized array where the caller is done with the sum.
     */
    double[] releaseGradient() {
        double[] g = gradient == null ? dense() : gradient;
        gradient = null;
        return g;
    }

    /** Σ gradient (a copy; zeros when no row contributed). */
    public double[] gradientSum() {
        if (gradient != null) {
            return gradient.clone();
        }
        double[] g = new double[size];
        if (index != null) {
            for (int k = 0; k < index.length; k++) {
                g[index[k]] = value[k];
            }
        }
        return g;
    }
}
