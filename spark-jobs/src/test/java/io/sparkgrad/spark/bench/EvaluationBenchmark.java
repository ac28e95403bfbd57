package io.sparkgrad.spark.bench;

import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.spark.train.DistributedObjective;
import io.sparkgrad.spark.train.Evaluator;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The final evaluation's time (every metric of summary.json: loss, accuracy, confusion, F1 and
 * weighted precision/recall, areaUnderROC/PR) against one training pass (loss and gradient) over
 * the same cached dense blocks of logistic regression, as a ratio; issue 17's target is ≤ 3. The
 * blocks are made in memory (rows × features, 2 partitions, local[2]), so only those two passes are
 * timed. A main, not a test; run it as {@link LogisticBenchmark} is run, with
 * {@code io.sparkgrad.spark.bench.EvaluationBenchmark [rows] [features] [rounds]}.
 */
public final class EvaluationBenchmark {
    private EvaluationBenchmark() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int partitions = 2;
        int blockRows = 4096;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad evaluation benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                parts.add(p);
            }
            JavaRDD<Block> blocks = sc.parallelize(parts, partitions).flatMap(p -> {
                SplittableRandom random = new SplittableRandom(1000 + p);
                List<Block> out = new ArrayList<>();
                for (int left = rows / partitions; left > 0; left -= blockRows) {
                    int n = Math.min(blockRows, left);
                    double[] x = new double[n * features];
                    double[] y = new double[n];
                    for (int r = 0; r < n; r++) {
                        double z = 0;
                        for (int c = 0; c < features; c++) {
                            x[r * features + c] = random.nextGaussian();
                            z += x[r * features + c] * (c % 3 - 1) * 0.3;
                        }
                        y[r] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
                    }
                    out.add(new Block(n, features, x, y));
                }
                return out.iterator();
            }).persist(StorageLevel.MEMORY_AND_DISK());
            long count = blocks.count();
            ModelSpec spec = new ModelSpec("logistic", 2, List.of(), "relu", Task.BINARY, null, Map.of());
            // fitted-looking parameters: the generating weights, so the scores spread as a trained model's
            LinkedHashMap<String, Tensor> params = Models.create(spec, features).initialParameters(1);
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                double[] v = e.getValue().toArray();
                if (v.length == features) {
                    for (int c = 0; c < features; c++) {
                        v[c] = (c % 3 - 1) * 0.3;
                    }
                }
                params.put(e.getKey(), Tensor.wrap(v, e.getValue().shape()));
            }
            ParameterVector theta = ParameterVector.of(params);
            DistributedObjective objective = new DistributedObjective(sc, blocks, spec, features, 2, 1.0, 1);
            double[] pass = new double[rounds];
            double[] eval = new double[rounds];
            Map<String, Double> metrics = null;
            objective.evaluate(theta, 0); // warm-up: JIT and the cached blocks
            Evaluator.evaluate(sc, blocks, spec, features, theta, 2);
            for (int k = 0; k < rounds; k++) {
                long t0 = System.nanoTime();
                objective.evaluate(theta, k);
                pass[k] = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                metrics = Evaluator.evaluate(sc, blocks, spec, features, theta, 2).metrics(Task.BINARY);
                eval[k] = (System.nanoTime() - t1) / 1e9;
            }
            double p = median(pass);
            double e = median(eval);
            System.out.printf(java.util.Locale.ROOT, "evaluation vs a training pass, logistic regression, %d x %d dense rows in %d "
                    + "blocks, %d partitions, local[2], median of %d rounds: training pass %.3f s, evaluation %.3f s, "
                    + "ratio %.2f (target <= 3)%n  passes %s%n  evaluations %s%n  metrics %s%n", rows, features, count,
                    partitions, rounds, p, e, e / p, Arrays.toString(pass), Arrays.toString(eval), metrics);
        } finally {
            spark.stop();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
