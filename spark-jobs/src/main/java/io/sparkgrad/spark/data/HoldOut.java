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
 * row's identity ({@link RowIdentity}: its index in the input, or its input split and offset) and
 * (exact stratified) its label, so the same rows are held out whatever the order tasks run in.
 *
 * <ul>
 *   <li>{@link #hashed}: row i is held out when u(seed, i) &lt; fraction — a Bernoulli draw
 *       per row, decided while the row is read (no extra pass), whose share of the rows varies
 *       around the fraction (30 % of 150 iris rows may be 36). The draw does not look at the
 *       label, so it is stratified in expectation: of n rows the held-out share has a standard
 *       deviation of sqrt(f(1 − f)/n) (0.4 % at f = 0.2 and n = 10,000), and so has every class's
 *       share of the held-out rows around its share of the data. Classifiers' tables of
 *       {@value #EXACT_BELOW} rows or more use it.</li>
 *   <li>{@link #stratified}: of the n_c rows of class c, exactly round(fraction · n_c) are held
 *       out — those with the smallest (u(seed, i), i) — so every class is held out to within one
 *       row of the fraction. Two passes over the rows find each class's cut: a histogram of u in
 *       buckets, then the rows of the one bucket the cut falls in.</li>
 * </ul>
 */
public abstract class HoldOut implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * Classifiers' tables of fewer rows than this get the exact {@link #stratified} hold-out (two
     * more readings of their few rows); larger ones the {@link #hashed} one, in the ingest pass
     * itself, whose fraction and per-class shares are then within 1 % of the asked ones.
     */
    public static final long EXACT_BELOW = 10_000;

    /** Whether the row at input index {@code index} with values {@code row} (features, label, ...) is held out. */
    public abstract boolean isValidation(long index, double[] row);

    /**
     * The decisions for one partition's rows, asked in the partition's order. Stateless hold-outs
     * are their own draw; {@link #windowed} keeps per-class state across the partition's rows.
     */
    public HoldOut draw(int partition) {
        return this;
    }

    /**
     * The stratified hold-out of one pass, for classifiers' large tables: within every partition,
     * each class's rows in their order are cut into windows of L rows (L = ⌈1 / min(f, 1 − f)⌉:
     * about one held-out row, or one kept row, per window), and window w holds out exactly
     * ⌊f·L·(w+1) + o⌋ − ⌊f·L·w + o⌋ of its rows (o a hash of the seed, partition and class), chosen
     * by selection sampling (Knuth's algorithm S): the row is held out when u(seed, identity) &lt;
     * still needed / rows left in the window. So a partition holds out of each class the fraction
     * to within about a row, and which rows are held out is random within each window (no
     * periodic pattern of the input can line up with it). The rounding errors of the partitions
     * add up: the shares are within 1 % for tables of 10,000 rows or more in partitions of at
     * least about a thousand rows each. Decisions depend on the seed, the row's
     * identity, its partition and its rank among its class's rows in that partition.
     */
    public static HoldOut windowed(long seed, double fraction, int labelAt, int classes) {
        if (fraction <= 0) {
            return hashed(seed, 0);
        }
        return new Windowed(seed, fraction, labelAt, classes, -1);
    }

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

    private static final class Windowed extends HoldOut {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final double fraction;
        private final int labelAt;
        private final int window;
        private final double perWindow;
        private final int partition;
        /** Per class: rows seen in this partition, rows still to hold out in the current window, the window's offset. */
        private final long[] seen;
        private final int[] need;
        private final double[] offset;

        Windowed(long seed, double fraction, int labelAt, int classes, int partition) {
            this.seed = seed;
            this.fraction = fraction;
            this.labelAt = labelAt;
            this.window = (int) Math.min(1 << 16, Math.ceil(1 / Math.min(fraction, 1 - fraction)));
            this.perWindow = fraction * window;
            this.partition = partition;
            this.seen = new long[classes];
            this.need = new int[classes];
            this.offset = new double[classes];
            for (int c = 0; c < classes; c++) {
                offset[c] = ValidationSplit.uniform(ValidationSplit.mix(seed, 0x57A7L), (long) partition * classes + c);
            }
        }

        @Override
        public HoldOut draw(int partition) {
            return new Windowed(seed, fraction, labelAt, seen.length, partition);
        }

        @Override
        public boolean isValidation(long index, double[] row) {
            if (partition < 0) {
                throw new IllegalStateException("a windowed hold-out decides through draw(partition)");
            }
            int c = (int) row[labelAt];
            long k = seen[c]++;
            long w = k / window;
            int q = (int) (k - w * window);
            if (q == 0) {
                need[c] = (int) (Math.floor(perWindow * (w + 1) + offset[c]) - Math.floor(perWindow * w + offset[c]));
            }
            if (need[c] > 0 && ValidationSplit.uniform(seed, index) * (window - q) < need[c]) {
                need[c]--;
                return true;
            }
            return false;
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
