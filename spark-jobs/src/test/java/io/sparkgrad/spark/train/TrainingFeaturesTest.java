package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TestTables;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.data.ValidationSplit;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.spark.state.IterationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run as a user configures it: the stratified hold-out's exact fractions, the effect of row
 * and class weights on the loss and gradient (computed here by hand), and early stopping keeping
 * the best validation's parameters.
 */
class TrainingFeaturesTest extends LocalSparkTest {

    private static TrainingData load(String hocon, String name) {
        JobConfig cfg = LocalSpark.config(hocon, dir.resolve(name));
        return TrainingData.load(spark, cfg.data(), cfg.model(), cfg.training().partitions());
    }

    /** Every validation row as "label:features", sorted: the set of rows held out. */
    private static List<String> rows(TrainingData data) {
        List<String> out = new ArrayList<>();
        for (Block b : data.validation().collect()) {
            for (int r = 0; r < b.rows(); r++) {
                StringBuilder sb = new StringBuilder().append(b.labels()[r]).append(':');
                for (int j = 0; j < b.cols(); j++) {
                    sb.append(b.features()[r * b.cols() + j]).append(',');
                }
                out.add(sb.toString());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void theStratifiedHoldOutTakesTheFractionOfEveryClassToWithinOneRow() {
        String iris = "data { path = \"datasets/iris.csv\", validationFraction = 0.3, seed = 7, standardize = false, "
                + "order = canonical }\nmodel { type = softmax, classes = 3 }\ntraining.partitions = %d\n";
        try (TrainingData one = load(iris.formatted(1), "iris1"); TrainingData three = load(iris.formatted(3), "iris3")) {
            assertEquals(45, one.validationRows(), "30 % of 150 rows: 15 of each class's 50");
            assertArrayEquals(new long[] {35, 35, 35}, one.classCounts());
            assertEquals(rows(one), rows(three), "the same rows are held out whatever the partitioning");
        }
        // wine: 59, 71 and 48 rows per class; 20 % is 11.8, 14.2, 9.6 rows, held out as 12, 14 and 10
        try (TrainingData wine = load("data { path = \"datasets/wine.csv\", seed = 7 }\nmodel { type = softmax, classes = 3 }\n"
                + "training.partitions = 2\n", "wine")) {
            assertEquals(36, wine.validationRows());
            assertArrayEquals(new long[] {47, 57, 38}, wine.classCounts());
        }
    }

    @Test
    void withoutStratificationEachRowIsHeldOutByItsOwnHash() throws Exception {
        try (TrainingData hashed = load("data { path = \"datasets/iris.csv\", validationFraction = 0.3, seed = 7, "
                + "stratify = false }\nmodel { type = softmax, classes = 3 }\ntraining.partitions = 2\n", "hashed")) {
            long expected = 0;
            for (long i = 0; i < 150; i++) {
                expected += ValidationSplit.uniform(7, i) < 0.3 ? 1 : 0;
            }
            assertEquals(expected, hashed.validationRows());
            assertNotEquals(45, expected, "a per-row draw misses the fraction (the case stratification fixes)");
        }
    }

    private static final double[][] ROWS = {{1.0, 2.0, 0.5}, {2.0, -1.0, 1.5}, {-1.0, 0.5, 2.0}, {0.5, 1.5, -0.5}};
    private static final int[] CLASSES = {0, 1, 1, 1};

    @Test
    void rowWeightsWeighTheLossAndTheGradientAsComputedByHand() throws Exception {
        double[] w = {1.0, 3.0, 0.5, 2.0};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            lines.add(ROWS[i][0] + "," + ROWS[i][1] + "," + ROWS[i][2] + "," + w[i]);
        }
        String csv = TestTables.csv(dir.resolve("weighted.csv"), "a,b,label,w", lines);
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("data { path = \"" + csv + "\", validationFraction = 0, "
                + "standardize = false, weight = w }\nmodel.type = linear\noptimizer { type = sgd, lr = 0.01 }\n"
                + "training { maxIterations = 1, partitions = 2 }\n", dir.resolve("weighted")));
        // at the zero start: loss Σ w y² / Σ w; gradient of (pred - y)² is -2 w y x / Σ w per weight, -2 w y / Σ w for the bias
        double sw = 0, loss = 0, ga = 0, gb = 0, gc = 0;
        for (int i = 0; i < ROWS.length; i++) {
            double y = ROWS[i][2];
            sw += w[i];
            loss += w[i] * y * y;
            ga += -2 * w[i] * y * ROWS[i][0];
            gb += -2 * w[i] * y * ROWS[i][1];
            gc += -2 * w[i] * y;
        }
        IterationMetrics first = r.metrics().get(0);
        assertEquals(loss / sw, first.loss(), 1e-15);
        assertEquals(Math.sqrt(ga * ga + gb * gb + gc * gc) / sw, first.gradientNorm(), 1e-14);
        assertNotEquals(loss / ROWS.length, first.loss(), "the weights changed the loss");
    }

    @Test
    void balancedClassWeightsWeighEachClassByNOverKTimesItsCount() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            lines.add(ROWS[i][0] + "," + ROWS[i][1] + "," + CLASSES[i]);
        }
        String csv = TestTables.csv(dir.resolve("classes.csv"), "a,b,label", lines);
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("data { path = \"" + csv + "\", validationFraction = 0, "
                + "standardize = false }\nmodel { type = logistic, classWeights = balanced }\n"
                + "optimizer { type = sgd, lr = 0.01 }\ntraining { maxIterations = 1, partitions = 2 }\n", dir.resolve("balanced")));
        // n / (K n_c): class 0 has 1 row, class 1 three: weights 2 and 2/3. At zero, dloss/dz = sigmoid(0) - y = 0.5 - y
        double[] classWeight = {4.0 / (2 * 1), 4.0 / (2 * 3)};
        double sw = 0, ga = 0, gb = 0, gc = 0;
        for (int i = 0; i < ROWS.length; i++) {
            double wi = classWeight[CLASSES[i]];
            double d = 0.5 - CLASSES[i];
            sw += wi;
            ga += wi * d * ROWS[i][0];
            gb += wi * d * ROWS[i][1];
            gc += wi * d;
        }
        IterationMetrics first = r.metrics().get(0);
        assertEquals(Math.log(2), first.loss(), 1e-15, "every row's loss is log 2 at the zero start");
        assertEquals(Math.sqrt(ga * ga + gb * gb + gc * gc) / sw, first.gradientNorm(), 1e-14);
    }

    @Test
    void earlyStoppingKeepsTheBestValidationsParametersAndOptimizerState() throws Exception {
        String base = """
                data { path = "datasets/breast_cancer.csv", seed = 7 }
                model { type = mlp, task = binary, hidden = [16] }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 60, tolerance = 0, partitions = 2, seed = 3 }
                """;
        Path out = dir.resolve("early");
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config(base + "training { validateEvery = 1, earlyStopping "
                + "{ metric = logLoss, patience = 3, minDelta = 0.002 } }\n", out));
        TrainingSnapshot saved = TrainingSnapshot.read(spark.sparkContext().hadoopConfiguration(), out.resolve("out").toString());
        // the best iteration: the last validation whose logLoss beat the best so far by more than minDelta
        double best = Double.POSITIVE_INFINITY;
        int bestIteration = 0;
        int wait = 0;
        int stoppedAt = 0;
        for (IterationMetrics m : r.metrics()) {
            double v = m.validation().get("logLoss");
            if (v < best - 0.002) {
                best = v;
                bestIteration = m.iteration();
                wait = 0;
            } else if (++wait >= 3) {
                stoppedAt = m.iteration();
                break;
            }
        }
        assertTrue(stoppedAt > 0 && stoppedAt < 60, "stopped early, at " + stoppedAt);
        assertEquals(stoppedAt, r.metrics().get(r.metrics().size() - 1).iteration(), "the run ended where the rule says");
        assertEquals(bestIteration, saved.model().iterations(), "the saved model is the best iteration's");
        assertEquals(best, r.validation().get("logLoss"), 1e-12, "the final validation metrics are the best parameters'");

        // the same run stopped at the best iteration by maxIterations gives the same bits
        TrainJob.Result upToBest = TrainJob.train(spark, LocalSpark.config(base.replace("maxIterations = 60",
                "maxIterations = " + bestIteration), dir.resolve("upToBest")));
        for (String name : upToBest.parameters().keySet()) {
            assertArrayEquals(upToBest.parameters().get(name).toArray(), saved.model().parameters().get(name).toArray(), name);
        }
        SavedModel plain = ModelStore.read(spark.sparkContext().hadoopConfiguration(), dir.resolve("upToBest/out").toString());
        assertEquals(plain.iterations(), saved.model().iterations());
        assertEquals(TrainingSnapshot.read(spark.sparkContext().hadoopConfiguration(), dir.resolve("upToBest/out").toString())
                .optimizer(), saved.optimizer(), "and the optimizer state of that iteration");
        assertTrue(Files.readString(out.resolve("out/metrics.jsonl")).contains("\"validation\":{\"accuracy\":"));
    }
}
