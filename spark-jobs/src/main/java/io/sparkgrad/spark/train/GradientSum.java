package io.sparkgrad.spark.train;

import java.io.Serializable;

/**
 * (Σ loss, Σ gradient, row count) over some rows: what each partition sends back and what the
 * ordered tree merges. The gradient array is allocated lazily so an empty partition ships small.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int size;
    private double lossSum;
    private long rows;
    private double weightSum;
    private double[] gradient;

    public GradientSum(int size) {
        this.size = size;
    }

    /**
     * Adds one block's summed (weighted) loss, row count and weight sum (its row count when
     * unweighted); its gradient goes in through {@link #addGradient}.
     */
    void addLoss(double loss, int blockRows, double blockWeight) {
        lossSum += loss;
        rows += blockRows;
        weightSum += blockWeight;
    }

    /** Adds {@code g} into the gradient at {@code offset}. */
    void addGradient(int offset, double[] g) {
        if (offset + g.length > size) {
            throw new IllegalArgumentException("GradientSum: gradient of " + g.length + " at offset " + offset
                    + " exceeds " + size + " parameters");
        }
        double[] acc = gradient();
        for (int i = 0; i < g.length; i++) {
            acc[offset + i] += g[i];
        }
    }

    /** Merges {@code other} into this one (elementwise, this + other) and returns this. */
    public GradientSum merge(GradientSum other) {
        if (other.size != size) {
            throw new IllegalArgumentException("GradientSum.merge: sizes differ, " + size + " vs " + other.size);
        }
        lossSum += other.lossSum;
        rows += other.rows;
        weightSum += other.weightSum;
        if (other.gradient != null) {
            double[] acc = gradient();
            for (int i = 0; i < size; i++) {
                acc[i] += other.gradient[i];
            }
        }
        return this;
    }

    private double[] gradient() {
        if (gradient == null) {
            gradient = new double[size];
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

    /**
     * Σ gradient, handed over: this sum's own array (zeros when no row contributed), which it
     * no longer holds — no copy of a model-sized array where the caller is done with the sum.
     */
    double[] releaseGradient() {
        double[] g = gradient == null ? new double[size] : gradient;
        gradient = null;
        return g;
    }

    /** Σ gradient (a copy; zeros when no row contributed). */
    public double[] gradientSum() {
        return gradient == null ? new double[size] : gradient.clone();
    }
}
