package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TestTables;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distributed gradient (3 partitions, many small blocks, ordered tree) equals the gradient the
 * engine computes in one process on all rows at once, for every built-in model.
 */
class GradientParityTest extends LocalSparkTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "type = linear",
        "type = logistic",
        "type = softmax, classes = 4",
        "type = mlp, task = multiclass, classes = 3, hidden = [6, 5], activation = tanh",
        "type = mlp, task = binary, hidden = [7], activation = relu",
        "type = mlp, task = regression, hidden = [4], activation = gelu",
        "type = mlp, task = multiclass, classes = 3, hidden = [5], activation = sigmoid"
    })
    void distributedGradientEqualsSingleProcessGradient(String modelConf) throws Exception {
        int classes = modelConf.contains("linear") || modelConf.contains("regression") ? 0
                : modelConf.contains("classes = 4") ? 4 : modelConf.contains("classes = 3") ? 3 : 2;
        String csv = TestTables.random(dir.resolve("parity-" + Math.abs(modelConf.hashCode()) + ".csv"), 157, 5, classes, 11);
        JobConfig cfg = LocalSpark.config("data { path = \"" + csv + "\", validationFraction = 0, blockRows = 8 }\n"
                + "model { " + modelConf + " }\ntraining { aggregationDepth = 2 }", dir);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (TrainingData data = TrainingData.load(spark, cfg.data(), cfg.model(), 3)) {
            Model model = Models.create(cfg.model(), data.numFeatures());
            // random, non-zero parameters so that every gradient entry is exercised
            LinkedHashMap<String, Tensor> params = randomized(model.initialParameters(5), 5);
            ParameterVector theta = ParameterVector.of(params);

            GradientSum distributed = new DistributedObjective(sc, data.train(), cfg.model(), data.numFeatures(),
                    cfg.training().aggregationDepth(), 1.0, 0).evaluate(theta, 1);

            // single process: every training row in one block, one backward()
            List<Block> blocks = data.train().collect();
            int rows = blocks.stream().mapToInt(Block::rows).sum();
            int d = data.numFeatures();
            double[] x = new double[rows * d];
            double[] y = new double[rows];
            int at = 0;
            for (Block b : blocks) {
                System.arraycopy(b.features(), 0, x, at * d, b.rows() * d);
                System.arraycopy(b.labels(), 0, y, at, b.rows());
                at += b.rows();
            }
            LinkedHashMap<String, Tensor> leaves = theta.toLeaves();
            Tensor loss = model.loss(leaves, Tensor.fromArray(x, rows, d), Tensor.fromArray(y, rows));
            loss.backward();
            double[] expected = new double[theta.size()];
            int i = 0;
            for (Tensor leaf : leaves.values()) {
                double[] g = leaf.grad().toArray();
                System.arraycopy(g, 0, expected, theta.offset(i++), g.length);
            }

            assertEquals(rows, distributed.rows());
            assertTrue(blocks.size() >= 3 * 2, "expected several blocks per partition, got " + blocks.size());
            assertEquals(loss.item(), distributed.lossSum(), 1e-12 * Math.abs(loss.item()));
            double[] actual = distributed.gradientSum();
            double diff = 0;
            double norm = 0;
            for (int k = 0; k < expected.length; k++) {
                diff += (actual[k] - expected[k]) * (actual[k] - expected[k]);
                norm += expected[k] * expected[k];
            }
            assertTrue(norm > 0);
            double relative = Math.sqrt(diff / norm);
            assertTrue(relative <= 1e-12, modelConf + ": relative gradient difference " + relative);
        }
    }

    private static LinkedHashMap<String, Tensor> randomized(LinkedHashMap<String, Tensor> shapes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        shapes.forEach((name, t) -> {
            double[] v = new double[t.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextDouble(-0.5, 0.5);
            }
            out.put(name, Tensor.fromArray(v, t.shape()));
        });
        return out;
    }
}
