package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With default optimizer settings, logistic and softmax regression on standardised, strongly
 * correlated features reach the exact optimum — computed with scipy and committed in
 * {@code optimum/optimum.json} by {@code generate_optimum.py} — to a relative objective gap of
 * at most 1e-6 within 100 iterations. The objective is recomputed here from the saved model and
 * the CSV, independently of the job.
 */
class OptimumGapTest extends LocalSparkTest {
    private static final Path FIXTURES = Path.of("spark-jobs/src/test/resources/optimum");

    private static double gap(String name, String model, int classes) throws Exception {
        JsonNode optimum = new ObjectMapper().readTree(FIXTURES.resolve("optimum.json").toFile());
        double l2 = optimum.get("l2").asDouble();
        double best = optimum.get(name).get("objective").asDouble();
        String csv = FIXTURES.resolve(name + "_correlated.csv").toString();
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("""
                data { path = "%s", validationFraction = 0 }
                model { type = %s%s }
                training { l2 = %s, partitions = 2 }
                """.formatted(csv, model, classes > 2 ? ", classes = " + classes : "", l2), dir.resolve(name)));
        assertTrue(r.iterations() <= 100, r.iterations() + " iterations");
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), r.output());
        double objective = objective(saved, Files.readAllLines(Path.of(csv)), l2, classes);
        System.out.printf("%s: %d iterations, objective %.17g, optimum %.17g, relative gap %.3g%n", name, r.iterations(),
                objective, best, (objective - best) / best);
        return (objective - best) / best;
    }

    /** Mean loss over all rows plus ½·l2·‖weight‖², the features standardised with the model's own statistics. */
    private static double objective(SavedModel m, List<String> lines, double l2, int classes) {
        double[] w = m.parameters().get("weight").toArray();
        double[] b = m.parameters().get("bias").toArray();
        int d = m.features().size();
        int k = b.length;
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = (Double.parseDouble(cells[j]) - m.means()[j]) / m.stds()[j];
            }
            int label = Integer.parseInt(cells[d]);
            double[] s = new double[k];
            for (int c = 0; c < k; c++) {
                s[c] = b[c];
                for (int j = 0; j < d; j++) {
                    s[c] += w[c * d + j] * z[j];
                }
            }
            if (classes == 2) {
                sum += Math.max(s[0], 0) + Math.log1p(Math.exp(-Math.abs(s[0]))) - label * s[0];
            } else {
                double max = s[0];
                for (double v : s) {
                    max = Math.max(max, v);
                }
                double norm = 0;
                for (double v : s) {
                    norm += Math.exp(v - max);
                }
                sum += max + Math.log(norm) - s[label];
            }
        }
        double penalty = 0;
        for (double v : w) {
            penalty += v * v;
        }
        return sum / (lines.size() - 1) + 0.5 * l2 * penalty;
    }

    @Test
    void logisticRegressionWithDefaultsReachesTheOptimumWithinOneInAMillion() throws Exception {
        double gap = gap("logistic", "logistic", 2);
        assertTrue(gap >= -1e-12, "the objective cannot be below the optimum: " + gap);
        assertTrue(gap <= 1e-6, "relative gap " + gap);
    }

    @Test
    void softmaxRegressionWithDefaultsReachesTheOptimumWithinOneInAMillion() throws Exception {
        double gap = gap("softmax", "softmax", 5);
        assertTrue(gap >= -1e-12, "the objective cannot be below the optimum: " + gap);
        assertTrue(gap <= 1e-6, "relative gap " + gap);
    }
}
