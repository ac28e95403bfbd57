package io.sparkgrad.spark.report;

import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports of runs as the job would describe them, for the renderer's tests. */
final class SampleReports {
    private SampleReports() {}

    /** A loss falling from about 1.1 towards 0.1 over {@code n} iterations, with a falling gradient norm. */
    static List<IterationMetrics> decaying(int n) {
        List<IterationMetrics> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            double loss = 0.1 + Math.exp(-i / (n / 5.0));
            double lr = 0.05 * 0.5 * (1 + Math.cos(Math.PI * (i - 1) / n));  // cosine annealing
            out.add(new IterationMetrics(i, loss, loss + 0.01, 5 * Math.exp(-i / (n / 12.0)), lr, 455, 0.02));
        }
        return out;
    }

    /** The classifier's configuration: characters HTML must escape included. */
    static final String CLASSIFIER_CONFIG = "data { path = \"datasets/iris.csv\", label = \"species\" }\n"
            + "model { type = softmax, classes = 3 }\n"
            + "# a comment with <tags> & \"quotes\" and 'apostrophes'\n"
            + "training { maxIterations = 300, validateEvery = 10 }\n";

    /** A 3-class softmax run of 300 iterations validated every 10, stopped early at 240, with a confusion matrix. */
    static RunReport classifier() {
        return classifierBuilder().build();
    }

    /** {@link #classifier()} before it is built, to change a part. */
    static RunReport.Builder classifierBuilder() {
        RunReport.Builder b = RunReport.builder()
                .title("iris <softmax> & friends")
                .model(new ModelSpec("softmax", 3, List.of(), "relu", Task.MULTICLASS, null, Map.of()))
                .iterations(decaying(300))
                .earlyStopping(240, "logLoss")
                .finalMetrics("train", ordered("accuracy", 0.975, "logLoss", 0.0921))
                .finalMetrics("validation", ordered("accuracy", 0.9556, "logLoss", 0.1234))
                .confusion(List.of("setosa", "versicolor", "virginica"), new long[][] {{15, 0, 0}, {0, 13, 2}, {0, 0, 15}})
                .config(CLASSIFIER_CONFIG)
                .timing("read", 1.5).timing("pack", 0.5).timing("train", 6.0).timing("evaluate", 1.0).timing("write", 1.0)
                .rows(105, 45, 0)
                .features(4);
        for (int i = 10; i <= 300; i += 10) {
            double logLoss = 0.15 + Math.exp(-i / 60.0) + (i > 240 ? (i - 240) * 0.001 : 0);
            b.validationPoint(i, ordered("logLoss", logLoss, "accuracy", Math.min(0.96, 0.6 + i / 600.0)));
        }
        return b;
    }

    /** A linear regression of 50 iterations, no validation during training, resumed after 20. */
    static RunReport regression() {
        return RunReport.builder()
                .title("housing")
                .model(new ModelSpec("linear", 0, List.of(), "relu", Task.REGRESSION, null, Map.of()))
                .iterations(decaying(50))
                .finalMetrics("train", ordered("rmse", 0.52, "mae", 0.41, "r2", 0.81))
                .finalMetrics("validation", ordered("rmse", 0.55, "mae", 0.43, "r2", 0.79))
                .config("model.type = linear\n")
                .timing("train", 3.0)
                .totalSeconds(4.5)
                .rows(800, 200, 3)
                .features(8)
                .resumedFrom("out/housing/checkpoints/iter-20", 20)
                .build();
    }

    /** name, value, name, value, … in that order. */
    static Map<String, Double> ordered(Object... nameValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], ((Number) nameValues[i + 1]).doubleValue());
        }
        return m;
    }
}
