package io.sparkgrad.spark.output;

import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * A linear-family model's coefficients and intercepts in the original feature space, as MLlib's
 * models report them: the fitted {@code weight} [out, in] acts on standardised features
 * (xⱼ − μⱼ) / σⱼ, so the coefficient of the raw xⱼ is wₖⱼ / σⱼ and the intercept bₖ − Σⱼ (wₖⱼ / σⱼ)·μⱼ
 * (summed in feature order). Without standardisation (μ = 0, σ = 1) they are the parameters.
 *
 * @param coefficients one row per output (1 for linear and logistic, K for softmax), one column per feature
 * @param intercepts one per output
 */
public record LinearCoefficients(double[][] coefficients, double[] intercepts) {
    /** The model types whose parameters are one affine map: linear, logistic, softmax regression and GLMs. */
    public static final List<String> TYPES = List.of("linear", "logistic", "softmax", "glm");

    /** Whether {@code spec} is a linear-family model. */
    public static boolean applies(ModelSpec spec) {
        return TYPES.contains(spec.type());
    }

    /** The coefficients of a linear-family model; fails naming the type for any other. */
    public static LinearCoefficients of(SavedModel m) {
        if (!applies(m.spec())) {
            throw new UnsupportedOperationException("coefficients and intercepts are defined for the linear-family models ("
                    + String.join(", ", TYPES) + "); this model is '" + m.spec().type() + "'");
        }
        Tensor weight = m.parameters().get("weight");
        Tensor bias = m.parameters().get("bias");
        int out = weight.shape()[0];
        int in = weight.shape()[1];
        double[] w = weight.toArray();
        double[] b = bias == null ? new double[out] : bias.toArray(); // a glm without an intercept has no bias
        double[][] coefficients = new double[out][in];
        double[] intercepts = new double[out];
        for (int k = 0; k < out; k++) {
            double intercept = b[k];
            for (int j = 0; j < in; j++) {
                double c = w[k * in + j] / m.stds()[j];
                coefficients[k][j] = c;
                intercept -= c * m.means()[j];
            }
            intercepts[k] = intercept;
        }
        return new LinearCoefficients(coefficients, intercepts);
    }
}
