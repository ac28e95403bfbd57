package io.sparkgrad.spark.model;

import io.sparkgrad.nn.GlmFamily;
import io.sparkgrad.nn.GlmLink;
import java.io.Serializable;

/**
 * A generalized linear model's settings ({@code model.type = glm}), under MLlib's
 * {@code GeneralizedLinearRegression} names, resolved: the family with its variance power and the
 * link actually used (MLlib's default for the family when none was asked for).
 *
 * @param family gaussian, binomial, poisson, gamma or tweedie
 * @param variancePower tweedie's variance power (0 or ≥ 1); 0 for the other families
 * @param link identity, log, inverse, logit, probit, cloglog, sqrt, or power (tweedie's other link powers)
 * @param linkPower the exponent of a power link (identity 1, log 0, inverse −1, sqrt 0.5); NaN for logit, probit, cloglog
 * @param fitIntercept whether η has an intercept (MLlib's {@code fitIntercept}, default true)
 */
public record GlmSettings(String family, double variancePower, String link, double linkPower, boolean fitIntercept)
        implements Serializable {

    public GlmSettings {
        // validated once, when read: the family, the link, and MLlib's allowed pairs
        GlmFamily f = GlmFamily.of(family, variancePower);
        GlmLink l = link.equals("power") ? GlmLink.power(linkPower) : GlmLink.named(link);
        f.checkLink(l);
        link = l.name();
        linkPower = l.linkPower();
    }

    /** The settings of a model with an intercept. */
    public GlmSettings(String family, double variancePower, String link, double linkPower) {
        this(family, variancePower, link, linkPower, true);
    }

    /** These settings with or without an intercept. */
    public GlmSettings withFitIntercept(boolean fit) {
        return new GlmSettings(family, variancePower, link, linkPower, fit);
    }

    /**
     * The settings for {@code family} with MLlib's rules for the link: for tweedie the link is
     * μ^linkPower (default 1 − variancePower) and {@code link} is not read; for the others
     * {@code link} (default the family's) and {@code linkPower} is not read.
     *
     * @param link a link name, or null for the family's default
     * @param linkPower tweedie's link power, or NaN for its default
     */
    public static GlmSettings of(String family, double variancePower, String link, double linkPower) {
        GlmFamily f = GlmFamily.of(family, variancePower);
        GlmLink l;
        if (f.name().equals("tweedie")) {
            l = Double.isNaN(linkPower) ? f.defaultLink() : GlmLink.power(linkPower);
        } else {
            l = link == null ? f.defaultLink() : GlmLink.named(link);
        }
        return new GlmSettings(f.name(), f.name().equals("tweedie") ? variancePower : 0.0, l.name(), l.linkPower());
    }

    /** The engine's family. */
    public GlmFamily glmFamily() {
        return GlmFamily.of(family, variancePower);
    }

    /** The engine's link. */
    public GlmLink glmLink() {
        return link.equals("power") ? GlmLink.power(linkPower) : GlmLink.named(link);
    }
}
