package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A GLM error distribution under Spark MLlib's {@code GeneralizedLinearRegression} names —
 * gaussian, binomial, poisson, gamma and tweedie (with a variance power) — with MLlib's variance
 * functions, deviances, clamping of μ ({@link #project}), label checks, default links and
 * allowed links.
 *
 * <p>The loss a GLM minimises is {@link #halfDeviance}: half the unit deviance, a function of μ
 * written with engine ops so that autograd differentiates it through the link. It differs from
 * the negative log-likelihood by a term in y alone (and the dispersion's scale), so both have the
 * same optimum, and it is 0 at μ = y.
 *
 * <p>As MLlib, tweedie with variance power 0, 1 or 2 is the gaussian, poisson or gamma family
 * (its deviance and AIC); {@link #name()} stays {@code tweedie}, which keeps MLlib's rule that
 * only the families named binomial and poisson have dispersion 1.
 */
public final class GlmFamily implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The family names {@link #of} takes. */
    public static final List<String> NAMES = List.of("gaussian", "binomial", "poisson", "gamma", "tweedie");

    /** MLlib's lower clamp of μ (its {@code epsilon}). */
    public static final double EPSILON = 1e-16;

    /** MLlib's {@code Tweedie.delta}: the floor of y in a compound-Poisson deviance. */
    public static final double DELTA = 0.1;

    private enum Kind { GAUSSIAN, BINOMIAL, POISSON, GAMMA, TWEEDIE }

    private final String name;
    private final Kind kind;
    private final double variancePower;

    private GlmFamily(String name, Kind kind, double variancePower) {
        this.name = name;
        this.kind = kind;
        this.variancePower = variancePower;
    }

    /**
     * The family of this name (case-insensitive); {@code variancePower} is read for tweedie only.
     *
     * @throws IllegalArgumentException naming the supported families, or MLlib's variance powers
     */
    public static GlmFamily of(String name, double variancePower) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> new GlmFamily("gaussian", Kind.GAUSSIAN, 0);
            case "binomial" -> new GlmFamily("binomial", Kind.BINOMIAL, Double.NaN);
            case "poisson" -> new GlmFamily("poisson", Kind.POISSON, 1);
            case "gamma" -> new GlmFamily("gamma", Kind.GAMMA, 2);
            case "tweedie" -> {
                if (!(variancePower >= 1.0 || variancePower == 0.0)) {
                    throw new IllegalArgumentException("variancePower: the power in the variance function of the Tweedie "
                            + "distribution must be 0 or in [1, Inf); got " + variancePower);
                }
                Kind k = variancePower == 0 ? Kind.GAUSSIAN : variancePower == 1 ? Kind.POISSON
                        : variancePower == 2 ? Kind.GAMMA : Kind.TWEEDIE;
                yield new GlmFamily("tweedie", k, variancePower);
            }
            default -> throw new IllegalArgumentException("family must be one of " + String.join(", ", NAMES) + "; got '"
                    + name + "'");
        };
    }

    /** The name it was asked for: gaussian, binomial, poisson, gamma or tweedie. */
    public String name() {
        return name;
    }

    /** The power p of the variance function V(μ) = μ^p (NaN for binomial). */
    public double variancePower() {
        return variancePower;
    }

    /** Whether MLlib takes the dispersion as 1 (the families named binomial and poisson) rather than Pearson's χ²/dof. */
    public boolean hasUnitDispersion() {
        return name.equals("binomial") || name.equals("poisson");
    }

    /** Whether MLlib has an AIC for it: every family but a tweedie whose variance power is not 0, 1 or 2. */
    public boolean hasAic() {
        return kind != Kind.TWEEDIE;
    }

    /** MLlib's default link: identity, logit, log, inverse, and μ^(1 − p) for tweedie. */
    public GlmLink defaultLink() {
        if (name.equals("tweedie")) {
            return GlmLink.power(1 - variancePower);
        }
        return switch (kind) {
            case GAUSSIAN -> GlmLink.IDENTITY;
            case BINOMIAL -> GlmLink.LOGIT;
            case POISSON -> GlmLink.LOG;
            case GAMMA -> GlmLink.INVERSE;
            case TWEEDIE -> throw new AssertionError("tweedie is named tweedie");
        };
    }

    private static final Set<String> GAUSSIAN_LINKS = Set.of("identity", "log", "inverse");
    private static final Set<String> BINOMIAL_LINKS = Set.of("logit", "probit", "cloglog");
    private static final Set<String> POISSON_LINKS = Set.of("log", "identity", "sqrt");
    private static final Set<String> GAMMA_LINKS = Set.of("inverse", "identity", "log");

    /**
     * Whether MLlib fits this family with {@code link}: gaussian with identity, log or inverse;
     * binomial with logit, probit or cloglog; poisson with log, identity or sqrt; gamma with
     * inverse, identity or log; tweedie with any power link (its link comes from linkPower).
     */
    public boolean supports(GlmLink link) {
        return switch (name) {
            case "gaussian" -> GAUSSIAN_LINKS.contains(link.name());
            case "binomial" -> BINOMIAL_LINKS.contains(link.name());
            case "poisson" -> POISSON_LINKS.contains(link.name());
            case "gamma" -> GAMMA_LINKS.contains(link.name());
            default -> !Double.isNaN(link.linkPower());
        };
    }

    /** MLlib's refusal of an unsupported pair, in its words. */
    public void checkLink(GlmLink link) {
        if (!supports(link)) {
            throw new IllegalArgumentException("Generalized Linear Regression with " + name + " family does not support "
                    + link.name() + " link function.");
        }
    }

    /**
     * A label this family cannot fit, in MLlib's words (its {@code initialize} checks), or null:
     * poisson and tweedie with 1 ≤ p &lt; 2 need y ≥ 0, gamma and tweedie with p ≥ 2 need y &gt; 0,
     * binomial needs 0 ≤ y ≤ 1 (MLlib's own check only refuses what its initial μ cannot take).
     */
    public String labelError(double y) {
        String family = kind == Kind.TWEEDIE ? "tweedie(" + variancePower + ")" : cap(kind);
        return switch (kind) {
            case GAUSSIAN -> Double.isFinite(y) ? null : "The response variable of Gaussian family should be finite, but got " + y;
            case BINOMIAL -> y >= 0 && y <= 1 ? null
                    : "The response variable of Binomial family should be in range [0, 1], but got " + y;
            case POISSON -> y >= 0 ? null : "The response variable of " + family + " family should be non-negative, but got " + y;
            case GAMMA -> y > 0 ? null : "The response variable of " + family + " family should be positive, but got " + y;
            case TWEEDIE -> variancePower < 2 ? (y >= 0 ? null : "The response variable of " + family
                    + " family should be non-negative, but got " + y)
                    : (y > 0 ? null : "The response variable of " + family + " family should be positive, but got " + y);
        };
    }

    private static String cap(Kind k) {
        String s = k.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * μ trimmed into the family's range, as MLlib's {@code project}: binomial into [ε, 1 − ε];
     * poisson, gamma and tweedie to at least ε (and +∞ to the largest double); gaussian only
     * ±∞ to ±the largest double. Clamped values pass no gradient.
     */
    public Tensor project(Tensor mu) {
        return switch (kind) {
            case GAUSSIAN -> mu.clamp(-Double.MAX_VALUE, Double.MAX_VALUE);
            case BINOMIAL -> mu.clamp(EPSILON, 1 - EPSILON);
            case POISSON, GAMMA, TWEEDIE -> mu.clamp(EPSILON, Double.MAX_VALUE);
        };
    }

    /** {@link #project(Tensor)} for one value. */
    public double project(double mu) {
        return switch (kind) {
            case GAUSSIAN -> Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, mu));
            case BINOMIAL -> Math.max(EPSILON, Math.min(1 - EPSILON, mu));
            case POISSON, GAMMA, TWEEDIE -> Double.isNaN(mu) ? mu : Math.max(EPSILON, Math.min(Double.MAX_VALUE, mu));
        };
    }

    /** μ = project(g⁻¹(η)): MLlib's {@code fitted}. */
    public Tensor fitted(GlmLink link, Tensor eta) {
        return project(link.mean(eta));
    }

    /** The variance function V(μ): 1, μ(1 − μ), μ, μ², μ^p. */
    public double variance(double mu) {
        return switch (kind) {
            case GAUSSIAN -> 1;
            case BINOMIAL -> mu * (1 - mu);
            case POISSON -> mu;
            case GAMMA -> mu * mu;
            case TWEEDIE -> Math.pow(mu, variancePower);
        };
    }

    /**
     * Half the unit deviance of each row, ½·d(y, μ), with engine ops (differentiable in μ), shape
     * of {@code mu}. {@code y} is data (no gradient flows to it). 2 × this is {@link #deviance} at
     * weight 1.
     */
    public Tensor halfDeviance(Tensor y, Tensor mu) {
        double[] ys = y.toArray();
        return switch (kind) {
            // ½(y − μ)²
            case GAUSSIAN -> mu.sub(y).pow(2.0).mul(0.5);
            // y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))
            case BINOMIAL -> {
                double[] c = new double[ys.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = ylogy(ys[i], 1) + ylogy(1 - ys[i], 1);
                }
                yield y.mul(mu.log()).add(y.neg().add(1.0).mul(mu.neg().add(1.0).log())).neg().add(like(c, mu));
            }
            // y log(y/μ) − (y − μ)
            case POISSON -> {
                double[] c = new double[ys.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = ylogy(ys[i], 1) - ys[i];
                }
                yield mu.sub(y.mul(mu.log())).add(like(c, mu));
            }
            // −log(y/μ) + (y − μ)/μ
            case GAMMA -> {
                double[] c = new double[ys.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = -Math.log(ys[i]) - 1;
                }
                yield mu.log().add(y.div(mu)).add(like(c, mu));
            }
            // y (y₁^(1−p) − μ^(1−p))/(1 − p) − (y^(2−p) − μ^(2−p))/(2 − p), y₁ = max(y, δ) for 1 < p < 2
            case TWEEDIE -> {
                double p = variancePower;
                double[] c = new double[ys.length];
                for (int i = 0; i < c.length; i++) {
                    double y1 = p < 2 ? Math.max(ys[i], DELTA) : ys[i];
                    c[i] = ys[i] * Math.pow(y1, 1 - p) / (1 - p) - Math.pow(ys[i], 2 - p) / (2 - p);
                }
                yield mu.pow(2 - p).div(2 - p).sub(y.mul(mu.pow(1 - p)).div(1 - p)).add(like(c, mu));
            }
        };
    }

    private static Tensor like(double[] values, Tensor shapeOf) {
        return Tensor.fromArray(values, shapeOf.shape());
    }

    /** w · d(y, μ), MLlib's {@code deviance} for one row, in its formulas. */
    public double deviance(double y, double mu, double weight) {
        return switch (kind) {
            case GAUSSIAN -> weight * (y - mu) * (y - mu);
            case BINOMIAL -> 2.0 * weight * (ylogy(y, mu) + ylogy(1.0 - y, 1.0 - mu));
            case POISSON -> 2.0 * weight * (ylogy(y, mu) - (y - mu));
            case GAMMA -> -2.0 * weight * (Math.log(y / mu) - (y - mu) / mu);
            case TWEEDIE -> {
                double p = variancePower;
                double y1 = p < 2 ? Math.max(y, DELTA) : y;
                yield 2.0 * weight * (y * yp(y1, mu, 1.0 - p) - yp(y, mu, 2.0 - p));
            }
        };
    }

    private static double yp(double y, double mu, double p) {
        return p == 0 ? Math.log(y / mu) : (Math.pow(y, p) - Math.pow(mu, p)) / p;
    }

    /** y log(y/μ), 0 at y = 0. */
    static double ylogy(double y, double mu) {
        return y == 0 ? 0.0 : y * Math.log(y / mu);
    }

    /**
     * One row's term of the AIC's −2·log-likelihood where it needs no dispersion: binomial
     * (weights are trial counts, rounded) and poisson as MLlib (Breeze's log probabilities). Gaussian
     * and gamma AICs need sums over all rows ({@code GlmAic}); NaN for them here.
     */
    public double minusTwoLogLikelihood(double y, double mu, double weight) {
        return switch (kind) {
            case BINOMIAL -> {
                long n = Math.round(weight);
                if (n == 0) {
                    yield 0.0;
                }
                long k = Math.round(y * weight);
                yield -2.0 * (logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0) + k * Math.log(mu)
                        + (n - k) * Math.log1p(-mu));
            }
            case POISSON -> {
                int k = (int) y;
                yield -2.0 * weight * (-mu + k * Math.log(mu) - logGamma(k + 1.0));
            }
            default -> Double.NaN;
        };
    }

    /** Whether this is the gaussian (variance 1) or gamma (variance μ²) family, whose AICs take whole-data sums. */
    public boolean isGaussian() {
        return kind == Kind.GAUSSIAN;
    }

    /** Whether this is the gamma family (variance μ²), tweedie with p = 2 included. */
    public boolean isGamma() {
        return kind == Kind.GAMMA;
    }

    /** log Γ(x) for x &gt; 0: Lanczos (g = 7, 9 terms), about 1e-15 relative, with the reflection below 0.5. */
    public static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        x -= 1;
        double a = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += g[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlmFamily f && f.name.equals(name) && f.kind == kind
                && Double.compare(f.variancePower, variancePower) == 0;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Double.hashCode(variancePower);
    }

    @Override
    public String toString() {
        return name.equals("tweedie") ? "tweedie(" + variancePower + ")" : name;
    }
}
