package io.sparkgrad.spark.model;

import java.io.Serializable;

/**
 * A factorization machine's settings ({@code model.type = fm}), under MLlib's FM names.
 *
 * @param factorSize k, the width of each feature's factor vector
 * @param fitLinear whether the model has a linear term (MLlib's 1-way term)
 * @param fitIntercept whether it has an intercept
 * @param initStd the standard deviation of the factors' normal initialisation
 */
public record FmSettings(int factorSize, boolean fitLinear, boolean fitIntercept, double initStd) implements Serializable {
    /** MLlib's defaults: 8 factors, linear term and intercept, initStd 0.01. */
    public static final FmSettings DEFAULT = new FmSettings(8, true, true, 0.01);
}
