package io.sparkgrad.spark.train;

import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/**
 * One pass over a GLM's cached training blocks before it trains: each label checked against the
 * family (MLlib's checks, e.g. a poisson label must be non-negative) and the weighted mean label
 * ȳ, where the intercept starts (g(ȳ)) and from which the null deviance is measured.
 */
final class GlmStart {
    private GlmStart() {}

    /** Σ w·y and Σ w of a partition, or the first bad label it met. */
    private static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        double weightedLabels;
        double weight;
        String problem;

        Sums merge(Sums o) {
            if (problem == null) {
                problem = o.problem;
            }
            weightedLabels += o.weightedLabels;
            weight += o.weight;
            return this;
        }
    }

    /**
     * The training rows' weighted mean label.
     *
     * @throws DataError naming {@code label} and the family when a label is outside the family's range
     */
    static double meanLabel(JavaRDD<Block> train, GlmFamily family, String label, int depth) {
        Sums s = OrderedTreeAggregate.aggregate(train, (partition, it) -> {
            Sums p = new Sums();
            while (it.hasNext()) {
                Block b = it.next();
                double[] y = b.labels();
                double[] w = b.weights();
                for (int r = 0; r < b.rows(); r++) {
                    double wr = w == null ? 1.0 : w[r];
                    if (p.problem == null && wr > 0) {
                        p.problem = family.labelError(y[r]);
                    }
                    p.weightedLabels += wr * y[r];
                    p.weight += wr;
                }
            }
            return p;
        }, Sums::merge, depth);
        if (s != null && s.problem != null) {
            throw new DataError("column '" + label + "' (data.label): " + s.problem + " (model.family = " + family.name()
                    + ")");
        }
        return s == null || !(s.weight > 0) ? Double.NaN : s.weightedLabels / s.weight;
    }
}
