package io.sparkgrad.spark.report;

import java.util.Arrays;
import java.util.List;

/**
 * Counts of scored rows by true class (rows) and predicted class (columns), with the class
 * labels in index order. Immutable: the counts are copied in and out.
 */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final long[][] counts;

    private ConfusionMatrix(List<String> labels, long[][] counts) {
        this.labels = labels;
        this.counts = counts;
    }

    /**
     * A matrix of {@code labels.size()} × {@code labels.size()} non-negative counts,
     * {@code counts[true][predicted]}.
     */
    public static ConfusionMatrix of(List<String> labels, long[][] counts) {
        List<String> l = List.copyOf(labels);
        int k = l.size();
        if (k == 0) {
            throw new IllegalArgumentException("confusion matrix: expected at least one class label, got none");
        }
        if (counts.length != k) {
            throw new IllegalArgumentException("confusion matrix: expected " + k + " rows (one per label " + l + "), got "
                    + counts.length);
        }
        long[][] copy = new long[k][];
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) {
                throw new IllegalArgumentException("confusion matrix: row " + t + " ('" + l.get(t) + "') has "
                        + counts[t].length + " columns; expected " + k);
            }
            copy[t] = counts[t].clone();
            for (int p = 0; p < k; p++) {
                if (copy[t][p] < 0) {
                    throw new IllegalArgumentException("confusion matrix: count [" + t + "][" + p + "] is " + copy[t][p]
                            + "; expected a count >= 0");
                }
            }
        }
        return new ConfusionMatrix(l, copy);
    }

    /** The class labels, index order. */
    public List<String> labels() {
        return labels;
    }

    /** Number of classes. */
    public int size() {
        return labels.size();
    }

    /** Rows of true class {@code t} predicted as {@code p}. */
    public long count(int t, int p) {
        return counts[t][p];
    }

    /** Rows of true class {@code t}. */
    public long rowTotal(int t) {
        long sum = 0;
        for (long c : counts[t]) {
            sum += c;
        }
        return sum;
    }

    /** All rows counted. */
    public long total() {
        long sum = 0;
        for (int t = 0; t < counts.length; t++) {
            sum += rowTotal(t);
        }
        return sum;
    }

    /**
     * The share of true class {@code t} predicted as {@code p} (the row-normalised matrix: the
     * diagonal is each class' recall); NaN when the class has no rows.
     */
    public double share(int t, int p) {
        long total = rowTotal(t);
        return total == 0 ? Double.NaN : (double) counts[t][p] / total;
    }

    /** A copy of the counts. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && labels.equals(m.labels) && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + labels + Arrays.deepToString(counts);
    }
}
