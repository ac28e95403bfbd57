package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Which input rows are held out for validation. Every decision depends only on the seed, the
 * row's index in the input and (stratified) its label, so the same rows are held out whatever the
 * partitioning and the order tasks run in.
 *
 * <ul>
 *   <li>{@link #hashed}: row i is held out when u(seed, i) &lt; fraction — a Bernoulli draw
 *       per row, whose share of the rows varies around the fraction (30 % of 150 iris rows may be
 *       36).</li>
 *   <li>{@link #stratified}: of the n_c rows of class c, exactly round(fraction · n_c) are held
 *       out — those with the smallest (u(seed, i), i) — so every class is held out to within one
 *       row of the fraction. Two passes over the rows find each class's cut: a histogram of u in
 *       buckets, then the rows of the one bucket the cut falls in.</li>
 * </ul>
 */
public abstract class HoldOut implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether the row at input index {@code index} with values {@code row} (features, label, ...) is held out. */
    public abstract boolean isValidation(long index, double[] row);

    /** u(seed, i) per row compared with the fraction. */
    public static HoldOut hashed(long seed, double fraction) {
        return new Hashed(seed, fraction);
    }

    /**
     * The stratified hold-out of {@code rows} ((index, values) pairs; null values are dropped
     * rows, not counted), whose label is {@code values[labelAt]} in 0..classes-1.
     */
    public static HoldOut stratified(JavaRDD<Tuple2<Long, double[]>> rows, long seed, double fraction, int labelAt,
            int classes) {
        if (fraction <= 0) {
            return hashed(seed, 0);
        }
        int buckets = (int) Math.max(16, Math.min(4096, (1L << 22) / Math.max(classes, 1)));
        long[][] histogram = OrderedTreeAggregate.aggregate(rows, (p, it) -> {
            long[][] h = new long[classes][buckets];
            while (it.hasNext()) {
                Tuple2<Long, double[]> r = it.next();
                if (r._2() != null) {
                    h[(int) r._2()[labelAt]][bucket(ValidationSplit.uniform(seed, r._1()), buckets)]++;
                }
            }
            return h;
        }, HoldOut::add, 2);
        // per class: the bucket the cut falls in, and how many rows of that bucket are held out
        int[] cutBucket = new int[classes];
        int[] takeInBucket = new int[classes];
        for (int c = 0; c < classes; c++) {
            long n = Arrays.stream(histogram[c]).sum();
            long k = Math.round(fraction * n);
            long before = 0;
            int b = 0;
            while (b < buckets && before + histogram[c][b] < k) {
                before += histogram[c][b];
                b++;
            }
            cutBucket[c] = b;
            takeInBucket[c] = (int) (k - before);
        }
        ArrayList<double[]> boundary = OrderedTreeAggregate.aggregate(rows, (p, it) -> {
            ArrayList<double[]> found = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<Long, double[]> r = it.next();
                if (r._2() != null) {
                    int c = (int) r._2()[labelAt];
                    double u = ValidationSplit.uniform(seed, r._1());
                    if (takeInBucket[c] > 0 && bucket(u, buckets) == cutBucket[c]) {
                        found.add(new double[] {c, u, r._1()});
                    }
                }
            }
            return found;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        }, 2);
        double[] cutU = new double[classes];
        long[] cutIndex = new long[classes];
        Arrays.fill(cutU, -1);
        for (int c = 0; c < classes; c++) {
            int want = takeInBucket[c];
            if (want == 0) {
                continue;
            }
            List<double[]> mine = new ArrayList<>();
            for (double[] e : boundary) {
                if ((int) e[0] == c) {
                    mine.add(e);
                }
            }
            mine.sort((x, y) -> x[1] != y[1] ? Double.compare(x[1], y[1]) : Long.compare((long) x[2], (long) y[2]));
            double[] last = mine.get(want - 1);
            cutU[c] = last[1];
            cutIndex[c] = (long) last[2];
        }
        return new Stratified(seed, labelAt, buckets, cutBucket, cutU, cutIndex);
    }

    private static int bucket(double u, int buckets) {
        return Math.min(buckets - 1, (int) (u * buckets));
    }

    private static long[][] add(long[][] a, long[][] b) {
        for (int c = 0; c < a.length; c++) {
            for (int j = 0; j < a[c].length; j++) {
                a[c][j] += b[c][j];
            }
        }
        return a;
    }

    private static final class Hashed extends HoldOut {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final double fraction;

        Hashed(long seed, double fraction) {
            this.seed = seed;
            this.fraction = fraction;
        }

        @Override
        public boolean isValidation(long index, double[] row) {
            return ValidationSplit.isValidation(seed, index, fraction);
        }
    }

    private static final class Stratified extends HoldOut {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final int labelAt;
        private final int buckets;
        private final int[] cutBucket;
        private final double[] cutU;
        private final long[] cutIndex;

        Stratified(long seed, int labelAt, int buckets, int[] cutBucket, double[] cutU, long[] cutIndex) {
            this.seed = seed;
            this.labelAt = labelAt;
            this.buckets = buckets;
            this.cutBucket = cutBucket;
            this.cutU = cutU;
            this.cutIndex = cutIndex;
        }

        @Override
        public boolean isValidation(long index, double[] row) {
            int c = (int) row[labelAt];
            double u = ValidationSplit.uniform(seed, index);
            int b = bucket(u, buckets);
            if (b != cutBucket[c]) {
                return b < cutBucket[c];
            }
            return cutU[c] >= 0 && (u < cutU[c] || (u == cutU[c] && index <= cutIndex[c]));
        }
    }
}
