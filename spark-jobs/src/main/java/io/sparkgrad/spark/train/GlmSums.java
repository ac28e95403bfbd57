package io.sparkgrad.spark.train;

import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.nn.GlmLink;
import java.io.Serializable;
import java.util.Map;

/**
 * A GLM's summary figures from one pass over scored rows, as MLlib's
 * {@code GeneralizedLinearRegressionSummary} defines them: the deviance Σ w·d(y, μ), the null
 * deviance (of the intercept-only model μ₀ = g⁻¹(g(ȳ)), ȳ the weighted mean label; without an
 * intercept, of η = 0, μ₀ = g⁻¹(0)), the
 * dispersion (1 for the families named binomial and poisson, else Pearson's χ² Σ w(y − μ)²/V(μ)
 * over the residual degrees of freedom n − rank), and the AIC (its family's −2·log-likelihood plus
 * 2·rank; none for a tweedie whose variance power is not 0, 1 or 2). The gaussian and gamma AICs
 * need the deviance of all rows, so the pass keeps the sums they are made of.
 */
final class GlmSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final GlmFamily family;
    private final double nullMean;
    private final long rank;
    private long rows;
    private double weight;
    private double deviance;
    private double nullDeviance;
    private double pearson;
    private double minusTwoLogLikelihood;
    private double logWeights;
    private double weightedLogY;
    private double weightedYOverMu;
    private double weightedLogMu;

    /**
     * @param fitIntercept whether the model has an intercept (the null model's μ₀ is then g⁻¹(g(ȳ)), else g⁻¹(0))
     * @param meanLabel the training rows' weighted mean label ȳ (NaN: no null deviance)
     * @param rank coefficients and intercept: features + 1 (features without an intercept)
     */
    GlmSums(GlmFamily family, GlmLink link, boolean fitIntercept, double meanLabel, long rank) {
        this.family = family;
        this.nullMean = Double.isNaN(meanLabel) ? Double.NaN
                : fitIntercept ? link.mean(link.link(meanLabel)) : link.mean(0.0);
        this.rank = rank;
    }

    /** Adds a block of fitted means μ [rows]; {@code weights} null for 1 each. */
    void add(double[] mu, double[] labels, double[] weights, int n) {
        boolean gamma = family.isGamma();
        boolean gaussian = family.isGaussian();
        boolean pointwise = family.hasAic() && !gamma && !gaussian;
        boolean pearsonNeeded = !family.hasUnitDispersion();
        for (int r = 0; r < n; r++) {
            double w = weights == null ? 1.0 : weights[r];
            double y = labels[r];
            double m = mu[r];
            deviance += family.deviance(y, m, w);
            nullDeviance += family.deviance(y, nullMean, w);
            if (pearsonNeeded) {
                double e = y - m;
                pearson += e * e * w / family.variance(m);
            }
            if (pointwise) {
                minusTwoLogLikelihood += family.minusTwoLogLikelihood(y, m, w);
            }
            if (gaussian) {
                logWeights += Math.log(w);
            }
            if (gamma) {
                weightedLogY += w * Math.log(y);
                weightedYOverMu += w * y / m;
                weightedLogMu += w * Math.log(m);
            }
            weight += w;
        }
        rows += n;
    }

    /** Adds {@code o}'s rows after this one's (the aggregation's fixed order). */
    GlmSums merge(GlmSums o) {
        rows += o.rows;
        weight += o.weight;
        deviance += o.deviance;
        nullDeviance += o.nullDeviance;
        pearson += o.pearson;
        minusTwoLogLikelihood += o.minusTwoLogLikelihood;
        logWeights += o.logWeights;
        weightedLogY += o.weightedLogY;
        weightedYOverMu += o.weightedYOverMu;
        weightedLogMu += o.weightedLogMu;
        return this;
    }

    /**
     * deviance, nullDeviance (when ȳ was known), dispersion (when rows exceed the rank) and aic (when
     * the family has one), into {@code m}; a figure that is not finite (a perfect fit's log 0) is left out.
     */
    void putMetrics(Map<String, Double> m) {
        putFinite(m, "deviance", deviance);
        if (!Double.isNaN(nullMean)) {
            putFinite(m, "nullDeviance", nullDeviance);
        }
        long dof = rows - rank;
        if (family.hasUnitDispersion()) {
            m.put("dispersion", 1.0);
        } else if (dof > 0) {
            putFinite(m, "dispersion", pearson / dof);
        }
        if (family.hasAic()) {
            putFinite(m, "aic", aic() + 2.0 * rank);
        }
    }

    private static void putFinite(Map<String, Double> m, String key, double v) {
        if (Double.isFinite(v)) {
            m.put(key, v);
        }
    }

    private double aic() {
        if (family.isGaussian()) {
            double n = rows;
            return n * (Math.log(deviance / n * 2.0 * Math.PI) + 1.0) + 2.0 - logWeights;
        }
        if (family.isGamma()) {
            double disp = deviance / weight;
            double k = 1.0 / disp;
            double logLikelihood = (k - 1) * weightedLogY - k * weightedYOverMu
                    - (GlmFamily.logGamma(k) + k * Math.log(disp)) * weight - k * weightedLogMu;
            return -2.0 * logLikelihood + 2.0;
        }
        return minusTwoLogLikelihood;
    }
}
