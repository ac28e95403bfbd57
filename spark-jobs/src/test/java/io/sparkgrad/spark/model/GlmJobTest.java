package io.sparkgrad.spark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code model.type = glm} through the job: its keys read and checked, the family and link kept in
 * model.json, the GLM summary in summary.json, labels checked against the family.
 */
class GlmJobTest extends LocalSparkTest {
    private static Path counts;
    private static Path exposures;

    @BeforeAll
    static void data() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 400; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            double mean = Math.exp(0.5 + 0.8 * a - 0.4 * b);
            int k = 0;
            double p = Math.exp(-mean);
            double cdf = p;
            double u = rng.nextDouble();
            while (u > cdf) {
                k++;
                p *= mean / k;
                cdf += p;
            }
            csv.append(a).append(',').append(b).append(',').append(k).append('\n');
        }
        counts = dir.resolve("counts.csv");
        Files.writeString(counts, csv.toString());
        // counts over an exposure t: y ~ Poisson(t · exp(0.5 + 0.8a − 0.4b)), offset log t
        StringBuilder exposed = new StringBuilder("a,b,logt,y\n");
        for (int i = 0; i < 400; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            double t = rng.nextDouble(0.2, 5);
            double mean = t * Math.exp(0.5 + 0.8 * a - 0.4 * b);
            int k = 0;
            double p = Math.exp(-mean);
            double cdf = p;
            double u = rng.nextDouble();
            while (u > cdf && k < 1000) {
                k++;
                p *= mean / k;
                cdf += p;
            }
            exposed.append(a).append(',').append(b).append(',').append(Math.log(t)).append(',').append(k).append('\n');
        }
        exposures = dir.resolve("exposures.csv");
        Files.writeString(exposures, exposed.toString());
    }

    private static String job(String model) {
        return "data { path = \"" + counts + "\", label = y }\n" + model + "\ntraining { partitions = 2, tolerance = 0, "
                + "gradientTolerance = 1e-10, maxIterations = 500 }\noutput.overwrite = true\n";
    }

    @Test
    void aPoissonGlmWritesItsFamilyAndSummaryAndRecoversTheCoefficients() throws Exception {
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config(job("model { type = glm, family = poisson }"),
                dir.resolve("poisson")));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("poisson").resolve("out").resolve("summary.json").toFile());
        JsonNode train = summary.path("train");
        double deviance = train.path("deviance").asDouble(Double.NaN);
        assertTrue(deviance > 0 && deviance < 0.8 * train.path("nullDeviance").asDouble(), summary.toString());
        assertEquals(1.0, train.path("dispersion").asDouble(), 0.0);
        assertTrue(train.path("aic").asDouble() > deviance, summary.toString());
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), r.output() + "/model");
        assertEquals(new GlmSettings("poisson", 0, "log", 0), saved.spec().glm());
        var c = io.sparkgrad.spark.output.LinearCoefficients.of(saved);
        // 400 Poisson rows recover the generating coefficients roughly
        assertEquals(0.8, c.coefficients()[0][0], 0.2);
        assertEquals(-0.4, c.coefficients()[0][1], 0.2);
        assertEquals(0.5, c.intercepts()[0], 0.2);
    }

    @Test
    void anOffsetColumnEntersEtaWithCoefficientOneInTrainingAndScoring() throws Exception {
        String cfg = "data { path = \"" + exposures + "\", label = y, offset = logt }\nmodel { type = glm, family = poisson }\n"
                + "training { partitions = 2, tolerance = 0, gradientTolerance = 1e-10, maxIterations = 500 }\n"
                + "output.overwrite = true\n";
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config(cfg, dir.resolve("offset")));
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), r.output() + "/model");
        assertEquals("logt", saved.spec().glm().offset());
        assertEquals(java.util.List.of("a", "b"), saved.features(), "the offset column is not a feature");
        var c = io.sparkgrad.spark.output.LinearCoefficients.of(saved);
        assertEquals(0.8, c.coefficients()[0][0], 0.15);
        assertEquals(-0.4, c.coefficients()[0][1], 0.15);
        assertEquals(0.5, c.intercepts()[0], 0.15);
        JsonNode train = new ObjectMapper().readTree(dir.resolve("offset").resolve("out").resolve("summary.json").toFile())
                .path("train");
        assertTrue(train.path("deviance").asDouble() < train.path("nullDeviance").asDouble(), train.toString());

        // scoring reads the offset column too: μ = exp(x·β + β₀ + offset)
        var table = io.sparkgrad.spark.data.TableReader.read(spark, exposures.toString(), "csv", true, ",");
        java.util.List<org.apache.spark.sql.Row> scored = io.sparkgrad.spark.score.Scoring.score(spark, table, saved,
                table.columns().size(), io.sparkgrad.spark.score.ScoreColumns.DEFAULT).limit(20).collectAsList();
        assertEquals(20, scored.size());
        for (org.apache.spark.sql.Row row : scored) {
            double a = Double.parseDouble(String.valueOf(row.get(0)));
            double b = Double.parseDouble(String.valueOf(row.get(1)));
            double logt = Double.parseDouble(String.valueOf(row.get(2)));
            double mu = Math.exp(c.coefficients()[0][0] * a + c.coefficients()[0][1] * b + c.intercepts()[0] + logt);
            assertEquals(mu, row.getDouble(row.length() - 1), 1e-9 * mu);
        }
        // a table without the offset column cannot be scored by this model
        var plain = io.sparkgrad.spark.data.TableReader.read(spark, counts.toString(), "csv", true, ",");
        DataError missing = assertThrows(DataError.class, () -> io.sparkgrad.spark.score.Scoring.score(spark, plain, saved,
                plain.columns().size(), io.sparkgrad.spark.score.ScoreColumns.DEFAULT));
        assertTrue(missing.getMessage().contains("offset column 'logt'"), missing.getMessage());
    }

    @Test
    void offsetKeysAreCheckedNamingTheKey() {
        ConfigError notGlm = assertThrows(ConfigError.class, () -> LocalSpark.config("data { path = \"" + exposures
                + "\", label = y, offset = logt }\nmodel.type = linear\n", dir.resolve("badoffset1")));
        assertTrue(notGlm.getMessage().contains("config key 'data.offset' applies to model.type = glm only"),
                notGlm.getMessage());
        ConfigError label = assertThrows(ConfigError.class, () -> LocalSpark.config("data { path = \"" + exposures
                + "\", label = y, offset = y }\nmodel { type = glm, family = poisson }\n", dir.resolve("badoffset2")));
        assertTrue(label.getMessage().contains("config key 'data.offset' names column 'y'"), label.getMessage());
        Exception missing = assertThrows(Exception.class, () -> TrainJob.train(spark, LocalSpark.config("data { path = \""
                + counts + "\", label = y, offset = logt }\nmodel { type = glm, family = poisson }\n",
                dir.resolve("badoffset3"))));
        assertTrue(String.valueOf(missing.getMessage()).contains("offset column 'logt' (data.offset) not found"),
                missing.toString());
    }

    @Test
    void glmKeysAreCheckedAsMllibChecksItsParams() {
        ConfigError other = assertThrows(ConfigError.class, () -> LocalSpark.config(job("model { type = linear, family = "
                + "poisson }"), dir.resolve("bad1")));
        assertTrue(other.getMessage().contains("config key 'model.family' applies to model.type = glm only"),
                other.getMessage());
        ConfigError pair = assertThrows(ConfigError.class, () -> LocalSpark.config(job("model { type = glm, family = gamma, "
                + "link = logit }"), dir.resolve("bad2")));
        assertTrue(pair.getMessage().contains("Generalized Linear Regression with gamma family does not support logit link "
                + "function."), pair.getMessage());
        ConfigError tweedieLink = assertThrows(ConfigError.class, () -> LocalSpark.config(job("model { type = glm, family = "
                + "tweedie, link = log }"), dir.resolve("bad3")));
        assertTrue(tweedieLink.getMessage().contains("model.linkPower"), tweedieLink.getMessage());
        ConfigError power = assertThrows(ConfigError.class, () -> LocalSpark.config(job("model { type = glm, family = "
                + "tweedie, variancePower = 0.5 }"), dir.resolve("bad4")));
        assertTrue(power.getMessage().contains("model.variancePower"), power.getMessage());
        GlmSettings tweedie = LocalSpark.config(job("model { type = glm, family = tweedie, variancePower = 1.5 }"),
                dir.resolve("ok")).model().glm();
        assertEquals(new GlmSettings("tweedie", 1.5, "power", -0.5), tweedie);
        assertEquals("log", LocalSpark.config(job("model { type = glm, family = tweedie, variancePower = 1.5, linkPower = 0 }"),
                dir.resolve("ok2")).model().glm().link());
    }

    @Test
    void aLabelOutsideTheFamilysRangeFailsNamingTheColumnAndFamily() {
        Exception e = assertThrows(Exception.class, () -> TrainJob.train(spark, LocalSpark.config(
                job("model { type = glm, family = gamma }"), dir.resolve("zeros"))));
        Throwable t = e;
        while (!(t instanceof DataError) && t.getCause() != null) {
            t = t.getCause();
        }
        assertTrue(t instanceof DataError, e.toString());
        assertTrue(t.getMessage().contains("column 'y' (data.label): The response variable of Gamma family should be "
                + "positive, but got 0.0 (model.family = gamma)"), t.getMessage());
    }
}
