package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionTrainingSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@code SparkgradRegressor} with MLlib's GLM params against MLlib's
 * {@code GeneralizedLinearRegression} (IRLS) on the same rows: the coefficients within 1e-4 of the
 * largest, and the summary's deviance, null deviance, AIC and dispersion, for every family with
 * its usual links; and a Poisson GLM wider than MLlib's 4096-feature limit.
 */
class GlmParityTest extends LocalSparkTest {
    private static final int ROWS = 600;
    private static final double[] BETA = {0.4, -0.3, 0.2, 0.1};

    private static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false)
            .add("w", DataTypes.DoubleType, false);

    /** Rows x ~ N(0, 1)⁴ with a label drawn around μ = g⁻¹(β₀ + x·β) for the family, and weights in [0.5, 2). */
    private static Dataset<Row> rows(String family, double intercept, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double[] x = new double[BETA.length];
            double eta = intercept;
            for (int j = 0; j < x.length; j++) {
                x[j] = gaussian(rng);
                eta += BETA[j] * x[j];
            }
            double y = switch (family) {
                case "poisson" -> poisson(rng, Math.exp(eta));
                case "gamma" -> Math.exp(eta) * (-Math.log(1 - rng.nextDouble()) - Math.log(1 - rng.nextDouble())) / 2;
                // compound Poisson-gamma: a Poisson count of exponential claims, zero when none
                case "tweedie" -> {
                    int n = poisson(rng, Math.exp(eta) / 2);
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += -2 * Math.log(1 - rng.nextDouble());
                    }
                    yield s;
                }
                case "binomial" -> rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0;
                default -> eta + 0.5 * gaussian(rng);
            };
            out.add(RowFactory.create(Vectors.dense(x), y, 0.5 + 1.5 * rng.nextDouble()));
        }
        return spark.createDataFrame(out, SCHEMA).cache();
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int poisson(SplittableRandom rng, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** The figures of one fit: ours against MLlib's. */
    private static void matches(Dataset<Row> rows, String family, String link, double variancePower, Double linkPower,
            boolean weighted) {
        matches(rows, family, link, variancePower, linkPower, weighted, false);
    }

    /**
     * @param irlsMayStopShort for links that do not keep μ in range by themselves (sqrt, identity,
     *     inverse with poisson and gamma) MLlib's IRLS can stop at, or diverge to, a worse point; then
     *     ours must reach at least its deviance, and where it is lower the two fits are not compared
     */
    private static void matches(Dataset<Row> rows, String family, String link, double variancePower, Double linkPower,
            boolean weighted, boolean irlsMayStopShort) {
        matches(rows, family, link, variancePower, linkPower, weighted, irlsMayStopShort, true);
    }

    /** @param fitIntercept MLlib's fitIntercept, on both */
    private static void matches(Dataset<Row> rows, String family, String link, double variancePower, Double linkPower,
            boolean weighted, boolean irlsMayStopShort, boolean fitIntercept) {
        GeneralizedLinearRegression glr = new GeneralizedLinearRegression().setFamily(family).setTol(1e-12).setMaxIter(100)
                .setFitIntercept(fitIntercept);
        SparkgradRegressor ours = new SparkgradRegressor().setFamily(family).setTol(0).setMaxIter(2000).setNumPartitions(2)
                .setConfig("training.gradientTolerance = 1e-12").setFitIntercept(fitIntercept);
        if (link != null) {
            glr.setLink(link);
            ours.setLink(link);
        }
        if (family.equals("tweedie")) {
            glr.setVariancePower(variancePower);
            ours.setVariancePower(variancePower);
            if (linkPower != null) {
                glr.setLinkPower(linkPower);
                ours.setLinkPower(linkPower);
            }
        }
        if (weighted) {
            glr.setWeightCol("w");
            ours.setWeightCol("w");
        }
        String what = family + (link == null ? "" : "/" + link) + (family.equals("tweedie") ? "(" + variancePower + ", "
                + linkPower + ")" : "") + (weighted ? " weighted" : "") + (fitIntercept ? "" : " without intercept");
        GeneralizedLinearRegressionModel mllib = glr.fit(rows);
        SparkgradRegressionModel model = ours.fit(rows);
        if (irlsMayStopShort) {
            double theirs = mllib.summary().deviance();
            double deviance = model.summary().deviance();
            assertTrue(deviance <= theirs * (1 + 1e-9), what + ": deviance " + deviance + " above MLlib's " + theirs);
            if (deviance < theirs * (1 - 1e-6)) {
                System.out.println("GlmParityTest: " + what + ": MLlib's IRLS stopped at deviance " + theirs + ", ours reached "
                        + deviance);
                return;
            }
        }
        double[] expected = mllib.coefficients().toArray();
        double[] got = model.coefficients().toArray();
        String deviances = " (deviance: MLlib " + mllib.summary().deviance() + ", ours " + model.summary().deviance() + ")";
        double scale = Math.abs(mllib.intercept());
        for (double c : expected) {
            scale = Math.max(scale, Math.abs(c));
        }
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], got[j], 1e-4 * scale, what + ": coefficient " + j + deviances);
        }
        assertEquals(mllib.intercept(), model.intercept(), 1e-4 * scale, what + ": intercept" + deviances);
        if (!fitIntercept) {
            assertEquals(0.0, model.intercept(), 0.0, what + ": no intercept");
            assertFalse(model.savedModel().parameters().containsKey("bias"), what + ": no bias parameter");
        }

        GeneralizedLinearRegressionTrainingSummary s = mllib.summary();
        SparkgradSummary summary = model.summary();
        assertEquals(s.deviance(), summary.deviance(), 1e-7 * s.deviance(), what + ": deviance");
        assertEquals(s.nullDeviance(), summary.nullDeviance(), 1e-9 * s.nullDeviance(), what + ": null deviance");
        assertEquals(s.dispersion(), summary.dispersion(), 1e-5 * s.dispersion(), what + ": dispersion");
        if (family.equals("tweedie") && variancePower != 0 && variancePower != 1 && variancePower != 2) {
            assertThrows(UnsupportedOperationException.class, s::aic);
            assertTrue(Double.isNaN(summary.aic()), what + ": no AIC");
            assertFalse(summary.train().containsKey("aic"));
        } else {
            assertEquals(s.aic(), summary.aic(), 1e-7 * Math.abs(s.aic()), what + ": AIC");
        }
        // the predictions are μ, as MLlib's
        Row ourFirst = model.transform(rows).first();
        Row theirFirst = mllib.transform(rows).first();
        double mu = theirFirst.getAs("prediction");
        assertEquals(mu, (double) ourFirst.getAs("prediction"), 1e-4 * Math.abs(mu), what + ": prediction");
    }

    @Test
    void poissonMatchesMllibWithItsThreeLinks() {
        Dataset<Row> rows = rows("poisson", 0.5, 1);
        matches(rows, "poisson", null, 0, null, false);
        matches(rows, "poisson", null, 0, null, true);
        Dataset<Row> positive = rows("poisson", 2.5, 2);
        matches(positive, "poisson", "sqrt", 0, null, false, true);
        matches(positive, "poisson", "identity", 0, null, false, true);
    }

    @Test
    void gammaMatchesMllibWithItsThreeLinks() {
        Dataset<Row> rows = rows("gamma", 1.0, 3);
        matches(rows, "gamma", "log", 0, null, false);
        matches(rows, "gamma", "log", 0, null, true);
        Dataset<Row> far = rows("gamma", 3.0, 4);
        matches(far, "gamma", null, 0, null, false, true);
        matches(far, "gamma", "identity", 0, null, false, true);
    }

    @Test
    void tweedieMatchesMllibWithZerosInTheLabels() {
        Dataset<Row> rows = rows("tweedie", 1.0, 5);
        assertTrue(rows.filter("label = 0").count() > 20, "a compound Poisson sample has zeros");
        matches(rows, "tweedie", null, 1.5, 0.0, false);
        matches(rows, "tweedie", null, 1.5, 0.0, true);
        matches(rows, "tweedie", null, 1.2, null, false);
        // variance power 1 is MLlib's Poisson, under the name tweedie (Pearson dispersion)
        matches(rows("poisson", 0.5, 6), "tweedie", null, 1.0, 0.0, false);
    }

    @Test
    void gaussianAndBinomialMatchMllib() {
        Dataset<Row> normal = rows("gaussian", 2.0, 7);
        matches(normal, "gaussian", null, 0, null, false);
        matches(normal, "gaussian", null, 0, null, true);
        matches(rows("gaussian", 4.0, 11), "gaussian", "log", 0, null, false);
        Dataset<Row> binary = rows("binomial", 0.3, 8);
        matches(binary, "binomial", null, 0, null, false);
        matches(binary, "binomial", "probit", 0, null, false);
        matches(binary, "binomial", "cloglog", 0, null, true);
    }

    @Test
    void withoutAnInterceptMatchesMllibsFitInterceptFalse() {
        // MLlib's summary then takes the null model as eta = 0 and the rank as the features alone
        Dataset<Row> counts = rows("poisson", 0.5, 12);
        matches(counts, "poisson", null, 0, null, false, false, false);
        matches(counts, "poisson", null, 0, null, true, false, false);
        matches(rows("gaussian", 1.0, 13), "gaussian", null, 0, null, true, false, false);
        // (gamma/log is left out: MLlib's own IRLS fails on it without an intercept, "Sum of weights cannot be zero")
        matches(rows("binomial", 0.3, 15), "binomial", null, 0, null, false, false, false);
    }

    @Test
    void badFamiliesLinksAndLabelsAreRefusedInMllibsWords() {
        Dataset<Row> rows = rows("gaussian", 0.0, 9);
        IllegalArgumentException pair = assertThrows(IllegalArgumentException.class,
                () -> new SparkgradRegressor().setFamily("binomial").setLink("log").fit(rows));
        assertTrue(pair.getMessage().contains("Generalized Linear Regression with binomial family does not support log link "
                + "function."), pair.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparkgradRegressor().setFamily("normal"));
        assertThrows(IllegalArgumentException.class, () -> new SparkgradRegressor().setVariancePower(0.5));
        Exception label = assertThrows(Exception.class, () -> new SparkgradRegressor().setFamily("poisson").fit(rows));
        assertTrue(String.valueOf(label.getMessage()).contains("The response variable of Poisson family should be "
                + "non-negative"), label.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SparkgradRegressor().setFamily("gamma").setElasticNetParam(0.5).setRegParam(0.1).fit(rows));
    }

    @Test
    void aPoissonGlmTrainsOnTenThousandSparseFeaturesWhereMllibRefuses() {
        int width = 10_000;
        SplittableRandom rng = new SplittableRandom(10);
        double[] beta = new double[width];
        for (int j = 0; j < width; j++) {
            // every 100th feature carries signal, of alternating sign (every row has two of them)
            beta[j] = j % 100 != 0 ? 0.0 : j % 200 == 0 ? 0.6 : -0.6;
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // two of the 100 signal features (every 100th) and six of the others in each row
            java.util.TreeMap<Integer, Double> x = new java.util.TreeMap<>();
            while (x.size() < 2) {
                x.put(100 * rng.nextInt(100), 1.0);
            }
            while (x.size() < 8) {
                int j = rng.nextInt(width);
                if (j % 100 != 0) {
                    x.put(j, 1.0);
                }
            }
            double eta = 0.2;
            for (int j : x.keySet()) {
                eta += beta[j];
            }
            int[] idx = x.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] v = x.values().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(RowFactory.create(Vectors.sparse(width, idx, v), (double) poisson(rng, Math.exp(eta)), 1.0));
        }
        Dataset<Row> rows = spark.createDataFrame(out, SCHEMA).cache();
        Exception refused = assertThrows(Exception.class,
                () -> new GeneralizedLinearRegression().setFamily("poisson").fit(rows));
        assertTrue(refused.getMessage().contains("4096"), refused.getMessage());
        SparkgradRegressionModel model = new SparkgradRegressor().setFamily("poisson").setRegParam(5e-3)
                .setStandardization(false).setMaxIter(50).setNumPartitions(2).fit(rows);
        Vector c = model.coefficients();
        assertEquals(width, c.size());
        assertTrue(Arrays.stream(c.toArray()).allMatch(Double::isFinite));
        SparkgradSummary s = model.summary();
        assertTrue(s.deviance() < 0.9 * s.nullDeviance(), "the features explain counts: " + s.deviance() + " vs "
                + s.nullDeviance());
        // the features that carry the signal get the largest coefficients
        double signal = 0;
        double noise = 0;
        for (int j = 0; j < width; j++) {
            if (beta[j] != 0) {
                signal += Math.signum(beta[j]) * c.apply(j);
            } else {
                noise += Math.abs(c.apply(j));
            }
        }
        assertTrue(signal / 100 > 10 * noise / (width - 100), "signal " + signal / 100 + ", noise " + noise / (width - 100));
    }
}
