package io.sparkgrad.spark.train;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The weighted positives and negatives at each distinct score of a binary classifier, highest score
 * first: what {@code BinaryClassificationMetrics} builds with a {@code combineByKey} and a
 * {@code sortByKey} over one object per row, built here from primitive arrays. A partition adds its
 * rows ({@link #add}), sorts them once ({@link #seal}), and sealed curves merge like sorted lists, in
 * the fixed order of the aggregation tree, so the weights at a score are summed in an order fixed by
 * the partitions, never by timing.
 *
 * <p>The areas follow Spark ML's {@code BinaryClassificationEvaluator} (which scores by
 * {@code rawPrediction[1]}, a label above 0.5 counting as positive): with {@code numBins > 0} (the
 * evaluator's default is 1000) the distinct scores are grouped in chunks of ⌊distinct / numBins⌋
 * consecutive scores when that is at least 2, each chunk a point of the curves at its lowest score;
 * ROC is (0, 0), the points' (false positive rate, recall), (1, 1); PR is (0, p₁), the points'
 * (recall, precision), p₁ the first point's precision; both areas are trapezoid sums. Spark's own
 * chunks restart at each partition of its sort (boundaries from a sample); here they run over the
 * whole sorted curve, which is Spark's result on one partition. With {@code numBins = 0}, and on
 * curves of fewer than 2 × numBins distinct scores, every distinct score is a point: the exact areas.
 */
public final class ScoreCurve implements Serializable {
    private static final long serialVersionUID = 2L;

    // while adding: one entry per row, split by label (score, weight); after seal: per distinct score.
    // Shipped sealed, in the compact form of writeObject, so every field is transient.
    private transient double[] scores = new double[0];
    private transient double[] positives = new double[0];
    private transient double[] negatives = new double[0];
    private transient int size;
    private transient boolean sealed;

    // rows while adding
    private transient double[] posScore = new double[16];
    private transient double[] posWeight = new double[16];
    private transient int posCount;
    private transient double[] negScore = new double[16];
    private transient double[] negWeight = new double[16];
    private transient int negCount;

    /** Adds a row's score, label and weight; only before {@link #seal}. */
    void add(double score, double label, double weight) {
        if (sealed) {
            throw new IllegalStateException("ScoreCurve.add after seal");
        }
        if (label > 0.5) {
            if (posCount == posScore.length) {
                posScore = Arrays.copyOf(posScore, posCount * 2);
                posWeight = Arrays.copyOf(posWeight, posCount * 2);
            }
            posScore[posCount] = score;
            posWeight[posCount++] = weight;
        } else {
            if (negCount == negScore.length) {
                negScore = Arrays.copyOf(negScore, negCount * 2);
                negWeight = Arrays.copyOf(negWeight, negCount * 2);
            }
            negScore[negCount] = score;
            negWeight[negCount++] = weight;
        }
    }

    /** Sorts the rows added so far into distinct scores, highest first; returns this. */
    ScoreCurve seal() {
        if (sealed) {
            return this;
        }
        sortDescending(posScore, posWeight, posCount);
        sortDescending(negScore, negWeight, negCount);
        scores = new double[posCount + negCount];
        positives = new double[scores.length];
        negatives = new double[scores.length];
        int i = 0;
        int j = 0;
        while (i < posCount || j < negCount) {
            double s = j == negCount || (i < posCount && Double.compare(posScore[i], negScore[j]) > 0) ? posScore[i]
                    : negScore[j];
            double p = 0;
            double n = 0;
            while (i < posCount && Double.compare(posScore[i], s) == 0) {
                p += posWeight[i++];
            }
            while (j < negCount && Double.compare(negScore[j], s) == 0) {
                n += negWeight[j++];
            }
            append(s, p, n);
        }
        trim();
        posScore = posWeight = negScore = negWeight = null;
        sealed = true;
        return this;
    }

    /** Merges a sealed curve into this sealed one: equal scores add {@code other}'s weights after this one's. */
    ScoreCurve merge(ScoreCurve other) {
        if (!sealed || !other.sealed) {
            throw new IllegalStateException("ScoreCurve.merge needs sealed curves");
        }
        double[] s0 = scores;
        double[] p0 = positives;
        double[] n0 = negatives;
        int m0 = size;
        scores = new double[m0 + other.size];
        positives = new double[scores.length];
        negatives = new double[scores.length];
        size = 0;
        int i = 0;
        int j = 0;
        while (i < m0 || j < other.size) {
            int c = i == m0 ? -1 : j == other.size ? 1 : Double.compare(s0[i], other.scores[j]);
            if (c > 0) {
                append(s0[i], p0[i], n0[i]);
                i++;
            } else if (c < 0) {
                append(other.scores[j], other.positives[j], other.negatives[j]);
                j++;
            } else {
                append(s0[i], p0[i] + other.positives[j], n0[i] + other.negatives[j]);
                i++;
                j++;
            }
        }
        trim();
        return this;
    }

    /** How a distinct score's weights are shipped: one positive of weight 1, one negative of weight 1, or both weights. */
    private static final byte ONE_POSITIVE = 0;
    private static final byte ONE_NEGATIVE = 1;
    private static final byte WEIGHTS = 2;

    /**
     * Ships the sealed curve (sealing it first): the distinct scores, then a byte per score, which
     * for unit weights and distinct scores (a row each) is all there is, and the weights of the
     * other scores. 9 bytes per distinct score of unit-weighted rows instead of 24.
     */
    private void writeObject(ObjectOutputStream out) throws IOException {
        seal();
        byte[] kinds = new byte[size];
        int others = 0;
        for (int i = 0; i < size; i++) {
            kinds[i] = kind(positives[i], negatives[i]);
            others += kinds[i] == WEIGHTS ? 1 : 0;
        }
        double[] weights = new double[2 * others];
        for (int i = 0, o = 0; i < size; i++) {
            if (kinds[i] == WEIGHTS) {
                weights[o++] = positives[i];
                weights[o++] = negatives[i];
            }
        }
        out.writeInt(size);
        out.writeObject(scores.length == size ? scores : Arrays.copyOf(scores, size));
        out.writeObject(kinds);
        out.writeObject(weights);
    }

    private static byte kind(double p, double n) {
        // raw bits: a weight of -0.0 or NaN is shipped as it is
        long one = Double.doubleToRawLongBits(1.0);
        long zero = Double.doubleToRawLongBits(0.0);
        long pb = Double.doubleToRawLongBits(p);
        long nb = Double.doubleToRawLongBits(n);
        return pb == one && nb == zero ? ONE_POSITIVE : pb == zero && nb == one ? ONE_NEGATIVE : WEIGHTS;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        size = in.readInt();
        scores = (double[]) in.readObject();
        byte[] kinds = (byte[]) in.readObject();
        double[] weights = (double[]) in.readObject();
        if (scores.length != size || kinds.length != size) {
            throw new InvalidObjectException("ScoreCurve: " + size + " scores expected, got " + scores.length + " and "
                    + kinds.length + " kinds");
        }
        positives = new double[size];
        negatives = new double[size];
        for (int i = 0, o = 0; i < size; i++) {
            switch (kinds[i]) {
                case ONE_POSITIVE -> positives[i] = 1.0;
                case ONE_NEGATIVE -> negatives[i] = 1.0;
                case WEIGHTS -> {
                    if (o + 2 > weights.length) {
                        throw new InvalidObjectException("ScoreCurve: fewer weights than scores that need them");
                    }
                    positives[i] = weights[o++];
                    negatives[i] = weights[o++];
                }
                default -> throw new InvalidObjectException("ScoreCurve: unknown kind " + kinds[i] + " of score " + i);
            }
        }
        sealed = true;
    }

    /** The number of distinct scores. */
    public int distinctScores() {
        return size;
    }

    /** Area under the ROC curve, as {@code BinaryClassificationEvaluator} with {@code numBins}. */
    public double areaUnderROC(int numBins) {
        double[][] c = cumulative(numBins);
        double totalPos = c[0].length == 0 ? 0 : c[0][c[0].length - 1];
        double totalNeg = c[1].length == 0 ? 0 : c[1][c[1].length - 1];
        double area = 0;
        double x = 0;
        double y = 0;
        for (int k = 0; k <= c[0].length; k++) {
            double x2 = k == c[0].length ? 1 : totalNeg == 0 ? 0 : c[1][k] / totalNeg;
            double y2 = k == c[0].length ? 1 : totalPos == 0 ? 0 : c[0][k] / totalPos;
            area += (x2 - x) * (y2 + y) / 2.0;
            x = x2;
            y = y2;
        }
        return area;
    }

    /** Area under the precision-recall curve, as {@code BinaryClassificationEvaluator} with {@code numBins}. */
    public double areaUnderPR(int numBins) {
        double[][] c = cumulative(numBins);
        int m = c[0].length;
        if (m == 0) {
            return 0;
        }
        double totalPos = c[0][m - 1];
        double area = 0;
        double x = 0;
        double y = precision(c[0][0], c[1][0]);
        for (int k = 0; k < m; k++) {
            double x2 = totalPos == 0 ? 0 : c[0][k] / totalPos;
            double y2 = precision(c[0][k], c[1][k]);
            area += (x2 - x) * (y2 + y) / 2.0;
            x = x2;
            y = y2;
        }
        return area;
    }

    private static double precision(double tp, double fp) {
        return tp + fp == 0 ? 1.0 : tp / (tp + fp);
    }

    /** Cumulative weighted (true positives, false positives) at each point of the curve, highest score first. */
    private double[][] cumulative(int numBins) {
        if (!sealed) {
            throw new IllegalStateException("ScoreCurve areas need a sealed curve");
        }
        long grouping = numBins == 0 ? 1 : size / numBins;
        int chunk = grouping < 2 ? 1 : (int) Math.min(grouping, Integer.MAX_VALUE);
        int points = (size + chunk - 1) / chunk;
        double[] tp = new double[points];
        double[] fp = new double[points];
        // Spark adds each chunk's counts up first and then onto the running total
        double runP = 0;
        double runN = 0;
        for (int k = 0, at = 0; k < points; k++) {
            double p = 0;
            double n = 0;
            for (int end = Math.min(at + chunk, size); at < end; at++) {
                p += positives[at];
                n += negatives[at];
            }
            runP += p;
            runN += n;
            tp[k] = runP;
            fp[k] = runN;
        }
        return new double[][] {tp, fp};
    }

    private void append(double s, double p, double n) {
        if (size == scores.length) {
            int grown = Math.max(16, size * 2);
            scores = Arrays.copyOf(scores, grown);
            positives = Arrays.copyOf(positives, grown);
            negatives = Arrays.copyOf(negatives, grown);
        }
        scores[size] = s;
        positives[size] = p;
        negatives[size++] = n;
    }

    private void trim() {
        if (scores.length == size) {
            return;  // no distinct score was a tie: nothing to cut
        }
        scores = Arrays.copyOf(scores, size);
        positives = Arrays.copyOf(positives, size);
        negatives = Arrays.copyOf(negatives, size);
    }

    /** Bits of a radix digit: six passes cover a 64-bit key, and a pass's counts (2^11) fit in the L1 cache. */
    private static final int DIGIT_BITS = 11;
    private static final int DIGITS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;
    private static final int RADIX = 1 << DIGIT_BITS;

    /**
     * Sorts {@code key[0, n)} from the highest value (in {@link Double#compare} order) with
     * {@code value} alongside, stably, so equal keys keep their rows' order and their weights add up
     * in that order. An LSD radix sort of keys whose unsigned order is the descending
     * {@code Double.compare} order: no comparison to mispredict, and a pass is skipped where every
     * key has the same digit (the sign and exponent bits of scores from a narrow range). A NaN key
     * comes back as the canonical NaN ({@code Double.compare} holds every NaN equal, above +∞).
     */
    static void sortDescending(double[] key, double[] value, int n) {
        if (n < 2) {
            return;
        }
        long[] ka = new long[n];
        int[][] counts = new int[DIGITS][RADIX];
        for (int i = 0; i < n; i++) {
            long k = descendingKey(key[i]);
            ka[i] = k;
            for (int d = 0; d < DIGITS; d++) {
                counts[d][(int) (k >>> (d * DIGIT_BITS)) & (RADIX - 1)]++;
            }
        }
        long[] kb = new long[n];
        double[] va = value;
        double[] vb = new double[n];
        for (int d = 0; d < DIGITS; d++) {
            int[] c = counts[d];
            int shift = d * DIGIT_BITS;
            if (c[(int) (ka[0] >>> shift) & (RADIX - 1)] == n) {
                continue;  // every key has this digit: the pass would not move anything
            }
            for (int b = 0, at = 0; b < RADIX; b++) {
                int m = c[b];
                c[b] = at;
                at += m;
            }
            for (int i = 0; i < n; i++) {
                int to = c[(int) (ka[i] >>> shift) & (RADIX - 1)]++;
                kb[to] = ka[i];
                vb[to] = va[i];
            }
            long[] t = ka;
            ka = kb;
            kb = t;
            double[] tv = va;
            va = vb;
            vb = tv;
        }
        for (int i = 0; i < n; i++) {
            key[i] = fromDescendingKey(ka[i]);
        }
        if (va != value) {
            System.arraycopy(va, 0, value, 0, n);
        }
    }

    /** A key whose unsigned order is the descending {@link Double#compare} order of {@code x}. */
    static long descendingKey(double x) {
        long bits = Double.doubleToLongBits(x);
        // ascending: negatives' bits all flipped, positives' sign bit set; descending: the complement of that
        return bits < 0 ? bits : ~(bits | Long.MIN_VALUE);
    }

    private static double fromDescendingKey(long k) {
        return Double.longBitsToDouble(k < 0 ? k : ~k & Long.MAX_VALUE);
    }
}
