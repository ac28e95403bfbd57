package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * Row counts, training rows per class, and per-feature mean and variance of the training rows,
 * computed with Welford's update inside a partition and Chan et al.'s pairwise formula across
 * partitions (stable where a plain sum of squares cancels catastrophically).
 *
 * <p>No finite input overflows: each feature keeps a power-of-two scale (1 until a value beyond
 * 2^480 arrives) and accumulates its values divided by it. Dividing by a power of two is exact,
 * so data of ordinary magnitude is summed exactly as without a scale.
 */
public final class ColumnStats implements Serializable {
    private static final long serialVersionUID = 3L;
    /** Scaled values stay below 2^480: their squares, summed over 2^60 rows, stay finite. */
    private static final int MAX_EXPONENT = 480;

    private long trainRows;
    private long validationRows;
    private long droppedRows;
    private final double[] mean;
    private final double[] m2;
    private final double[] scale;
    private final long[] classCounts;
    /**
     * The label's moments (n, mean, M2) of every row read (training and held out), one triple per
     * partition in partition order: this partition's, then those merged in after it.
     */
    private double[] labelMoments = new double[3];

    /** @param classes number of classes to count training rows of; 0 for regression */
    public ColumnStats(int features, int classes) {
        mean = new double[features];
        m2 = new double[features];
        scale = new double[features];
        java.util.Arrays.fill(scale, 1.0);
        classCounts = new long[classes];
    }

    /** Adds a training row: {@code row} holds the features, then the label. */
    void addTrain(double[] row) {
        trainRows++;
        for (int j = 0; j < mean.length; j++) {
            if (Math.abs(row[j]) > scale[j] * 0x1p480) {
                rescale(j, Math.scalb(1.0, Math.getExponent(row[j]) - MAX_EXPONENT + 1));
            }
            double x = row[j] / scale[j];
            double delta = x - mean[j];
            mean[j] += delta / trainRows;
            m2[j] += delta * (x - mean[j]);
        }
        if (classCounts.length > 0) {
            classCounts[(int) row[mean.length]]++;
        }
    }

    /**
     * Adds a row's label (training or held out) to this partition's moments, with Spark SQL's own
     * update ({@code CentralMomentAgg}'s), so that {@link #labelSampleStd} is {@code stddev_samp}'s.
     */
    void addLabel(double y) {
        double n = labelMoments[0] + 1.0;
        double delta = y - labelMoments[1];
        double deltaN = delta / n;
        labelMoments[0] = n;
        labelMoments[1] += deltaN;
        labelMoments[2] += delta * (delta - deltaN);
    }

    void addValidation() {
        validationRows++;
    }

    void addDropped() {
        droppedRows++;
    }

    private void rescale(int j, double newScale) {
        double f = newScale / scale[j];
        mean[j] /= f;
        m2[j] /= f * f;
        scale[j] = newScale;
    }

    /** Merges {@code other} into this one and returns this. */
    public ColumnStats merge(ColumnStats other) {
        long n = trainRows + other.trainRows;
        if (other.trainRows > 0) {
            for (int j = 0; j < mean.length; j++) {
                double om = other.mean[j];
                double om2 = other.m2[j];
                if (other.scale[j] > scale[j]) {
                    rescale(j, other.scale[j]);
                } else if (other.scale[j] < scale[j]) {
                    double f = scale[j] / other.scale[j];
                    om /= f;
                    om2 /= f * f;
                }
                double delta = om - mean[j];
                mean[j] += delta * other.trainRows / n;
                m2[j] += om2 + delta * delta * ((double) trainRows * other.trainRows / n);
            }
        }
        trainRows = n;
        double[] moments = java.util.Arrays.copyOf(labelMoments, labelMoments.length + other.labelMoments.length);
        System.arraycopy(other.labelMoments, 0, moments, labelMoments.length, other.labelMoments.length);
        labelMoments = moments;
        validationRows += other.validationRows;
        droppedRows += other.droppedRows;
        for (int c = 0; c < classCounts.length; c++) {
            classCounts[c] += other.classCounts[c];
        }
        return this;
    }

    public long trainRows() {
        return trainRows;
    }

    public long validationRows() {
        return validationRows;
    }

    public long droppedRows() {
        return droppedRows;
    }

    /** Training rows per class (empty for regression). */
    public long[] classCounts() {
        return classCounts.clone();
    }

    /**
     * The label's sample standard deviation over every row read (training and held out), as
     * Spark SQL's {@code stddev_samp} computes it over the same partitions: its final merge, from
     * a zero buffer, of the partitions' moments in partition order. NaN for fewer than two rows.
     */
    public double labelSampleStd() {
        double n = 0;
        double avg = 0;
        double m2 = 0;
        for (int p = 0; p < labelMoments.length; p += 3) {
            double n2 = labelMoments[p];
            double newN = n + n2;
            double delta = labelMoments[p + 1] - avg;
            double deltaN = newN == 0.0 ? 0.0 : delta / newN;
            avg += deltaN * n2;
            m2 = m2 + labelMoments[p + 2] + delta * deltaN * n * n2;
            n = newN;
        }
        return n > 1 ? Math.sqrt(m2 / (n - 1.0)) : Double.NaN;
    }

    public double[] means() {
        double[] out = new double[mean.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = mean[j] * scale[j];
        }
        return out;
    }

    /**
     * Population standard deviations; a constant column gets 1 so that standardising it leaves
     * zeros rather than dividing by zero.
     */
    public double[] stds() {
        double[] s = new double[mean.length];
        for (int j = 0; j < s.length; j++) {
            double sd = trainRows > 0 ? Math.sqrt(m2[j] / trainRows) * scale[j] : 0;
            s[j] = sd > 1e-12 ? sd : 1.0;
        }
        return s;
    }
}
