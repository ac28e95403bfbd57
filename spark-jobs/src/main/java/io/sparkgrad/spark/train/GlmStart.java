package io.sparkgrad.spark.train;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.model.GeneralizedLinearModel;
import io.sparkgrad.spark.model.GlmSettings;
import io.sparkgrad.tensor.Tensor;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * One pass over a GLM's cached training blocks before it trains: each label checked against the
 * family (MLlib's checks, e.g. a poisson label must be non-negative) and the weighted mean label
 * ȳ, where the intercept starts (g(ȳ), less the mean offset) and from which the null deviance is
 * measured; with offsets, the null model's own intercept ({@link #nullIntercept}).
 */
final class GlmStart {
    private GlmStart() {}

    /** Σ w·y, Σ w·offset and Σ w of a partition, or the first bad label it met. */
    private static final class Sums implements Serializable {
        private static final long serialVersionUID = 2L;
        double weightedLabels;
        double weightedOffsets;
        double weight;
        String problem;

        Sums merge(Sums o) {
            if (problem == null) {
                problem = o.problem;
            }
            weightedLabels += o.weightedLabels;
            weightedOffsets += o.weightedOffsets;
            weight += o.weight;
            return this;
        }
    }

    /**
     * The training rows' weighted means of the label and of the offset (0 without offsets).
     *
     * @throws DataError naming {@code label} and the family when a label is outside the family's range
     */
    static double[] means(JavaRDD<Block> train, GlmFamily family, String label, int depth) {
        Sums s = OrderedTreeAggregate.aggregate(train, (partition, it) -> {
            Sums p = new Sums();
            while (it.hasNext()) {
                Block b = it.next();
                double[] y = b.labels();
                double[] w = b.weights();
                double[] o = b.offsets();
                for (int r = 0; r < b.rows(); r++) {
                    double wr = w == null ? 1.0 : w[r];
                    if (p.problem == null && wr > 0) {
                        p.problem = family.labelError(y[r]);
                    }
                    p.weightedLabels += wr * y[r];
                    if (o != null) {
                        p.weightedOffsets += wr * o[r];
                    }
                    p.weight += wr;
                }
            }
            return p;
        }, Sums::merge, depth);
        if (s != null && s.problem != null) {
            throw new DataError("column '" + label + "' (data.label): " + s.problem + " (model.family = " + family.name()
                    + ")");
        }
        return s == null || !(s.weight > 0) ? new double[] {Double.NaN, Double.NaN}
                : new double[] {s.weightedLabels / s.weight, s.weightedOffsets / s.weight};
    }

    /**
     * The intercept b of the null model with offsets, η = b + offset, as MLlib's summary fits it
     * (an intercept-only GLM): Newton's method on the summed half deviance over the cached blocks,
     * its first and second derivatives in b by autograd (one pass each step), from {@code start},
     * until a step is at most 1e-12·max(1, |b|). For gaussian with the identity link the optimum
     * is MLlib's closed form, the weighted mean of y − offset; it is reached in one step.
     */
    @SuppressWarnings("try") // the grad-mode scope is used for its side effect only
    static double nullIntercept(JavaRDD<Block> train, GlmSettings settings, double start, int depth) {
        double b = start;
        for (int step = 0; step < 100; step++) {
            final double at = b;
            double[] gh = OrderedTreeAggregate.aggregate(train, (partition, it) -> {
                GeneralizedLinearModel glm = new GeneralizedLinearModel(0, settings);
                double[] sums = new double[2];
                try (var grad = GradMode.enableGrad()) {
                    while (it.hasNext()) {
                        Block blk = it.next();
                        int n = blk.rows();
                        Tensor intercept = Tensor.fromArray(new double[] {at}, 1).requiresGrad_(true);
                        Tensor offsets = blk.offsets() == null ? Tensor.zeros(n) : Tensor.wrap(blk.offsets(), n);
                        Tensor loss = glm.loss(offsets.add(intercept), Tensor.wrap(blk.labels(), n),
                                blk.weights() == null ? null : Tensor.wrap(blk.weights(), n));
                        Tensor first = Autograd.grad(List.of(loss), List.of(intercept), Autograd.options().createGraph(true))[0];
                        Tensor second = Autograd.grad(first.sum(), intercept)[0];
                        sums[0] += first.item();
                        sums[1] += second.item();
                    }
                }
                return sums;
            }, (l, r) -> new double[] {l[0] + r[0], l[1] + r[1]}, depth);
            if (gh == null || !(gh[1] > 0) || !Double.isFinite(gh[0])) {
                return b; // no rows, or a flat or non-convex point: keep where it is
            }
            double delta = gh[0] / gh[1];
            b -= delta;
            if (Math.abs(delta) <= 1e-12 * Math.max(1.0, Math.abs(b))) {
                break;
            }
        }
        return b;
    }
}
