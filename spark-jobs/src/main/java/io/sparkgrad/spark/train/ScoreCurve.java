package io.sparkgrad.spark.train;

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
    private static final long serialVersionUID = 1L;

    // while adding: one entry per row, split by label (score, weight); after seal: per distinct score
    private double[] scores = new double[0];
    private double[] positives = new double[0];
    private double[] negatives = new double[0];
    private int size;
    private boolean sealed;

    // rows while adding
    private double[] posScore = new double[16];
    private double[] posWeight = new double[16];
    private int posCount;
    private double[] negScore = new double[16];
    private double[] negWeight = new double[16];
    private int negCount;

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
        scores = Arrays.copyOf(scores, size);
        positives = Arrays.copyOf(positives, size);
        negatives = Arrays.copyOf(negatives, size);
    }

    /**
     * Sorts {@code key[0, n)} from the highest value (in {@link Double#compare} order) with
     * {@code value} alongside: a bottom-up merge sort, stable, so equal keys keep their rows' order
     * and their weights add up in that order.
     */
    static void sortDescending(double[] key, double[] value, int n) {
        double[] k2 = new double[n];
        double[] v2 = new double[n];
        double[] ka = key;
        double[] va = value;
        double[] kb = k2;
        double[] vb = v2;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int o = lo; o < hi; o++) {
                    if (j >= hi || (i < mid && Double.compare(ka[i], ka[j]) >= 0)) {
                        kb[o] = ka[i];
                        vb[o] = va[i++];
                    } else {
                        kb[o] = ka[j];
                        vb[o] = va[j++];
                    }
                }
            }
            double[] t = ka;
            ka = kb;
            kb = t;
            t = va;
            va = vb;
            vb = t;
        }
        if (ka != key) {
            System.arraycopy(ka, 0, key, 0, n);
            System.arraycopy(va, 0, value, 0, n);
        }
    }
}
