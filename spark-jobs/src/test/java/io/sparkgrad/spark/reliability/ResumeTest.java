package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.state.IterationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact resume for every optimizer and schedule: N iterations equal N/2 iterations, a crash and a
 * resume from the checkpoint for the other N/2, bit for bit — parameters and learning rates.
 */
class ResumeTest extends LocalSparkTest {
    private static final int N = 6;

    static Stream<Arguments> optimizersAndSchedules() {
        List<Arguments> out = new ArrayList<>();
        for (String optimizer : List.of("{ type = sgd, lr = 0.1, momentum = 0.9, nesterov = true }",
                "{ type = adam, lr = 0.05, amsgrad = true }", "{ type = adamw, lr = 0.05 }")) {
            for (String schedule : List.of("{ type = none }", "{ type = step, stepSize = 2, gamma = 0.5 }",
                    "{ type = exponential, gamma = 0.8 }", "{ type = cosine, tMax = 0, etaMin = 0.001 }")) {
                out.add(Arguments.of(optimizer, schedule));
            }
        }
        return out.stream();
    }

    private static String config(String optimizer, String schedule) {
        return """
                data { path = "datasets/iris.csv", seed = 7 }
                model { type = softmax, classes = 3 }
                optimizer %s
                optimizer.schedule %s
                training { maxIterations = %d, tolerance = 0, partitions = 2, checkpointInterval = %d }
                output.overwrite = true
                """.formatted(optimizer, schedule, N, N / 2);
    }

    private static double[] flat(TrainJob.Result r) {
        return r.parameters().values().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toArray())).toArray();
    }

    private static TrainJob.Result crashAfter(int iteration, String cfg, Path where) {
        System.setProperty("sparkgrad.fault", "crash-after:" + iteration);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TrainJob.train(spark, LocalSpark.config(cfg, where)));
            assertEquals("sparkgrad-fault: crashed after iteration " + iteration, e.getMessage());
            return null;
        } finally {
            System.clearProperty("sparkgrad.fault");
        }
    }

    @ParameterizedTest(name = "optimizer {0}, schedule {1}")
    @MethodSource("optimizersAndSchedules")
    void halfARunACrashAndAResumeEqualTheWholeRunBitForBit(String optimizer, String schedule) {
        String cfg = config(optimizer, schedule);
        String name = Integer.toHexString((optimizer + schedule).hashCode());
        TrainJob.Result straight = TrainJob.train(spark, LocalSpark.config(cfg, dir.resolve("straight-" + name)));
        Path crashed = dir.resolve("crashed-" + name);
        crashAfter(N / 2, cfg, crashed);
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(cfg + "training.resumeFrom = \""
                + crashed.resolve("out.checkpoints") + "\"\n", crashed));
        assertEquals(N / 2 + 1, resumed.metrics().get(0).iteration());
        assertArrayEquals(flat(straight), flat(resumed), "parameters");
        for (int i = 0; i < N / 2; i++) {
            IterationMetrics a = straight.metrics().get(N / 2 + i);
            IterationMetrics b = resumed.metrics().get(i);
            assertEquals(Double.doubleToRawLongBits(a.lr()), Double.doubleToRawLongBits(b.lr()), "lr of iteration " + a.iteration());
            assertEquals(Double.doubleToRawLongBits(a.objective()), Double.doubleToRawLongBits(b.objective()));
        }
    }

    @Test
    void aResumedCosineScheduleKeepsItsTMax() {
        // T_max = 0 means maxIterations = 6; the schedule never rises above its base rate
        String cfg = config("{ type = adam, lr = 0.05 }", "{ type = cosine, tMax = 0 }");
        Path crashed = dir.resolve("cosine");
        crashAfter(3, cfg, crashed);
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(cfg.replace("maxIterations = 6",
                "maxIterations = 12") + "training.resumeFrom = \"" + crashed.resolve("out.checkpoints") + "\"\n", crashed));
        for (IterationMetrics m : resumed.metrics()) {
            assertTrue(m.lr() <= 0.05, "iteration " + m.iteration() + " lr " + m.lr());
        }
    }

    @Test
    void missingOptimizerStateIsAnErrorUnlessAFreshOptimizerIsAskedFor() throws Exception {
        String cfg = config("{ type = adam, lr = 0.05 }", "{ type = none }");
        Path first = dir.resolve("no-state");
        crashAfter(3, cfg, first);
        Path ckpt = first.resolve("out.checkpoints/ckpt-00000003");
        Files.delete(ckpt.resolve("optimizer.safetensors"));
        Files.writeString(ckpt.resolve("model.json"), Files.readString(ckpt.resolve("model.json"))
                .replace("\"optimizerFile\": \"optimizer.safetensors\"", "\"optimizerFile\": null"));
        Files.delete(ckpt.resolve("MANIFEST.json"));
        String resume = cfg + "training.resumeFrom = \"" + ckpt + "\"\n";
        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.train(spark, LocalSpark.config(resume, first)));
        assertTrue(e.getMessage().contains("holds no optimizer state; set training.resumeOptimizer = false"), e.getMessage());
        TrainJob.Result fresh = TrainJob.train(spark, LocalSpark.config(resume + "training.resumeOptimizer = false\n", first));
        assertEquals(4, fresh.metrics().get(0).iteration());
    }

    @Test
    void aChangedLearningRateIsAppliedWithoutASchedule() {
        String cfg = config("{ type = adam, lr = 0.05 }", "{ type = none }");
        Path first = dir.resolve("lr");
        crashAfter(3, cfg, first);
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(cfg.replace("lr = 0.05", "lr = 0.01")
                + "training.resumeFrom = \"" + first.resolve("out.checkpoints") + "\"\n", first));
        assertEquals(0.01, resumed.metrics().get(0).lr(), 0.0, "the new optimizer.lr is applied");
    }

    @Test
    void aChangedLearningRateIsRefusedUnderASchedule() {
        String cfg = config("{ type = adam, lr = 0.05 }", "{ type = step, stepSize = 2 }");
        Path first = dir.resolve("lr-schedule");
        crashAfter(3, cfg, first);
        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.train(spark, LocalSpark.config(
                cfg.replace("lr = 0.05", "lr = 0.01") + "training.resumeFrom = \"" + first.resolve("out.checkpoints")
                        + "\"\n", first)));
        assertTrue(e.getMessage().startsWith("optimizer.lr = 0.01 differs from the resumed run's schedule, which started "
                + "from lr 0.05"), e.getMessage());
    }
}
