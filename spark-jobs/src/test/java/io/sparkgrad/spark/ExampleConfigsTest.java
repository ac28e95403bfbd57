package io.sparkgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.output.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shipped configuration in conf/ trains to the accuracy its data set allows. */
class ExampleConfigsTest extends LocalSparkTest {

    private static TrainJob.Result run(String name) throws Exception {
        Path out = dir.resolve(name);
        JobConfig cfg = JobConfig.load("conf/" + name + ".conf", List.of("output.path=" + out));
        TrainJob.Result r = TrainJob.train(spark, cfg);
        assertTrue(Files.exists(out.resolve(OutputDir.SUCCESS)));
        assertTrue(Files.exists(out.resolve("model/params.safetensors")));
        assertTrue(Files.exists(out.resolve("model/model.json")));
        assertTrue(Files.exists(out.resolve("model/optimizer.safetensors")));
        assertEquals(r.iterations(), Files.readAllLines(out.resolve("metrics.jsonl")).size());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("class=\"series loss\"") && report.contains("Final metrics"), "report.html shows the run");
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"iterations\": " + r.iterations()), summary);
        assertTrue(summary.contains("\"trainSeconds\""), summary);
        System.out.println(name + ": " + r.iterations() + " iterations, train " + r.train() + ", validation " + r.validation());
        return r;
    }

    @Test
    void breastCancerLogisticRegressionReachesNinetyFivePercent() throws Exception {
        assertTrue(run("breast-cancer").validation().get("accuracy") >= 0.95);
    }

    @Test
    void digitsMlpReachesNinetyFivePercent() throws Exception {
        assertTrue(run("digits").validation().get("accuracy") >= 0.95);
    }

    @Test
    void irisSoftmaxReachesNinetyThreePercent() throws Exception {
        assertTrue(run("iris").validation().get("accuracy") >= 0.93);
    }

    @Test
    void wineSoftmaxReachesNinetyFivePercent() throws Exception {
        assertTrue(run("wine").validation().get("accuracy") >= 0.95);
    }

    @Test
    void diabetesLinearRegressionIsWithinOnePercentOfTheLeastSquaresOptimum() throws Exception {
        TrainJob.Result r = run("diabetes");
        double trainedMse = r.train().get("rmse") * r.train().get("rmse");

        JobConfig cfg = JobConfig.load("conf/diabetes.conf", List.of("output.path=" + dir.resolve("unused")));
        double optimalMse;
        try (TrainingData data = TrainingData.load(spark, cfg.data(), cfg.model(), 2)) {
            optimalMse = leastSquaresMse(data.train().collect(), data.numFeatures());
        }
        System.out.println("diabetes: training MSE " + trainedMse + ", least-squares optimum " + optimalMse);
        assertTrue(trainedMse <= optimalMse * 1.01, "trained MSE " + trainedMse + " vs closed form " + optimalMse);
        assertTrue(trainedMse >= optimalMse * (1 - 1e-9), "cannot beat the optimum: " + trainedMse + " < " + optimalMse);
    }

    /** Mean squared error of the exact least-squares fit with intercept (normal equations, Gauss-Jordan). */
    private static double leastSquaresMse(List<Block> blocks, int d) {
        int p = d + 1;
        double[][] a = new double[p][p + 1];
        for (Block b : blocks) {
            for (int r = 0; r < b.rows(); r++) {
                double[] x = new double[p];
                System.arraycopy(b.features(), r * d, x, 0, d);
                x[d] = 1;
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        a[i][j] += x[i] * x[j];
                    }
                    a[i][p] += x[i] * b.labels()[r];
                }
            }
        }
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int i = c + 1; i < p; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) {
                    pivot = i;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int i = 0; i < p; i++) {
                if (i != c) {
                    double f = a[i][c] / a[c][c];
                    for (int j = c; j <= p; j++) {
                        a[i][j] -= f * a[c][j];
                    }
                }
            }
        }
        double sse = 0;
        long n = 0;
        for (Block b : blocks) {
            for (int r = 0; r < b.rows(); r++) {
                double pred = a[d][p] / a[d][d];
                for (int j = 0; j < d; j++) {
                    pred += b.features()[r * d + j] * a[j][p] / a[j][j];
                }
                sse += (pred - b.labels()[r]) * (pred - b.labels()[r]);
                n++;
            }
        }
        return sse / n;
    }
}
