package io.sparkgrad.tensor;

/**
 * The loops of the fused losses of {@link Fused}, on contiguous row-major arrays. Each evaluates
 * exactly the arithmetic of the composition it replaces, in the same order where the
 * composition's values are worth keeping (the forward losses), so fusing changes no loss value.
 * They call {@code Math.exp} / {@code log1p} / {@code log} per element on both kernel paths.
 */
final class LossKernels {
    private LossKernels() {
    }

    /** {@code z·((1 − t) − [z < 0]) + log1p(exp(z < 0 ? z : −z))}: the ops of the composition, fused. */
    static double[] bceWithLogits(double[] z, double[] t) {
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double zi = z[i];
            boolean negative = zi < 0.0;
            double c = (-t[i] + 1.0) - (negative ? 1.0 : 0.0);
            out[i] = zi * c + Math.log1p(Math.exp(negative ? zi : -zi));
        }
        return out;
    }

    /**
     * {@code g·(c + s·q)}: c = 1 − t − [z < 0] is the slope of the linear term, and s·q the slope
     * of log1p(exp(−|z|)), with q = e / (1 + e), e = exp(−|z|) and s = ±1 the sign of d(−|z|)/dz.
     * Never 1 − σ(z) for large z: that cancels to 0 where the answer is e.
     */
    static double[] bceWithLogitsBackward(double[] g, double[] z, double[] t) {
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double zi = z[i];
            boolean negative = zi < 0.0;
            double c = (-t[i] + 1.0) - (negative ? 1.0 : 0.0);
            double e = Math.exp(negative ? zi : -zi);
            double q = e / (1.0 + e);
            out[i] = g[i] * (c + (negative ? q : -q));
        }
        return out;
    }

    /**
     * Per row: the max m (0 if infinite, as softmax), s = Σ exp(z − m) in class order, and the
     * loss {@code −(((z_t − m) − log s) · w)}, exactly the log-softmax kernel's value at the target
     * times the weight, negated; 0 for t < 0.
     */
    static double[] crossEntropy(double[] z, int n, int classes, double[] target, double[] weight) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int t = (int) target[i];
            if (t < 0) {
                continue;
            }
            int row = i * classes;
            double m = rowMax(z, row, classes);
            double s = 0;
            for (int j = 0; j < classes; j++) {
                s += Math.exp(z[row + j] - m);
            }
            out[i] = -(((z[row + t] - m) - Math.log(s)) * weight[i]);
        }
        return out;
    }

    /** {@code g_i·w_i·(p_ij − [j == t_i])} with p the softmax kernel's values e / s; zero rows for t < 0. */
    static double[] crossEntropyBackward(double[] g, double[] z, int n, int classes, double[] target,
            double[] weight) {
        double[] out = new double[n * classes];
        for (int i = 0; i < n; i++) {
            int t = (int) target[i];
            if (t < 0) {
                continue;
            }
            int row = i * classes;
            double m = rowMax(z, row, classes);
            double s = 0;
            for (int j = 0; j < classes; j++) {
                double e = Math.exp(z[row + j] - m);
                out[row + j] = e;
                s += e;
            }
            double scale = g[i] * weight[i];
            for (int j = 0; j < classes; j++) {
                double p = out[row + j] / s;
                out[row + j] = scale * (j == t ? p - 1.0 : p);
            }
        }
        return out;
    }

    /** The row's max for a stable exp, 0 when it is infinite (all −inf, or +inf present), as the softmax kernel. */
    private static double rowMax(double[] z, int row, int classes) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            m = Math.max(m, z[row + j]);
        }
        return Double.isInfinite(m) ? 0.0 : m;
    }
}
