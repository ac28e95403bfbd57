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
