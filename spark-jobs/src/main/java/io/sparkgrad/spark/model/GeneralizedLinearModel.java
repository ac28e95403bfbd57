package io.sparkgrad.spark.model;

import io.sparkgrad.nn.F;
import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.nn.GlmLink;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generalized linear model ({@code model.type = glm}), MLlib's {@code GeneralizedLinearRegression}:
 * η = x·β + β₀, μ = project(g⁻¹(η)), and the loss of a row is half its unit deviance under the
 * family ({@link GlmFamily#halfDeviance}), which autograd differentiates through the link. The
 * parameters are the linear model's ({@code weight} [1, features], {@code bias} [1]), so its
 * coefficients read the same way; the job starts the bias at g(ȳ) ({@link #initialIntercept}).
 * Without an intercept ({@code model.fitIntercept = false}, MLlib's {@code fitIntercept}) there is
 * no {@code bias}: η = x·β. Predictions are μ.
 */
public final class GeneralizedLinearModel implements Model {
    private final int numFeatures;
    private final GlmFamily family;
    private final GlmLink link;
    private final boolean fitIntercept;

    public GeneralizedLinearModel(int numFeatures, GlmSettings settings) {
        this.numFeatures = numFeatures;
        this.family = settings.glmFamily();
        this.link = settings.glmLink();
        this.fitIntercept = settings.fitIntercept();
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public LinkedHashMap<String, Tensor> initialParameters(long seed) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("weight", Tensor.fromArray(new double[numFeatures], 1, numFeatures));
        if (fitIntercept) {
            params.put("bias", Tensor.fromArray(new double[1], 1));
        }
        return params;
    }

    /**
     * Where the intercept starts: g(ȳ) of the (weighted) mean label, with ȳ moved into the
     * family's range as MLlib moves μ, so that the first η gives the null model's mean.
     */
    public double initialIntercept(double meanLabel) {
        double eta = link.link(family.project(meanLabel));
        return Double.isFinite(eta) ? eta : 0.0;
    }

    private Tensor eta(Map<String, Tensor> p, Tensor x) {
        return F.linear(x, p.get("weight"), fitIntercept ? p.get("bias") : null).reshape(x.shape()[0]);
    }

    private Tensor eta(Map<String, Tensor> p, SparseMatrix x) {
        return F.linear(x, p.get("weight"), fitIntercept ? p.get("bias") : null).reshape(x.rows());
    }

    private Tensor halfDeviance(Tensor eta, Tensor labels) {
        return family.halfDeviance(labels, family.fitted(link, eta));
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels) {
        return halfDeviance(eta(parameters, features), labels).sum();
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels, Tensor weights) {
        return halfDeviance(eta(parameters, features), labels).mul(weights).sum();
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels) {
        return halfDeviance(eta(parameters, features), labels).sum();
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels, Tensor weights) {
        return halfDeviance(eta(parameters, features), labels).mul(weights).sum();
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, Tensor features) {
        return family.fitted(link, eta(parameters, features));
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, SparseMatrix features) {
        return family.fitted(link, eta(parameters, features));
    }

    /** The family, for the summary. */
    public GlmFamily family() {
        return family;
    }

    /** The link, for the summary. */
    public GlmLink link() {
        return link;
    }

    /** Whether η has an intercept. */
    public boolean fitIntercept() {
        return fitIntercept;
    }

    /** MLlib's rank: the coefficients, and the intercept when there is one. */
    public long rank() {
        return numFeatures + (fitIntercept ? 1L : 0L);
    }
}
