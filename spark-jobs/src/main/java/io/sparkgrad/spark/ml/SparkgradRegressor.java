package io.sparkgrad.spark.ml;

import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.nn.GlmLink;
import io.sparkgrad.spark.train.TrainingCore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@code Estimator} that trains a sparkgrad regressor: least squares ({@code linear},
 * the default, with L-BFGS), a generalized linear model ({@code glm}: MLlib's
 * {@code GeneralizedLinearRegression} params {@code family}, {@code link}, {@code variancePower},
 * {@code linkPower}; setting any of them makes the default model a glm), an {@code mlp}, or a
 * user's {@code Model} class.
 */
public final class SparkgradRegressor extends SparkgradEstimator<SparkgradRegressor, SparkgradRegressionModel> {
    private static final long serialVersionUID = 1L;

    private final Param<String> family;
    private final Param<String> link;
    private final DoubleParam variancePower;
    private final DoubleParam linkPower;
    private final Param<String> offsetCol;

    private final org.apache.spark.ml.param.Param<String> loss;
    private final org.apache.spark.ml.param.DoubleParam epsilon;

    public SparkgradRegressor(String uid) {
        super(uid);
        family = new Param<>(this, "family", "glm: the name of family which is a description of the error distribution to "
                + "be used in the model. Supported options: " + String.join(", ", GlmFamily.NAMES) + ".",
                new OneOf(GlmFamily.NAMES));
        link = new Param<>(this, "link", "glm: the name of link function which provides the relationship between the linear "
                + "predictor and the mean of the distribution function. Supported options: " + String.join(", ", GlmLink.NAMES)
                + " (not for tweedie, whose link is linkPower; default: the family's)", new OneOf(GlmLink.NAMES));
        variancePower = new DoubleParam(this, "variancePower", "glm: the power in the variance function of the Tweedie "
                + "distribution which characterizes the relationship between the variance and mean of the distribution. Only "
                + "applicable to the Tweedie family. Supported values: 0 and [1, Inf).", new VariancePowers());
        linkPower = new DoubleParam(this, "linkPower", "glm: the index in the power link function. Only applicable to the "
                + "Tweedie family (default: 1 - variancePower)");
        offsetCol = new Param<>(this, "offsetCol", "glm: the offset column name. If this is not set or empty, we treat all "
                + "instance offsets as 0.0");
        setDefault(offsetCol, "");
        setDefault(family, "gaussian");
        setDefault(variancePower, 0.0);
        loss = new org.apache.spark.ml.param.Param<>(this, "loss", "the loss of a linear model, as MLlib's LinearRegression: "
                + "squaredError or huber (with the scale fitted jointly); case-insensitive");
        epsilon = new org.apache.spark.ml.param.DoubleParam(this, "epsilon", "the shape parameter of the huber loss "
                + "(> 1.0): where it turns from quadratic to linear, in units of the scale",
                org.apache.spark.ml.param.ParamValidators.gt(1.0));
        setDefault(loss, "squaredError");
        setDefault(epsilon, io.sparkgrad.spark.model.LossSettings.DEFAULT_EPSILON);
    }

    public org.apache.spark.ml.param.Param<String> loss() {
        return loss;
    }

    public org.apache.spark.ml.param.DoubleParam epsilon() {
        return epsilon;
    }

    /** {@code squaredError} (default) or {@code huber}, as MLlib's {@code LinearRegression}. */
    public SparkgradRegressor setLoss(String v) {
        set(loss, v);
        return this;
    }

    /** Huber's epsilon (> 1, default 1.35), as MLlib's. */
    public SparkgradRegressor setEpsilon(double v) {
        set(epsilon, v);
        return this;
    }

    public Param<String> family() {
        return family;
    }

    public Param<String> link() {
        return link;
    }

    public DoubleParam variancePower() {
        return variancePower;
    }

    public DoubleParam linkPower() {
        return linkPower;
    }

    public Param<String> offsetCol() {
        return offsetCol;
    }

    /**
     * The glm's offset column, as MLlib's: each row's value is added to η = x·β + β₀ with
     * coefficient 1, in fitting and in {@code transform} (which then needs the column too).
     */
    public SparkgradRegressor setOffsetCol(String v) {
        set(offsetCol, v);
        return this;
    }

    @Override
    String offsetColumn() {
        return getOrDefault(offsetCol);
    }

    /** The GLM family, as MLlib's: gaussian (default), binomial, poisson, gamma or tweedie; makes the model a glm. */
    public SparkgradRegressor setFamily(String v) {
        set(family, v);
        return this;
    }

    /** The GLM link (not for tweedie), as MLlib's; default the family's: identity, logit, log, inverse. */
    public SparkgradRegressor setLink(String v) {
        set(link, v);
        return this;
    }

    /** Tweedie's variance power: 0 or at least 1 (default 0). */
    public SparkgradRegressor setVariancePower(double v) {
        set(variancePower, v);
        return this;
    }

    /** Tweedie's link power (default 1 − variancePower): 0 is log, 1 identity, −1 inverse, 0.5 sqrt. */
    public SparkgradRegressor setLinkPower(double v) {
        set(linkPower, v);
        return this;
    }

    /** Whether this fit is a glm: modelType glm, or no modelType and a GLM param set. */
    boolean isGlm() {
        String type = modelTypeParam();
        return type.equals("glm") || (type.isEmpty() && (isSet(family) || isSet(link) || isSet(variancePower)
                || isSet(linkPower)));
    }

    /** MLlib's reading of the GLM params: tweedie takes variancePower and linkPower, the others link. */
    private Map<String, Object> glmKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        String f = getOrDefault(family).toLowerCase(java.util.Locale.ROOT);
        keys.put("model.family", f);
        keys.put("model.fitIntercept", (boolean) (Boolean) getOrDefault(fitIntercept()));
        if (f.equals("tweedie")) {
            keys.put("model.variancePower", (double) (Double) getOrDefault(variancePower));
            if (isSet(linkPower)) {
                keys.put("model.linkPower", (double) (Double) getOrDefault(linkPower));
            }
            if (isSet(link)) {
                LOG.warn("When family is tweedie, use param linkPower to specify link function. Setting param link will take "
                        + "no effect.");
            }
        } else {
            if (isSet(link)) {
                keys.put("model.link", getOrDefault(link).toLowerCase(java.util.Locale.ROOT));
            }
            if (isSet(variancePower)) {
                LOG.warn("When family is not tweedie, setting param variancePower will take no effect.");
            }
            if (isSet(linkPower)) {
                LOG.warn("When family is not tweedie, use param link to specify link function. Setting param linkPower will "
                        + "take no effect.");
            }
        }
        return keys;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkgradRegressor.class);

    /** A case-insensitive choice, as MLlib's family and link validators. */
    private static final class OneOf extends scala.runtime.AbstractFunction1<String, Object> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final List<String> allowed;

        OneOf(List<String> allowed) {
            this.allowed = List.copyOf(allowed);
        }

        @Override
        public Object apply(String v) {
            return v != null && allowed.contains(v.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** MLlib's variance powers: 0 or [1, Inf). */
    private static final class VariancePowers extends scala.runtime.AbstractFunction1<Object, Object>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(Object v) {
            double x = (Double) v;
            return x >= 1.0 || x == 0.0;
        }
    }

    public SparkgradRegressor() {
        this(Identifiable$.MODULE$.randomUID("sparkgradRegressor"));
    }

    @Override
    Map<String, Object> modelKeys(Dataset<Row> df) {
        String type = isGlm() ? "glm" : modelTypeParam().isEmpty() ? "linear" : modelTypeParam();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("model.type", type);
        switch (type) {
            case "linear" -> { }
            case "glm" -> keys.putAll(glmKeys());
            case "mlp", "fm", "class" -> keys.put("model.task", "regression");
            default -> throw new IllegalArgumentException("SparkgradRegressor: modelType must be linear, glm, mlp, fm or class; got '"
                    + type + "'");
        }
        if (getOrDefault(loss).equalsIgnoreCase("huber")) {
            keys.put("model.loss", "huber");
            keys.put("model.epsilon", (double) (Double) getOrDefault(epsilon));
        } else if (!getOrDefault(loss).equalsIgnoreCase("squaredError")) {
            keys.put("model.loss", getOrDefault(loss));  // refused by the job's reader, naming the key
        }
        if (!getOrDefault(offsetCol).isEmpty()) {
            keys.put("data.offset", getOrDefault(offsetCol));  // a glm's only; the job's reader refuses it for others
        }
        keys.putAll(commonModelKeys());
        return keys;
    }

    @Override
    SparkgradRegressionModel model(TrainingCore.Fitted fitted, List<String> inputFeatures) {
        return new SparkgradRegressionModel(uid(), fitted.model(), Summaries.of(fitted));
    }

    @Override
    StructType outputSchema(StructType schema) {
        return schema.add(getOrDefault(predictionCol()), org.apache.spark.sql.types.DataTypes.DoubleType, false);
    }

    public static MLReader<SparkgradRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static SparkgradRegressor load(String path) {
        return read().load(path);
    }
}
