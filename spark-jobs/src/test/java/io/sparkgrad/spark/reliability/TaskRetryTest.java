package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.testmodels.FlakyLogisticModel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failed task attempts under {@code local[2,4]} (Spark retries each task up to 4 times): a model
 * that throws in the first attempt of half the tasks gives the same parameters, bit for bit, as
 * the undisturbed run — with full batches and with mini-batches.
 */
class TaskRetryTest {
    private static SparkSession spark;
    private static final AtomicInteger FAILED = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,4]").appName("sparkgrad-retry-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    FAILED.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    private static double[] train(boolean fail, double fraction, String name) {
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("""
                data { path = "datasets/breast_cancer.csv", seed = 7, order = canonical }
                model { type = class, class = %s, task = binary, options { fail = %s } }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 6, tolerance = 0, partitions = 4, miniBatchFraction = %s }
                """.formatted(FlakyLogisticModel.class.getName(), fail, fraction), dir.resolve(name)));
        assertEquals(6, r.iterations());
        return r.parameters().values().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toArray())).toArray();
    }

    @ParameterizedTest(name = "miniBatchFraction = {0}")
    @ValueSource(doubles = {1.0, 0.5})
    void retriedTasksGiveTheUndisturbedParametersBitForBit(double fraction) {
        double[] undisturbed = train(false, fraction, "clean-" + fraction);
        int before = FAILED.get();
        double[] retried = train(true, fraction, "flaky-" + fraction);
        // 6 iterations x 2 odd partitions of 4, each failing once (the listener sees them asynchronously)
        assertTrue(FAILED.get() - before >= 6, "failed task attempts: " + (FAILED.get() - before));
        assertArrayEquals(undisturbed, retried);
    }
}
