package io.sparkgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A user's model class named in the config trains; a saved model scores new data with PredictJob. */
class UserModelTest extends LocalSparkTest {

    @Test
    void userModelClassLoadedByNameTrains() {
        JobConfig cfg = LocalSpark.config("""
                data { path = "datasets/breast_cancer.csv", seed = 7 }
                model {
                  type = class
                  class = io.sparkgrad.spark.testmodels.TemperedLogisticModel
                  task = binary
                  options { temperature = 2 }
                }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 60, partitions = 2 }
                """, dir.resolve("user"));
        TrainJob.Result r = TrainJob.train(spark, cfg);
        assertEquals(60, r.iterations());
        assertTrue(r.validation().get("accuracy") >= 0.95, "validation " + r.validation());
        assertTrue(r.metrics().get(59).loss() < 0.5 * r.metrics().get(0).loss());
        assertEquals(List.of("w", "bias"), List.copyOf(r.parameters().keySet()));
    }

    @Test
    void resumingContinuesFromTheSavedParametersOptimizerStateAndSchedule() throws Exception {
        String base = """
                data { path = "datasets/wine.csv", seed = 7 }
                model { type = softmax, classes = 3 }
                optimizer { type = adam, lr = 0.05, schedule { type = step, stepSize = 3, gamma = 0.5 } }
                training { maxIterations = 10, partitions = 2, tolerance = 0 }
                """;
        TrainJob.Result straight = TrainJob.train(spark, LocalSpark.config(base.replace("maxIterations = 10", "maxIterations = 20"),
                dir.resolve("straight")));
        TrainJob.train(spark, LocalSpark.config(base, dir.resolve("first")));
        // resume in place: the run reads its starting point before replacing the directory;
        // training.maxIterations counts the resumed run's 10 iterations too
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(base.replace("maxIterations = 10",
                "maxIterations = 20") + "training.resumeFrom = \"" + dir.resolve("first/out") + "\"\noutput.overwrite = true",
                dir.resolve("first")));
        assertEquals(10, resumed.iterations());
        assertEquals(11, resumed.metrics().get(0).iteration(), "a resumed run continues the iteration count");
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), dir.resolve("first/out").toString());
        assertEquals(20, saved.iterations());
        assertEquals(20, saved.schedule().lastEpoch());
        assertEquals(straight.metrics().get(19).lr(), resumed.metrics().get(9).lr(), 0.0, "the schedule continued");
        for (String name : straight.parameters().keySet()) {
            assertArrayEquals(straight.parameters().get(name).toArray(), resumed.parameters().get(name).toArray(), 1e-12,
                    name);
        }
    }

    @Test
    void predictJobWritesPredictionsAndProbabilitiesAsParquet() throws Exception {
        JobConfig cfg = LocalSpark.config("""
                data { path = "datasets/iris.csv", seed = 7 }
                model { type = softmax, classes = 3 }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 100, partitions = 2 }
                """, dir.resolve("iris"));
        TrainJob.Result trained = TrainJob.train(spark, cfg);
        String out = dir.resolve("scored").toString();
        PredictJob.Options o = PredictJob.parseArguments(new String[] {
            "--model", trained.output(), "--input", "datasets/iris.csv", "--output", out});
        assertEquals("csv", o.format());
        assertEquals(150, PredictJob.predict(spark, o));
        assertTrue(Files.exists(Path.of(out, "_SUCCESS")));

        Dataset<Row> scored = spark.read().parquet(out);
        assertEquals(List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "label",
                "rawPrediction", "probability", "prediction"), List.of(scored.columns()));
        long correct = scored.filter("CAST(label AS DOUBLE) = prediction").count();
        assertTrue(correct >= 140, correct + " of 150 correct");
        Row first = scored.first();
        org.apache.spark.ml.linalg.Vector p = first.getAs("probability");
        org.apache.spark.ml.linalg.Vector raw = first.getAs("rawPrediction");
        assertEquals(3, p.size());
        assertEquals(1.0, p.apply(0) + p.apply(1) + p.apply(2), 1e-12);
        assertEquals(Math.log(p.apply(2)), raw.apply(2), 1e-15, "rawPrediction is the log of each probability");

        assertEquals(2, PredictJob.run(new String[] {"--model", trained.output(), "--input", "datasets/iris.csv",
            "--output", out}), "an existing output is refused as a usage error");
    }
}
