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
            .add("w", DataTypes.DoubleType, false)
            .add("o", DataTypes.DoubleType, false);

    /**
     * Our stop rule: the objective's relative change at most 1e-12, or the gradient's norm within
     * 1e-9 × max(|objective|, 1). L-BFGS gets there in 5 to 22 iterations on these rows, with the
     * coefficients within 1e-7 of MLlib's (of the largest), far inside the 1e-4 asserted. With
     * tolerance 0 and a gradient bound of 1e-12 it ran on where the objective no longer moved:
     * 2000 iterations at gamma/identity's optimum on the boundary μ > 0, whose gradient is not 0.
     */
    private static final double TOLERANCE = 1e-12;
    private static final String GRADIENT_TOLERANCE = "training.gradientTolerance = 1e-9";

    /**
     * Rows x ~ N(0, 1)⁴ with a label drawn around μ = g⁻¹(β₀ + x·β + o) for the family, weights
     * in [0.5, 2) in column w, and an offset in column o: with {@code offsets}, o = log t for an
     * exposure t in [0.2, 5) (a shift in [−2, 2) for gaussian), drawn before x; else o = 0.
     */
    private static Dataset<Row> rows(String family, double intercept, long seed, boolean offsets) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double o = !offsets ? 0.0 : family.equals("gaussian") ? rng.nextDouble(-2, 2) : Math.log(rng.nextDouble(0.2, 5));
            double[] x = new double[BETA.length];
            double eta = intercept + o;
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
            out.add(RowFactory.create(Vectors.dense(x), y, 0.5 + 1.5 * rng.nextDouble(), o));
        }
        return spark.createDataFrame(out, SCHEMA).cache();
    }

    private static Dataset<Row> rows(String family, double intercept, long seed) {
        return rows(family, intercept, seed, false);
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

    /**
     * One comparison: MLlib's GLM params, set alike on MLlib's {@code GeneralizedLinearRegression}
     * and on ours, over the same rows.
     *
     * @param irls what MLlib's IRLS does on these rows: with links that do not keep μ in range by
     *     themselves (sqrt, identity, inverse with poisson and gamma) it can stop at, or diverge to,
     *     a worse point; then ours must reach at least its deviance, and where it is lower the two
     *     fits are not compared
     * @param weightCol MLlib's weightCol (empty: none)
     * @param offsetCol MLlib's offsetCol (empty: none)
     */
    /** What MLlib's IRLS does on a case's rows. */
    private enum Irls { CONVERGES, MAY_STOP_SHORT, DIVERGES }

    private record Glm(Dataset<Row> rows, String family, String link, double variancePower, Double linkPower,
            String weightCol, Irls irls, boolean fitIntercept, String offsetCol) {
        static Glm of(Dataset<Row> rows, String family) {
            return new Glm(rows, family, null, 0, null, "", Irls.CONVERGES, true, "");
        }

        Glm link(String l) {
            return new Glm(rows, family, l, variancePower, linkPower, weightCol, irls, fitIntercept, offsetCol);
        }

        /** Tweedie's powers; a null link power is MLlib's default, 1 − variancePower. */
        Glm powers(double variance, Double linkP) {
            return new Glm(rows, family, link, variance, linkP, weightCol, irls, fitIntercept, offsetCol);
        }

        /** Rows weighted by column w. */
        Glm weighted() {
            return new Glm(rows, family, link, variancePower, linkPower, "w", irls, fitIntercept, offsetCol);
        }

        Glm irlsMayStopShort() {
            return new Glm(rows, family, link, variancePower, linkPower, weightCol, Irls.MAY_STOP_SHORT, fitIntercept,
                    offsetCol);
        }

        Glm irlsDiverges() {
            return new Glm(rows, family, link, variancePower, linkPower, weightCol, Irls.DIVERGES, fitIntercept, offsetCol);
        }

        Glm withoutIntercept() {
            return new Glm(rows, family, link, variancePower, linkPower, weightCol, irls, false, offsetCol);
        }

        /** Column o as the offset. */
        Glm offset() {
            return new Glm(rows, family, link, variancePower, linkPower, weightCol, irls, fitIntercept, "o");
        }

        String what() {
            return family + (link == null ? "" : "/" + link) + (family.equals("tweedie") ? "(" + variancePower + ", "
                    + linkPower + ")" : "") + (weightCol.isEmpty() ? "" : " weighted") + (fitIntercept ? "" : " without intercept")
                    + (offsetCol.isEmpty() ? "" : " with offset");
        }

        /**
         * MLlib's fit, to 1e-12 in 100 iterations; where IRLS diverges, in its default 25 (all 100
         * took a third of this class's time, to diverge further).
         */
        GeneralizedLinearRegression mllib() {
            GeneralizedLinearRegression glr = new GeneralizedLinearRegression().setFamily(family).setTol(1e-12)
                    .setMaxIter(irls == Irls.DIVERGES ? 25 : 100).setFitIntercept(fitIntercept);
            if (!offsetCol.isEmpty()) {
                glr.setOffsetCol(offsetCol);
            }
            if (link != null) {
                glr.setLink(link);
            }
            if (family.equals("tweedie")) {
                glr.setVariancePower(variancePower);
                if (linkPower != null) {
                    glr.setLinkPower(linkPower);
                }
            }
            return weightCol.isEmpty() ? glr : glr.setWeightCol(weightCol);
        }

        SparkgradRegressor ours() {
            SparkgradRegressor ours = new SparkgradRegressor().setFamily(family).setTol(TOLERANCE).setMaxIter(500)
                    .setNumPartitions(2).setConfig(GRADIENT_TOLERANCE).setFitIntercept(fitIntercept);
            if (!offsetCol.isEmpty()) {
                ours.setOffsetCol(offsetCol);
            }
            if (link != null) {
                ours.setLink(link);
            }
            if (family.equals("tweedie")) {
                ours.setVariancePower(variancePower);
                if (linkPower != null) {
                    ours.setLinkPower(linkPower);
                }
            }
            return weightCol.isEmpty() ? ours : ours.setWeightCol(weightCol);
        }
    }

    /** The figures of one fit, ours against MLlib's: coefficients, summary and predictions; our model. */
    private static SparkgradRegressionModel matches(Glm g) {
        String what = g.what();
        Dataset<Row> rows = g.rows();
        GeneralizedLinearRegressionModel mllib = g.mllib().fit(rows);
        SparkgradRegressionModel model = g.ours().fit(rows);
        if (g.irls() != Irls.CONVERGES) {
            double theirs = mllib.summary().deviance();
            double deviance = model.summary().deviance();
            assertTrue(deviance <= theirs * (1 + 1e-9), what + ": deviance " + deviance + " above MLlib's " + theirs);
            if (g.irls() == Irls.DIVERGES) {
                assertTrue(theirs > 10 * deviance, what + ": MLlib's IRLS deviance " + theirs + " is within 10x of ours, "
                        + deviance + ": it did not diverge");
            }
            if (deviance < theirs * (1 - 1e-6)) {
                System.out.println("GlmParityTest: " + what + ": MLlib's IRLS stopped at deviance " + theirs + ", ours reached "
                        + deviance);
                return model;
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
        if (!g.fitIntercept()) {
            assertEquals(0.0, model.intercept(), 0.0, what + ": no intercept");
            assertFalse(model.savedModel().parameters().containsKey("bias"), what + ": no bias parameter");
        }

        GeneralizedLinearRegressionTrainingSummary s = mllib.summary();
        SparkgradSummary summary = model.summary();
        assertEquals(s.deviance(), summary.deviance(), 1e-7 * s.deviance(), what + ": deviance");
        assertEquals(s.nullDeviance(), summary.nullDeviance(), 1e-9 * s.nullDeviance(), what + ": null deviance");
        assertEquals(s.dispersion(), summary.dispersion(), 1e-5 * s.dispersion(), what + ": dispersion");
        double p = g.variancePower();
        if (g.family().equals("tweedie") && p != 0 && p != 1 && p != 2) {
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
        return model;
    }

    @Test
    void poissonMatchesMllibWithItsThreeLinks() {
        Dataset<Row> rows = rows("poisson", 0.5, 1);
        matches(Glm.of(rows, "poisson"));
        matches(Glm.of(rows, "poisson").weighted());
        Dataset<Row> positive = rows("poisson", 2.5, 2);
        matches(Glm.of(positive, "poisson").link("sqrt").irlsMayStopShort());
        matches(Glm.of(positive, "poisson").link("identity").irlsDiverges());
    }

    @Test
    void gammaMatchesMllibWithItsThreeLinks() {
        Dataset<Row> rows = rows("gamma", 1.0, 3);
        matches(Glm.of(rows, "gamma").link("log"));
        matches(Glm.of(rows, "gamma").link("log").weighted());
        Dataset<Row> far = rows("gamma", 3.0, 4);
        matches(Glm.of(far, "gamma").irlsDiverges());
        matches(Glm.of(far, "gamma").link("identity").irlsDiverges());
    }

    @Test
    void tweedieMatchesMllibWithZerosInTheLabels() {
        Dataset<Row> rows = rows("tweedie", 1.0, 5);
        assertTrue(rows.filter("label = 0").count() > 20, "a compound Poisson sample has zeros");
        matches(Glm.of(rows, "tweedie").powers(1.5, 0.0));
        matches(Glm.of(rows, "tweedie").powers(1.5, 0.0).weighted());
        matches(Glm.of(rows, "tweedie").powers(1.2, null));
        // variance power 1 is MLlib's Poisson, under the name tweedie (Pearson dispersion)
        matches(Glm.of(rows("poisson", 0.5, 6), "tweedie").powers(1.0, 0.0));
    }

    @Test
    void gaussianAndBinomialMatchMllib() {
        Dataset<Row> normal = rows("gaussian", 2.0, 7);
        matches(Glm.of(normal, "gaussian"));
        matches(Glm.of(normal, "gaussian").weighted());
        matches(Glm.of(rows("gaussian", 4.0, 11), "gaussian").link("log"));
        Dataset<Row> binary = rows("binomial", 0.3, 8);
        matches(Glm.of(binary, "binomial"));
        matches(Glm.of(binary, "binomial").link("probit"));
        matches(Glm.of(binary, "binomial").link("cloglog").irlsMayStopShort());
    }

    @Test
    void withoutAnInterceptMatchesMllibsFitInterceptFalse() {
        // MLlib's summary then takes the null model as eta = 0 and the rank as the features alone
        Dataset<Row> counts = rows("poisson", 0.5, 12);
        matches(Glm.of(counts, "poisson").withoutIntercept());
        matches(Glm.of(counts, "poisson").withoutIntercept().weighted());
        matches(Glm.of(rows("gaussian", 1.0, 13), "gaussian").withoutIntercept().weighted());
        // (gamma/log is left out: MLlib's own IRLS fails on it without an intercept, "Sum of weights cannot be zero")
        matches(Glm.of(rows("binomial", 0.3, 15), "binomial").withoutIntercept());
    }

    @Test
    void offsetColMatchesMllibsOffsetInTheFitTheSummaryAndThePredictions() {
        // the null deviance is then of MLlib's intercept-only fit with the offsets (closed form for gaussian identity)
        Dataset<Row> counts = rows("poisson", 0.3, 16, true);
        SparkgradRegressionModel with = matches(Glm.of(counts, "poisson").offset());
        matches(Glm.of(counts, "poisson").offset().weighted());
        matches(Glm.of(counts, "poisson").offset().withoutIntercept());
        matches(Glm.of(rows("gamma", 0.5, 17, true), "gamma").link("log").offset());
        matches(Glm.of(rows("gaussian", 1.0, 18, true), "gaussian").offset().weighted());
        // the offset moves the fit: the same rows without it give other coefficients
        SparkgradRegressionModel without = new SparkgradRegressor().setFamily("poisson").setMaxIter(200).setNumPartitions(2)
                .fit(counts);
        assertTrue(Math.abs(with.intercept() - without.intercept()) > 0.05, with.intercept() + " vs " + without.intercept());
        Exception refused = assertThrows(Exception.class,
                () -> new SparkgradRegressor().setModelType("linear").setOffsetCol("o").fit(counts));
        assertTrue(refused.getMessage().contains("data.offset"), refused.getMessage());
    }

    @Test
    void offsetsGiveTheSameFitFromSparseVectorsAndFromFeatureColumnsAndMatchMllib() {
        // 25 features, one stored per row (4 %): the vector column is packed as CSR blocks; the same
        // values as 25 numeric columns (featureCols) are packed densely
        int width = 25;
        SplittableRandom rng = new SplittableRandom(19);
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false).add("w", DataTypes.DoubleType, false)
                .add("o", DataTypes.DoubleType, false);
        String[] names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = "f" + j;
            schema = schema.add(names[j], DataTypes.DoubleType, false);
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int j = rng.nextInt(width);
            double x = gaussian(rng);
            double o = Math.log(rng.nextDouble(0.2, 5));
            double y = poisson(rng, Math.exp(0.3 + (j % 2 == 0 ? 0.4 : -0.3) * x + o));
            Object[] row = new Object[4 + width];
            row[0] = Vectors.sparse(width, new int[] {j}, new double[] {x});
            row[1] = y;
            row[2] = 0.5 + 1.5 * rng.nextDouble();
            row[3] = o;
            for (int k = 0; k < width; k++) {
                row[4 + k] = k == j ? x : 0.0;
            }
            out.add(RowFactory.create(row));
        }
        Dataset<Row> rows = spark.createDataFrame(out, schema).cache();
        // without standardisation both pack the values as they are: the same objective, summed in the same order
        SparkgradRegressor est = Glm.of(rows, "poisson").offset().weighted().ours().setStandardization(false);
        SparkgradRegressionModel sparse = est.fit(rows);
        SparkgradRegressionModel dense = est.copy(org.apache.spark.ml.param.ParamMap.empty()).setFeatureCols(names).fit(rows);
        assertTrue(sparse.summary().cachedBytesPerRow() < 0.5 * dense.summary().cachedBytesPerRow(),
                "CSR blocks: " + sparse.summary().cachedBytesPerRow() + " bytes a row against dense "
                        + dense.summary().cachedBytesPerRow());
        double[] a = sparse.coefficients().toArray();
        double[] b = dense.coefficients().toArray();
        assertEquals(width, a.length);
        for (int j = 0; j < width; j++) {
            assertEquals(b[j], a[j], 1e-12 * Math.abs(b[j]), "coefficient " + j);
        }
        assertEquals(dense.intercept(), sparse.intercept(), 1e-12 * Math.abs(dense.intercept()), "intercept");
        assertEquals(dense.summary().deviance(), sparse.summary().deviance(), 1e-12 * dense.summary().deviance());
        assertEquals(dense.summary().nullDeviance(), sparse.summary().nullDeviance(), 1e-12 * dense.summary().nullDeviance());
        // both read the offset in transform too
        List<Row> fromSparse = sparse.transform(rows).select("prediction").limit(50).collectAsList();
        List<Row> fromDense = dense.transform(rows).select("prediction").limit(50).collectAsList();
        for (int i = 0; i < fromSparse.size(); i++) {
            double mu = fromDense.get(i).getDouble(0);
            assertEquals(mu, fromSparse.get(i).getDouble(0), 1e-12 * mu, "prediction " + i);
        }
        // and the sparse fit is MLlib's (which takes sparse vectors up to 4096 features)
        GeneralizedLinearRegressionModel mllib = Glm.of(rows, "poisson").offset().weighted().mllib().fit(rows);
        double[] expected = mllib.coefficients().toArray();
        double scale = Math.abs(mllib.intercept());
        for (double c : expected) {
            scale = Math.max(scale, Math.abs(c));
        }
        for (int j = 0; j < width; j++) {
            assertEquals(expected[j], a[j], 1e-4 * scale, "coefficient " + j + " against MLlib's");
        }
        assertEquals(mllib.intercept(), sparse.intercept(), 1e-4 * scale, "intercept against MLlib's");
        assertEquals(mllib.summary().deviance(), sparse.summary().deviance(), 1e-7 * mllib.summary().deviance());
        assertEquals(mllib.summary().nullDeviance(), sparse.summary().nullDeviance(), 1e-9 * mllib.summary().nullDeviance());

        // an offset column that is missing, or holds no numbers, is refused naming it, through either door
        for (SparkgradRegressor e : List.of(est, est.copy(org.apache.spark.ml.param.ParamMap.empty()).setFeatureCols(names))) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> e.copy(org.apache.spark.ml.param.ParamMap.empty()).setOffsetCol("exposure").fit(rows));
            assertTrue(missing.getMessage().contains("offset column 'exposure' (offsetCol) not found"), missing.getMessage());
            IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                    () -> e.copy(org.apache.spark.ml.param.ParamMap.empty()).setOffsetCol("features").fit(rows));
            assertTrue(vector.getMessage().contains("offset column 'features' (offsetCol) has type vector"),
                    vector.getMessage());
            Dataset<Row> text = rows.withColumn("o", org.apache.spark.sql.functions.when(
                    org.apache.spark.sql.functions.col("label").equalTo(3.0), org.apache.spark.sql.functions.lit("n/a"))
                    .otherwise(org.apache.spark.sql.functions.col("o").cast("string")));
            Exception notANumber = assertThrows(Exception.class, () -> e.fit(text));
            assertTrue(String.valueOf(notANumber.getMessage()).contains("column 'o'")
                    && notANumber.getMessage().contains("'n/a' is not a"), notANumber.getMessage());
        }
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
            out.add(RowFactory.create(Vectors.sparse(width, idx, v), (double) poisson(rng, Math.exp(eta)), 1.0, 0.0));
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
