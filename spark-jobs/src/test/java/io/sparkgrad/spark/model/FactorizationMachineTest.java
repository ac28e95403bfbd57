package io.sparkgrad.spark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.PredictJob;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code model.type = fm} through the job: a label that only a pairwise interaction explains
 * (the parity of a user and an item, each one-hot: no linear model does better than chance),
 * learned by binary, multi-class and regression FMs on sparse blocks; dense blocks give the same
 * bits; the saved model reads back with its FM settings and scores the same.
 */
class FactorizationMachineTest extends LocalSparkTest {
    private static String parity;
    private static String mod3;

    /** 1,500 rows: a user (features 1..10) and an item (11..20), one-hot; the label (u + i) mod m. */
    private static String interactions(String name, int classes) throws Exception {
        SplittableRandom rng = new SplittableRandom(17);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 1500; r++) {
            int u = rng.nextInt(10);
            int i = rng.nextInt(10);
            lines.add(((u + i) % classes) + " " + (1 + u) + ":1 " + (11 + i) + ":1");
        }
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p.toString();
    }

    @BeforeAll
    static void data() throws Exception {
        parity = interactions("parity.libsvm", 2);
        mod3 = interactions("mod3.libsvm", 3);
    }

    private static String job(String data, String model, String extra) {
        return "data { path = \"" + data + "\", format = libsvm, standardize = false }\n" + model + "\n"
                + "training { maxIterations = 150, tolerance = 0, partitions = 2 }\noptimizer { type = adam, lr = 0.05 }\n"
                + "training.seed = 3\n" + extra;
    }

    private static double[] flat(Map<String, Tensor> params) {
        return params.values().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void aBinaryFmLearnsAnInteractionThatLogisticRegressionCannot() throws Exception {
        TrainJob.Result fm = TrainJob.train(spark, LocalSpark.config(job(parity, "model { type = fm, task = binary, "
                + "factorSize = 4, initStd = 0.1 }", ""), dir.resolve("fm-binary")));
        TrainJob.Result logistic = TrainJob.train(spark, LocalSpark.config(job(parity, "model.type = logistic", ""),
                dir.resolve("logistic-binary")));
        assertTrue(fm.validation().get("accuracy") >= 0.97, "fm " + fm.validation());
        assertTrue(logistic.validation().get("accuracy") <= 0.65, "logistic " + logistic.validation());
        List<IterationMetrics> m = fm.metrics();
        assertTrue(m.get(m.size() - 1).loss() < 0.2 * m.get(0).loss(), "loss " + m.get(0).loss() + " -> "
                + m.get(m.size() - 1).loss());
        assertEquals(List.of("factors", "linear", "bias"), List.copyOf(fm.parameters().keySet()));
        assertArrayEquals(new int[] {20, 4}, fm.parameters().get("factors").shape());

        // saved and read back: the FM settings and parameters, and PredictJob scores as the model does
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), fm.output());
        assertEquals(new FmSettings(4, true, true, 0.1), saved.spec().fm());
        assertArrayEquals(flat(fm.parameters()), flat(saved.parameters()));
        Path scored = dir.resolve("fm-binary/scored");
        PredictJob.predict(spark, PredictJob.parseArguments(new String[] {"--model", fm.output(), "--input", parity,
            "--output", scored.toString(), "--format", "libsvm"}));
        double[] scoredP = spark.read().parquet(scored.toString()).select("probability").collectAsList().stream()
                .mapToDouble(row -> ((Vector) row.get(0)).apply(1)).sorted().toArray();
        // every line's (user, item) scored by the model read back, in any order: the same numbers
        List<String> lines = Files.readAllLines(Path.of(parity));
        int[] start = new int[lines.size() + 1];
        int[] columns = new int[2 * lines.size()];
        for (int r = 0; r < lines.size(); r++) {
            String[] f = lines.get(r).split(" ");
            columns[2 * r] = Integer.parseInt(f[1].split(":")[0]) - 1;
            columns[2 * r + 1] = Integer.parseInt(f[2].split(":")[0]) - 1;
            start[r + 1] = 2 * (r + 1);
        }
        double[] ones = new double[columns.length];
        java.util.Arrays.fill(ones, 1.0);
        io.sparkgrad.tensor.SparseMatrix x = io.sparkgrad.tensor.SparseMatrix.csr(lines.size(), 20, start, columns, ones);
        double[] expected = Models.create(saved.spec(), 20).predict(saved.parameters(), x).toArray();
        java.util.Arrays.sort(expected);
        assertArrayEquals(expected, scoredP);
    }

    @Test
    void sparseAndDenseBlocksGiveBitIdenticalFms() {
        String base = job(parity, "model { type = fm, task = binary, factorSize = 3, initStd = 0.1 }",
                "training.maxIterations = 20\ntraining.l2 = 0.01\n") + "\ndata.order = canonical\n";
        TrainJob.Result sparse = TrainJob.train(spark, LocalSpark.config(base + "data.sparse = true", dir.resolve("fm-s")));
        TrainJob.Result dense = TrainJob.train(spark, LocalSpark.config(base + "data.sparse = false", dir.resolve("fm-d")));
        assertArrayEquals(flat(dense.parameters()), flat(sparse.parameters()));
        assertEquals(dense.metrics().get(19).objective(), sparse.metrics().get(19).objective(), 0.0);
    }

    @Test
    void aMultiClassFmSharesItsFactorsAndLearnsTheInteraction() {
        TrainJob.Result fm = TrainJob.train(spark, LocalSpark.config(job(mod3, "model { type = fm, classes = 3, "
                + "factorSize = 8, initStd = 0.1 }", "training.maxIterations = 300\n"), dir.resolve("fm-multi")));
        assertEquals(List.of("factors", "factorWeights", "linear", "bias"), List.copyOf(fm.parameters().keySet()));
        assertArrayEquals(new int[] {3, 8}, fm.parameters().get("factorWeights").shape());
        assertArrayEquals(new int[] {3, 20}, fm.parameters().get("linear").shape());
        assertTrue(fm.validation().get("accuracy") >= 0.9, "fm " + fm.validation());
    }

    @Test
    void aRegressionFmWithoutLinearTermOrInterceptFitsThePairwiseTarget() {
        TrainJob.Result fm = TrainJob.train(spark, LocalSpark.config(job(parity, "model { type = fm, task = regression, "
                + "factorSize = 2, fitLinear = false, fitIntercept = false, initStd = 0.3 }", ""), dir.resolve("fm-reg")));
        assertEquals(List.of("factors"), List.copyOf(fm.parameters().keySet()));
        List<IterationMetrics> m = fm.metrics();
        double last = m.get(m.size() - 1).loss();
        assertTrue(Double.isFinite(last) && last < 0.1 * m.get(0).loss(), "mse " + m.get(0).loss() + " -> " + last);
    }

    @Test
    void fmKeysAreRefusedForOtherModelTypes() {
        ConfigError e = assertThrows(ConfigError.class, () -> LocalSpark.config(job(parity,
                "model { type = logistic, factorSize = 4 }", ""), dir.resolve("bad")));
        assertTrue(e.getMessage().contains("config key 'model.factorSize' applies to model.type = fm only; got model.type = "
                + "logistic"), e.getMessage());
    }
}
