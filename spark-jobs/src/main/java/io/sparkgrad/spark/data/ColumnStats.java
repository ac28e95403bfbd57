package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * Row counts and per-feature mean and variance of the training rows, computed with Welford's
 * update inside a partition and Chan et al.'s pairwise formula across partitions (stable where a
 * plain sum of squares cancels catastrophically).
 */
public final class ColumnStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private long trainRows;
    private long validationRows;
    private long droppedRows;
    private final double[] mean;
    private final double[] m2;

    public ColumnStats(int features) {
        mean = new double[features];
        m2 = new double[features];
    }

    void addTrain(double[] row) {
        trainRows++;
        for (int j = 0; j < mean.length; j++) {
            double delta = row[j] - mean[j];
            mean[j] += delta / trainRows;
            m2[j] += delta * (row[j] - mean[j]);
        }
    }

    void addValidation() {
        validationRows++;
    }

    void addDropped() {
        droppedRows++;
    }

    /** Merges {@code other} into this one and returns this. */
    public ColumnStats merge(ColumnStats other) {
        long n = trainRows + other.trainRows;
        if (other.trainRows > 0) {
            for (int j = 0; j < mean.length; j++) {
                double delta = other.mean[j] - mean[j];
                mean[j] += delta * other.trainRows / n;
                m2[j] += other.m2[j] + delta * delta * ((double) trainRows * other.trainRows / n);
            }
        }
        trainRows = n;
        validationRows += other.validationRows;
        droppedRows += other.droppedRows;
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

    public double[] means() {
        return mean.clone();
    }

    /**
     * Population standard deviations; a constant column gets 1 so that standardising it leaves
     * zeros rather than dividing by zero.
     */
    public double[] stds() {
        double[] s = new double[mean.length];
        for (int j = 0; j < s.length; j++) {
            double sd = trainRows > 0 ? Math.sqrt(m2[j] / trainRows) : 0;
            s[j] = sd > 1e-12 ? sd : 1.0;
        }
        return s;
    }
}
