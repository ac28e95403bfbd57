package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TestTables;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.SyntheticData;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Same data + partitioning + seed ⇒ bit-identical parameters; other partitionings agree to 1e-9.
 * The rows are spread over {@code training.partitions} ({@code data.order = canonical}).
 */
class DeterminismTest extends LocalSparkTest {
    private static String csv;

    @BeforeAll
    static void writeTable() throws Exception {
        csv = TestTables.random(dir.resolve("determinism.csv"), 600, 6, 3, 3);
    }

    private static double[] train(int partitions, int depth, String run) {
        JobConfig cfg = LocalSpark.config("data { path = \"" + csv + "\", blockRows = 32, order = canonical }\n"
                + "model { type = mlp, task = multiclass, classes = 3, hidden = [8], activation = tanh }\n"
                + "optimizer { type = adam, lr = 0.05 }\n"
                + "training { maxIterations = 20, tolerance = 0, partitions = " + partitions
                + ", aggregationDepth = " + depth + " }\noutput.overwrite = true", dir.resolve(run));
        TrainJob.Result r = TrainJob.train(spark, cfg);
        assertEquals(20, r.iterations());
        List<Double> flat = new ArrayList<>();
        for (Tensor t : r.parameters().values()) {
            for (double v : t.toArray()) {
                flat.add(v);
            }
        }
        return flat.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void oneAndThreePartitionsGiveTheSameParametersAfterTwentyIterations() {
        double[] one = train(1, 2, "p1");
        double[] three = train(3, 2, "p3");
        for (int i = 0; i < one.length; i++) {
            assertEquals(one[i], three[i], 1e-9, "parameter " + i);
        }
    }

    @Test
    void twoRunsWithTheSamePartitionsAreBitIdentical() {
        // 9 partitions at depth 2 merge through an intermediate level of the ordered tree
        double[] first = train(9, 2, "a");
        double[] second = train(9, 2, "b");
        assertArrayEquals(first, second);
        double[] flat = train(9, 1, "c");
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], flat[i], 1e-9, "depth 1 vs 2, parameter " + i);
        }
    }

    @Test
    void treeMergesPartialsInPartitionOrderAtEveryDepth() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Integer> rdd = sc.parallelize(IntStream.range(0, 40).boxed().toList(), 13);
        String expected = String.join(",", IntStream.range(0, 13).mapToObj(Integer::toString).toList());
        for (int depth = 1; depth <= 4; depth++) {
            String merged = OrderedTreeAggregate.aggregate(rdd, (index, it) -> Integer.toString(index),
                    (a, b) -> a + "," + b, depth);
            assertEquals(expected, merged, "depth " + depth);
        }
    }

    @Test
    void miniBatchesAreReproducibleAndUseAboutTheFraction() {
        JobConfig cfg = LocalSpark.config("data { path = \"" + csv + "\", validationFraction = 0 }\n"
                + "model { type = softmax, classes = 3 }\n"
                + "training { maxIterations = 5, tolerance = 0, partitions = 3, miniBatchFraction = 0.25 }\n"
                + "output.overwrite = true", dir.resolve("mb"));
        TrainJob.Result a = TrainJob.train(spark, cfg);
        TrainJob.Result b = TrainJob.train(spark, cfg);
        for (Map.Entry<String, Tensor> e : a.parameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.parameters().get(e.getKey()).toArray());
        }
        for (IterationMetrics m : a.metrics()) {
            assertTrue(m.rows() > 100 && m.rows() < 200, "rows used in iteration " + m.iteration() + ": " + m.rows());
        }
        assertTrue(a.metrics().get(0).rows() != a.metrics().get(1).rows(), "each iteration draws a new sample");
    }

    @Test
    void syntheticDataDependsOnTheSeedNotOnThePartitioning() {
        List<List<Object>> tables = new ArrayList<>();
        for (int partitions : new int[] {1, 3}) {
            String path = dir.resolve("synthetic-" + partitions).toString();
            SyntheticData.write(spark, new SyntheticData.Spec(50, 4, Task.MULTICLASS, 3, 9, partitions), path, false);
            List<Object> rows = new ArrayList<>();
            spark.read().parquet(path).orderBy("f0").collectAsList().forEach(r -> rows.add(r.toString()));
            tables.add(rows);
        }
        assertEquals(50, tables.get(0).size());
        assertEquals(tables.get(0), tables.get(1));
        assertTrue(tables.get(0).stream().map(r -> r.toString().replaceAll(".*,", "")).distinct().count() == 3,
                "all three classes occur");
    }
}
