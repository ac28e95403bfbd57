package io.sparkgrad.spark.train;

import io.sparkgrad.spark.config.FitConfig;
import io.sparkgrad.spark.config.TrainingConfig;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.ModelSpec;

/**
 * {@code training.mllibPenalty} (MLlib's regParam and elasticNetParam) as the job's {l1, l2},
 * with MLlib's meaning: regParam·(α‖β‖₁ + (1 − α)/2·‖β‖²) on the coefficients β of MLlib's
 * standardised features. MLlib standardises by the sample standard deviation, the job by the
 * population's (a factor c = √(n/(n−1)) between the two coefficients, n the rows read), so l1 is
 * regParam·α·c and l2 regParam·(1−α)·c² with standardization. For linear regression also as
 * MLlib's {@code LinearRegression}, which halves the squared error and scales the label by its
 * sample standard deviation σ_y (its l2 term is then divided by σ_y): l1 = 2·regParam·α·c and
 * l2 = 2·regParam·(1−α)·c²/σ_y against the job's mean squared error. Hinge (LinearSVC) and Huber,
 * whose objectives the job computes exactly as MLlib's, map as logistic regression does. Exactly
 * MLlib's optimum for unweighted rows without a hold-out (MLlib's statistics are weighted; the
 * job's are over its training rows, unweighted).
 *
 * <p>n and σ_y come from the ingest pass's own counts and label moments, so the input is read
 * once: n counts every row read, σ_y is Spark SQL's {@code stddev_samp} of the label over the
 * rows kept (the same rows unless {@code data.dropInvalid} drops some).
 */
final class MllibPenalty {
    private MllibPenalty() {}

    /** {@code cfg} with its MLlib-scale penalty, if any, added to training.l1 and training.l2. */
    static FitConfig resolve(FitConfig cfg, TrainingData data) {
        TrainingConfig.MllibPenalty p = cfg.training().mllibPenalty();
        if (p == null) {
            return cfg;
        }
        double[] penalty = penalty(p, cfg.model(), cfg.data().standardize(), data.rowsRead(), data.labelSampleStd());
        TrainingConfig training = cfg.training().withPenalty(penalty[0] + cfg.training().l1(),
                penalty[1] + cfg.training().l2());
        return new FitConfig(cfg.data(), cfg.model(), cfg.optimizer(), training);
    }

    /** {l1, l2} for n rows whose label has sample standard deviation {@code yStd} (NaN or 0: taken as 1). */
    static double[] penalty(TrainingConfig.MllibPenalty p, ModelSpec model, boolean standardize, long n, double yStd) {
        double reg = p.regParam();
        double alpha = p.elasticNetParam();
        double l1 = reg * alpha;
        double l2 = reg * (1 - alpha);
        // Huber's objective is MLlib's own (no halving, no label scaling): it maps as logistic's and hinge's
        boolean linear = model.type().equals("linear") && (model.loss() == null || !model.loss().name().equalsIgnoreCase("huber"));
        if (reg == 0 || !standardize && !linear) {
            return new double[] {l1, l2};
        }
        double c2 = standardize && n > 1 ? n / (n - 1.0) : 1.0;
        l1 *= Math.sqrt(c2);
        l2 *= c2;
        if (linear) {
            double sigma = yStd > 0 ? yStd : 1;
            l1 *= 2;
            l2 *= 2 / sigma;
        }
        return new double[] {l1, l2};
    }
}
