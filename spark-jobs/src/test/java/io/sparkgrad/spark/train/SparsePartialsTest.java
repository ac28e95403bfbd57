package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.SparseData;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A wide hashed table, whose partitions each touch a few of the first layer's columns: the
 * partials ship sparse, and the distributed gradient has the bits of today's dense merge (each
 * partition's gradient added into zeros, partials added in the ordered tree's order); training
 * on it stays deterministic and resumes exactly.
 */
class SparsePartialsTest extends LocalSparkTest {
    private static final int FEATURES = 1 << 13;
    private static String libsvm;

    @BeforeAll
    static void writeTable() throws Exception {
        SplittableRandom rng = new SplittableRandom(19);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 480; r++) {
            int[] idx = rng.ints(12, 1, FEATURES + 1).distinct().sorted().toArray();
            StringBuilder line = new StringBuilder(rng.nextDouble() < (idx[0] % 3 == 0 ? 0.8 : 0.3) ? "1" : "0");
            for (int i : idx) {
                line.append(' ').append(i).append(':').append(r % 5 == 0 && i % 2 == 0 ? "2.5" : "1");
            }
            lines.add(line.toString());
        }
        Path p = dir.resolve("wide.libsvm");
        Files.write(p, lines);
        libsvm = p.toString();
    }

    private static String config(int partitions, int depth) {
        return config(partitions, depth, "model.type = logistic");
    }

    private static String config(int partitions, int depth, String model) {
        return "data { path = \"" + libsvm + "\", format = libsvm, numFeatures = " + FEATURES
                + ", validationFraction = 0, standardize = false, blockRows = 16 }\n"
                + model + "\n"
                + "training { partitions = " + partitions + ", aggregationDepth = " + depth + " }\n";
    }

    /**
     * Today's partial, written out: every block's gradient accumulated by the engine's backward()
     * through the model's sparse loss (xᵀ · g by SparseMatrix.tmatmul), added into zeros.
     */
    @SuppressWarnings("try")
    private static double[] densePartial(Model model, ParameterVector theta, List<Block> blocks) {
        double[] acc = new double[theta.size()];
        try (var grad = GradMode.enableGrad()) {
            LinkedHashMap<String, Tensor> leaves = theta.toLeaves();
            for (Block b : blocks) {
                Tensor y = Tensor.wrap(b.labels(), b.rows());
                (b.weights() == null ? model.loss(leaves, b.sparse(), y)
                        : model.loss(leaves, b.sparse(), y, Tensor.wrap(b.weights(), b.rows()))).backward();
            }
            int i = 0;
            for (Tensor leaf : leaves.values()) {
                double[] g = leaf.grad().toArray();
                for (int k = 0; k < g.length; k++) {
                    acc[theta.offset(i) + k] += g[k];
                }
                i++;
            }
        }
        return acc;
    }

    private static double[] add(double[] left, double[] right) {
        for (int i = 0; i < left.length; i++) {
            left[i] += right[i];
        }
        return left;
    }

    @ParameterizedTest(name = "{0} partitions, depth {1}, merge groups of {2}, {3}")
    @CsvSource(delimiter = '|', value = {"4 | 1 | 0 | model.type = logistic", "8 | 3 | 2 | model.type = logistic",
        "4 | 1 | 0 | model { type = softmax, classes = 2 }", "4 | 1 | 0 | model { type = mlp, task = binary, hidden = [3], activation = tanh }",
        "4 | 1 | 0 | model.type = logistic, model.classWeights = balanced",
        "4 | 1 | 0 | model { type = fm, task = binary, factorSize = 3, initStd = 0.1 }",
        "8 | 3 | 2 | model { type = fm, classes = 3, factorSize = 2, initStd = 0.1 }"})
    void wideSparseGradientHasTheDenseMergesBits(int partitions, int depth, int scale, String modelConfig) throws Exception {
        JobConfig cfg = LocalSpark.config(config(partitions, depth, modelConfig.replace(", model.", "\nmodel.")),
                dir.resolve("parity-" + partitions + "-" + Math.abs(modelConfig.hashCode())));
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (TrainingData data = SparseData.load(spark, TableReader.read(spark, libsvm, "libsvm", false, ","), cfg.data(),
                cfg.model(), partitions, null)) {
            assertEquals(FEATURES, data.numFeatures());
            Model model = Models.create(cfg.model(), data.numFeatures());
            LinkedHashMap<String, Tensor> params = model.initialParameters(5);
            SplittableRandom rng = new SplittableRandom(7);
            params.replaceAll((name, t) -> Tensor.wrap(rng.doubles(t.numel(), -0.3, 0.3).toArray(), t.shape()));
            ParameterVector theta = ParameterVector.of(params);

            DistributedObjective objective = new DistributedObjective(sc, data.train(), cfg.model(), data.numFeatures(),
                    depth, 1.0, 0);
            assertFalse(objective.mergesOnDriver(theta.size()), "the first pass keeps the tree's levels on the executors");
            GradientSum distributed = objective.evaluate(theta, 1);
            // the partials were small: the next pass merges the same tree on the driver, in one stage
            assertTrue(objective.mergesOnDriver(theta.size()));
            GradientSum onDriver = objective.evaluate(theta, 1);

            List<List<Block>> perPartition = data.train().glom().collect();
            assertEquals(partitions, perPartition.size());
            List<double[]> partials = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                List<Block> blocks = perPartition.get(p);
                partials.add(densePartial(model, theta, blocks));
                GradientSum shipped = PartitionGradient.compute(model, theta, blocks.iterator(), 1.0, 0, 1, p);
                assertTrue(shipped.isSparse(), "partition " + p + " touched few columns: its partial is sparse");
                assertTrue(shipped.gradientBytes() < 8L * theta.size() / 3,
                        "partition " + p + " ships " + shipped.gradientBytes() + " bytes, dense " + 8L * theta.size());
            }
            // the ordered tree: groups of `scale` consecutive partials (none at depth 1), then the rest in order
            List<double[]> level = partials;
            if (scale > 0) {
                List<double[]> next = new ArrayList<>();
                for (int s = 0; s < level.size(); s += scale) {
                    double[] acc = level.get(s);
                    for (int k = s + 1; k < Math.min(s + scale, level.size()); k++) {
                        acc = add(acc, level.get(k));
                    }
                    next.add(acc);
                }
                level = next;
            }
            double[] expected = level.get(0);
            for (int k = 1; k < level.size(); k++) {
                expected = add(expected, level.get(k));
            }
            double[] actual = distributed.gradientSum();
            long differing = 0;
            for (int i = 0; i < expected.length; i++) {
                differing += Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i]) ? 1 : 0;
            }
            assertEquals(0, differing, "entries whose bits differ from the dense merge");
            double[] driverMerged = onDriver.gradientSum();
            for (int i = 0; i < expected.length; i++) {
                differing += Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(driverMerged[i]) ? 1 : 0;
            }
            assertEquals(0, differing, "entries whose bits differ from the dense merge, levels merged on the driver");
            assertEquals(Double.doubleToRawLongBits(distributed.lossSum()), Double.doubleToRawLongBits(onDriver.lossSum()));
            assertTrue(Arrays.stream(actual).filter(v -> v != 0).count() > FEATURES / 4, "the sum touches many columns");
            assertTrue(model.sparseWeight() != null && theta.names().contains(model.sparseWeight()),
                    "the first layer's gradient is formed over the stored columns");
            assertEquals(480, distributed.rows());
        }
    }

    @Test
    @SuppressWarnings("try")
    void aTaskDifferentiatesAtViewsOfTheShippedThetaAndNeverWritesIt() throws Exception {
        JobConfig cfg = LocalSpark.config(config(2, 1), dir.resolve("views"));
        try (TrainingData data = SparseData.load(spark, TableReader.read(spark, libsvm, "libsvm", false, ","), cfg.data(),
                cfg.model(), 2, null)) {
            Model model = Models.create(cfg.model(), data.numFeatures());
            LinkedHashMap<String, Tensor> params = model.initialParameters(5);
            SplittableRandom rng = new SplittableRandom(3);
            params.replaceAll((name, t) -> Tensor.wrap(rng.doubles(t.numel(), -0.3, 0.3).toArray(), t.shape()));
            ParameterVector theta = ParameterVector.of(params);
            double[] before = theta.values().clone();
            Tensor shipped = Tensor.wrap(theta.values(), theta.size());

            LinkedHashMap<String, Tensor> views = theta.leafViews();
            int i = 0;
            for (Tensor v : views.values()) {
                assertTrue(v.sharesStorageWith(shipped), theta.name(i) + " is a view of θ, not a copy");
                assertTrue(v.requiresGrad() && v.isLeaf(), theta.name(i) + " is a leaf that requires grad");
                assertArrayEquals(params.get(theta.name(i)).shape(), v.shape());
                assertArrayEquals(params.get(theta.name(i)).toArray(), v.toArray());
                i++;
            }
            try (var grad = GradMode.enableGrad()) {
                Tensor w = views.values().iterator().next();
                assertThrows(IllegalStateException.class, () -> w.mul_(2.0), "a task cannot write θ in place");
            }
            for (Tensor v : theta.views().values()) {
                assertTrue(v.sharesStorageWith(shipped) && !v.requiresGrad(), "the scoring views share θ too");
            }

            List<Block> blocks = data.train().glom().collect().get(0);
            GradientSum viaViews = PartitionGradient.compute(model, theta, blocks.iterator(), 1.0, 0, 1, 0);
            assertArrayEquals(before, theta.values(), "θ is unchanged by a task");
            double[] expected = densePartial(model, theta, blocks); // on fresh copies, as tasks did before
            double[] actual = viaViews.gradientSum();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(Double.doubleToRawLongBits(expected[k] + 0.0), Double.doubleToRawLongBits(actual[k]),
                        "entry " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"model.type = logistic", "model { type = softmax, classes = 2 }",
        "model { type = fm, classes = 3, factorSize = 2, initStd = 0.1 }"})
    void aPartitionTouchingMostColumnsShipsDenseWithTheSameBits(String modelConfig) throws Exception {
        JobConfig cfg = LocalSpark.config(config(1, 1, modelConfig), dir.resolve("dense-" + Math.abs(modelConfig.hashCode())));
        try (TrainingData data = SparseData.load(spark, TableReader.read(spark, libsvm, "libsvm", false, ","), cfg.data(),
                cfg.model(), 1, null)) {
            Model model = Models.create(cfg.model(), data.numFeatures());
            LinkedHashMap<String, Tensor> params = model.initialParameters(5);
            SplittableRandom rng = new SplittableRandom(11);
            params.replaceAll((name, t) -> Tensor.wrap(rng.doubles(t.numel(), -0.3, 0.3).toArray(), t.shape()));
            ParameterVector theta = ParameterVector.of(params);
            List<Block> blocks = data.train().glom().collect().get(0);
            GradientSum shipped = PartitionGradient.compute(model, theta, blocks.iterator(), 1.0, 0, 1, 0);
            assertTrue(!shipped.isSparse() && shipped.storedEntries() == theta.size(),
                    "480 rows touch most of the " + FEATURES + " columns: the partial is dense");
            double[] expected = densePartial(model, theta, blocks);
            double[] actual = shipped.gradientSum();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(Double.doubleToRawLongBits(expected[k] + 0.0), Double.doubleToRawLongBits(actual[k]),
                        "entry " + k);
            }
        }
    }

    private static double[] flat(TrainJob.Result r) {
        return r.parameters().values().stream().flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void sparseRunsRepeatBitForBitAndResumeExactly() {
        String cfg = config(6, 2) + "optimizer { type = adam, lr = 0.1 }\n"
                + "training { maxIterations = 6, tolerance = 0, checkpointInterval = 3 }\noutput.overwrite = true\n";
        TrainJob.Result first = TrainJob.train(spark, LocalSpark.config(cfg, dir.resolve("first")));
        TrainJob.Result again = TrainJob.train(spark, LocalSpark.config(cfg, dir.resolve("again")));
        assertArrayEquals(flat(first), flat(again), "same data, partitions and seed");
        assertEquals(6, first.iterations());

        Path crashed = dir.resolve("crashed");
        System.setProperty("sparkgrad.fault", "crash-after:3");
        try {
            assertThrows(IllegalStateException.class, () -> TrainJob.train(spark, LocalSpark.config(cfg, crashed)));
        } finally {
            System.clearProperty("sparkgrad.fault");
        }
        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(cfg + "training.resumeFrom = \""
                + crashed.resolve("out.checkpoints") + "\"\n", crashed));
        assertEquals(4, resumed.metrics().get(0).iteration());
        assertArrayEquals(flat(first), flat(resumed), "straight run vs crash at 3 and resume");
    }
}
