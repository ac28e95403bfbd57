package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradCheck;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The GLM families and links: every family with every link MLlib allows is gradchecked through
 * {@code halfDeviance(y, project(g⁻¹(η)))}, twice the tensor loss is MLlib's deviance formula,
 * the loss is stationary at μ = y, links invert, and MLlib's pairs, defaults, clamps and messages hold.
 */
class GlmFamilyTest {

    /** The (family, link) pairs MLlib fits, with the power links of a few tweedies. */
    static List<Object[]> pairs() {
        List<Object[]> out = new ArrayList<>();
        for (String f : List.of("gaussian", "binomial", "poisson", "gamma")) {
            for (String l : GlmLink.NAMES) {
                GlmFamily family = GlmFamily.of(f, 0);
                if (family.supports(GlmLink.named(l))) {
                    out.add(new Object[] {family, GlmLink.named(l)});
                }
            }
        }
        for (double p : new double[] {1.2, 1.5, 1.8, 2.5, 3.0}) {
            GlmFamily t = GlmFamily.of("tweedie", p);
            out.add(new Object[] {t, t.defaultLink()});
            out.add(new Object[] {t, GlmLink.LOG});
            out.add(new Object[] {t, GlmLink.power(0.3)});
        }
        return out;
    }

    /** η values inside a link's domain, whose μ lies in the family's range. */
    private static double[] etas(GlmFamily family, GlmLink link, SplittableRandom rng, int n) {
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = family.name().equals("binomial") ? rng.nextDouble(0.1, 0.9) : rng.nextDouble(0.5, 3.0);
        }
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            eta[i] = link.link(mu[i]);
        }
        return eta;
    }

    private static double[] labels(GlmFamily family, SplittableRandom rng, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = switch (family.name()) {
                case "binomial" -> i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : rng.nextDouble();
                case "poisson" -> rng.nextInt(5);
                case "gaussian" -> rng.nextDouble(-1, 4);
                case "gamma" -> rng.nextDouble(0.2, 4);
                default -> family.variancePower() < 2 && i % 4 == 0 ? 0 : rng.nextDouble(0.2, 4);
            };
        }
        return y;
    }

    @Test
    void everyFamilyWithEveryAllowedLinkIsGradcheckedThroughItsInverseLink() {
        SplittableRandom rng = new SplittableRandom(7);
        for (Object[] pair : pairs()) {
            GlmFamily family = (GlmFamily) pair[0];
            GlmLink link = (GlmLink) pair[1];
            Tensor y = Tensor.of(labels(family, rng, 6));
            Tensor eta = Tensor.of(etas(family, link, rng, 6)).requiresGrad_(true);
            assertTrue(GradCheck.gradcheck(in -> family.halfDeviance(y, family.fitted(link, in[0])).sum(), eta),
                    family + " with " + link);
            assertTrue(GradCheck.gradgradcheck(in -> family.halfDeviance(y, family.fitted(link, in[0])).sum(), eta),
                    family + " with " + link + " (second order)");
        }
    }

    @Test
    void twiceTheTensorLossIsMllibsDevianceAndItIsStationaryAtTheLabel() {
        SplittableRandom rng = new SplittableRandom(11);
        for (Object[] pair : pairs()) {
            GlmFamily family = (GlmFamily) pair[0];
            double[] ys = labels(family, rng, 8);
            double[] mus = new double[8];
            for (int i = 0; i < 8; i++) {
                mus[i] = family.name().equals("binomial") ? rng.nextDouble(0.05, 0.95) : rng.nextDouble(0.3, 5);
            }
            Tensor half = family.halfDeviance(Tensor.of(ys), Tensor.of(mus));
            for (int i = 0; i < 8; i++) {
                double d = family.deviance(ys[i], mus[i], 1.0);
                assertEquals(d, 2 * half.get(i), 1e-12 * Math.max(1, Math.abs(d)), family + " row " + i);
                assertEquals(3 * d, family.deviance(ys[i], mus[i], 3.0), 1e-12 * Math.max(1, Math.abs(d)));
            }
            // at μ = y (y > δ where the tweedie deviance floors y) the loss is 0 and flat
            double[] pos = {0.4, 0.7, 0.9, 0.25};
            Tensor mu = Tensor.of(pos).requiresGrad_(true);
            Tensor at = family.halfDeviance(Tensor.of(pos), mu);
            double[] g = Autograd.grad(at.sum(), mu)[0].toArray();
            for (int i = 0; i < pos.length; i++) {
                assertEquals(0, at.get(i), 1e-14, family + " at y = " + pos[i]);
                assertEquals(0, g[i], 1e-13, family + " slope at y = " + pos[i]);
            }
        }
    }

    @Test
    void linksInvertAndTheirScalarAndTensorFormsAgree() {
        double[] mus = {0.05, 0.3, 0.5, 0.81, 0.97};
        List<GlmLink> links = new ArrayList<>();
        for (String n : GlmLink.NAMES) {
            links.add(GlmLink.named(n));
        }
        links.add(GlmLink.power(-0.5));
        links.add(GlmLink.power(2.0 / 3));
        for (GlmLink link : links) {
            for (double mu : mus) {
                double eta = link.link(mu);
                assertEquals(mu, link.mean(eta), 1e-13, link + " at " + mu);
                assertEquals(link.mean(eta), link.mean(Tensor.scalar(eta)).item(), 1e-15, link + " tensor form");
                double h = 1e-6;
                double numeric = (link.link(mu + h) - link.link(mu - h)) / (2 * h);
                assertEquals(numeric, link.derivative(mu), 1e-6 * Math.max(1, Math.abs(numeric)), link + " g'(" + mu + ")");
            }
        }
        assertEquals(-1.959963984540054, GlmLink.inverseNormalCdf(0.025), 1e-14);
        assertEquals(3.090232306167813, GlmLink.inverseNormalCdf(0.999), 1e-13);
        assertEquals(-7.941345326170997, GlmLink.inverseNormalCdf(1e-15), 1e-7);
    }

    @Test
    void pairsDefaultsAndPowerLinksAreMllibs() {
        assertEquals(GlmLink.IDENTITY, GlmFamily.of("gaussian", 0).defaultLink());
        assertEquals(GlmLink.LOGIT, GlmFamily.of("Binomial", 0).defaultLink());
        assertEquals(GlmLink.LOG, GlmFamily.of("poisson", 0).defaultLink());
        assertEquals(GlmLink.INVERSE, GlmFamily.of("gamma", 0).defaultLink());
        assertEquals(GlmLink.power(-0.5), GlmFamily.of("tweedie", 1.5).defaultLink());
        assertEquals(GlmLink.LOG, GlmFamily.of("tweedie", 1.0).defaultLink());
        assertEquals(GlmLink.SQRT, GlmLink.power(0.5));
        assertEquals(GlmLink.INVERSE, GlmLink.power(-1));
        assertEquals("power", GlmLink.power(0.25).name());
        // 12 pairs, as MLlib's supportedFamilyAndLinkPairs
        int n = 0;
        for (String f : List.of("gaussian", "binomial", "poisson", "gamma")) {
            for (String l : GlmLink.NAMES) {
                n += GlmFamily.of(f, 0).supports(GlmLink.named(l)) ? 1 : 0;
            }
        }
        assertEquals(12, n);
        assertFalse(GlmFamily.of("poisson", 0).supports(GlmLink.LOGIT));
        assertFalse(GlmFamily.of("tweedie", 1.5).supports(GlmLink.LOGIT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlmFamily.of("binomial", 0).checkLink(GlmLink.LOG));
        assertEquals("Generalized Linear Regression with binomial family does not support log link function.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GlmFamily.of("tweedie", 0.5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GlmFamily.of("normal", 0)).getMessage()
                .contains("gaussian, binomial, poisson, gamma, tweedie"));
        assertThrows(IllegalArgumentException.class, () -> GlmLink.named("power"));
        // tweedie 0, 1, 2 are gaussian, poisson and gamma, but keep MLlib's dispersion rule by name
        GlmFamily t1 = GlmFamily.of("tweedie", 1);
        assertEquals(GlmFamily.of("poisson", 0).deviance(3, 2, 1), t1.deviance(3, 2, 1), 0);
        assertFalse(t1.hasUnitDispersion());
        assertTrue(t1.hasAic());
        assertFalse(GlmFamily.of("tweedie", 1.5).hasAic());
        assertTrue(GlmFamily.of("poisson", 0).hasUnitDispersion());
    }

    @Test
    void muIsClampedAsMllibAndLabelsAreCheckedInItsWords() {
        GlmFamily binomial = GlmFamily.of("binomial", 0);
        assertEquals(1e-16, binomial.project(Tensor.of(0.0)).item(), 0);
        assertEquals(1 - 1e-16, binomial.project(Tensor.of(1.0)).item(), 0);
        GlmFamily gamma = GlmFamily.of("gamma", 0);
        assertEquals(1e-16, gamma.project(Tensor.of(-3.0)).item(), 0);
        assertEquals(Double.MAX_VALUE, gamma.project(Tensor.of(Double.POSITIVE_INFINITY)).item(), 0);
        assertEquals(-3.0, GlmFamily.of("gaussian", 0).project(-3.0), 0);
        assertEquals("The response variable of Poisson family should be non-negative, but got -1.0",
                GlmFamily.of("poisson", 0).labelError(-1));
        assertEquals("The response variable of Gamma family should be positive, but got 0.0",
                GlmFamily.of("gamma", 0).labelError(0));
        assertNull(GlmFamily.of("tweedie", 1.5).labelError(0));
        assertEquals("The response variable of tweedie(2.5) family should be positive, but got 0.0",
                GlmFamily.of("tweedie", 2.5).labelError(0));
        assertNull(binomial.labelError(0.25));
        assertTrue(binomial.labelError(2) != null);
    }

    @Test
    void logGammaAndTheLogLikelihoodTermsHaveTheirClosedForms() {
        assertEquals(Math.log(Math.sqrt(Math.PI)), GlmFamily.logGamma(0.5), 1e-15);
        assertEquals(Math.log(362880), GlmFamily.logGamma(10), 1e-13);
        assertEquals(0, GlmFamily.logGamma(1), 1e-15);
        assertEquals(0, GlmFamily.logGamma(2), 1e-15);
        assertEquals(363.73937555556347, GlmFamily.logGamma(101), 1e-11);
        // poisson: −2 log(e^−μ μ^k / k!) at μ = 2, k = 3
        assertEquals(-2 * Math.log(Math.exp(-2) * 8 / 6), GlmFamily.of("poisson", 0).minusTwoLogLikelihood(3, 2, 1), 1e-13);
        // binomial with 4 trials, 1 success (y = 0.25), p = 0.3: C(4,1) 0.3 0.7³
        assertEquals(-2 * Math.log(4 * 0.3 * Math.pow(0.7, 3)),
                GlmFamily.of("binomial", 0).minusTwoLogLikelihood(0.25, 0.3, 4), 1e-13);
    }
}
