package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A GLM link function g, with g(μ) = η, under the names of Spark MLlib's
 * {@code GeneralizedLinearRegression}: identity, log, inverse, logit, probit, cloglog, sqrt, and
 * the Tweedie power link μ^p ({@link #power}). {@link #mean(Tensor)} is the inverse link written
 * with engine ops, so autograd differentiates a GLM's loss through it; the scalar methods are for
 * initial values and summaries.
 */
public final class GlmLink implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The link names {@link #named} takes, in MLlib's order. */
    public static final List<String> NAMES = List.of("identity", "log", "inverse", "logit", "probit", "cloglog", "sqrt");

    private enum Kind { IDENTITY, LOG, INVERSE, LOGIT, PROBIT, CLOGLOG, SQRT, POWER }

    private final Kind kind;
    private final double power;

    private GlmLink(Kind kind, double power) {
        this.kind = kind;
        this.power = power;
    }

    public static final GlmLink IDENTITY = new GlmLink(Kind.IDENTITY, 1.0);
    public static final GlmLink LOG = new GlmLink(Kind.LOG, 0.0);
    public static final GlmLink INVERSE = new GlmLink(Kind.INVERSE, -1.0);
    public static final GlmLink LOGIT = new GlmLink(Kind.LOGIT, Double.NaN);
    public static final GlmLink PROBIT = new GlmLink(Kind.PROBIT, Double.NaN);
    public static final GlmLink CLOGLOG = new GlmLink(Kind.CLOGLOG, Double.NaN);
    public static final GlmLink SQRT = new GlmLink(Kind.SQRT, 0.5);

    /**
     * The link of this name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the supported links
     */
    public static GlmLink named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "identity" -> IDENTITY;
            case "log" -> LOG;
            case "inverse" -> INVERSE;
            case "logit" -> LOGIT;
            case "probit" -> PROBIT;
            case "cloglog" -> CLOGLOG;
            case "sqrt" -> SQRT;
            default -> throw new IllegalArgumentException("link must be one of " + String.join(", ", NAMES) + "; got '"
                    + name + "'");
        };
    }

    /** The power link μ^p; as MLlib, p = 0, 1, −1 and 0.5 are the log, identity, inverse and sqrt links. */
    public static GlmLink power(double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("linkPower must be finite; got " + p);
        }
        if (p == 0.0) {
            return LOG;
        }
        if (p == 1.0) {
            return IDENTITY;
        }
        if (p == -1.0) {
            return INVERSE;
        }
        if (p == 0.5) {
            return SQRT;
        }
        return new GlmLink(Kind.POWER, p);
    }

    /** MLlib's name: identity, log, …, or {@code power} for another power link. */
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The exponent of a power link (identity 1, log 0, inverse −1, sqrt 0.5); NaN for logit, probit and cloglog. */
    public double linkPower() {
        return power;
    }

    /** μ = g⁻¹(η), elementwise, with engine ops (so differentiable); MLlib's {@code unlink}. */
    public Tensor mean(Tensor eta) {
        return switch (kind) {
            case IDENTITY -> eta;
            case LOG -> eta.exp();
            case INVERSE -> eta.pow(-1.0);
            case LOGIT -> eta.sigmoid();
            // Φ(η) = (1 + erf(η/√2)) / 2
            case PROBIT -> eta.mul(1 / Math.sqrt(2)).erf().add(1.0).mul(0.5);
            // 1 − exp(−exp(η))
            case CLOGLOG -> eta.exp().neg().exp().neg().add(1.0);
            case SQRT -> eta.mul(eta);
            case POWER -> eta.pow(1 / power);
        };
    }

    /** g⁻¹(η) for one value, as {@link #mean(Tensor)}. */
    public double mean(double eta) {
        return switch (kind) {
            case IDENTITY -> eta;
            case LOG -> Math.exp(eta);
            case INVERSE -> 1 / eta;
            case LOGIT -> 1 / (1 + Math.exp(-eta));
            case PROBIT -> 0.5 * (1 + erf(eta / Math.sqrt(2)));
            case CLOGLOG -> 1 - Math.exp(-Math.exp(eta));
            case SQRT -> eta * eta;
            case POWER -> Math.pow(eta, 1 / power);
        };
    }

    /** η = g(μ): where a fit starts (the intercept at g of the mean label). */
    public double link(double mu) {
        return switch (kind) {
            case IDENTITY -> mu;
            case LOG -> Math.log(mu);
            case INVERSE -> 1 / mu;
            case LOGIT -> Math.log(mu / (1 - mu));
            case PROBIT -> inverseNormalCdf(mu);
            case CLOGLOG -> Math.log(-Math.log1p(-mu));
            case SQRT -> Math.sqrt(mu);
            case POWER -> Math.pow(mu, power);
        };
    }

    /** g'(μ), as MLlib's {@code deriv} (working residuals, IRLS weights). */
    public double derivative(double mu) {
        return switch (kind) {
            case IDENTITY -> 1;
            case LOG -> 1 / mu;
            case INVERSE -> -1 / (mu * mu);
            case LOGIT -> 1 / (mu * (1 - mu));
            case PROBIT -> {
                double z = inverseNormalCdf(mu);
                yield Math.sqrt(2 * Math.PI) * Math.exp(z * z / 2);
            }
            case CLOGLOG -> 1 / ((mu - 1) * Math.log1p(-mu));
            case SQRT -> 1 / (2 * Math.sqrt(mu));
            case POWER -> power * Math.pow(mu, power - 1);
        };
    }

    /**
     * Φ⁻¹(p): Acklam's rational approximation (relative error 1.2e-9) refined by one Halley step
     * on the erf-based Φ, which brings it to double precision; in the far tails (p or 1 − p below
     * 1e-4) 1 + erf cancels, so the approximation stands unrefined there.
     */
    static double inverseNormalCdf(double p) {
        if (!(p > 0 && p < 1)) {
            return p == 0 ? Double.NEGATIVE_INFINITY : p == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        if (p < 1e-4 || p > 1 - 1e-4) {
            return x;
        }
        double e = 0.5 * (1 + erf(x / Math.sqrt(2))) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    private static double erf(double x) {
        return Tensor.scalar(x).erf().item();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlmLink l && l.kind == kind && Double.compare(l.power, power) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(power);
    }

    @Override
    public String toString() {
        return kind == Kind.POWER ? "power(" + power + ")" : name();
    }
}
