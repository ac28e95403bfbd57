package io.sparkgrad.spark.report;

import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything {@code report.html} shows about one training run, as an immutable value: the job
 * fills it (most easily with {@link #builder()}) and {@link ReportHtml#render} draws it. Maps
 * keep the order they were given in, which is the order the page shows them in.
 *
 * @param title the page's heading, e.g. the run's name or output path
 * @param modelType the model's {@code model.type} (linear, logistic, softmax, mlp, class)
 * @param task what the model predicts; a regression has no confusion matrix
 * @param modelSummary one line about the model, e.g. {@code "mlp, hidden [16, 8] relu, 3 classes"}
 *     ({@link #describe(ModelSpec)} writes it from the spec)
 * @param iterations one entry per iteration, in iteration order, including those of the run it
 *     resumed (numbered on from there)
 * @param validation metrics on the validation rows taken during training, in iteration order;
 *     empty when the run did not validate during training
 * @param earlyStopping the best iteration early stopping kept, or null without early stopping
 * @param finalMetrics metrics of the saved model per split ({@code "train"}, {@code
 *     "validation"}), e.g. {@code accuracy, logLoss} or {@code rmse, mae, r2}
 * @param confusion the validation rows' confusion matrix of a classifier, or null
 * @param config the resolved configuration, shown verbatim
 * @param timings seconds per phase (read, pack, train, evaluate, write, …)
 * @param totalSeconds the run's wall-clock seconds (NaN when unknown)
 * @param trainRows rows trained on
 * @param validationRows rows held out for validation
 * @param droppedRows rows skipped as unusable
 * @param features features per row
 * @param iterationsTotal iterations done counting those of a resumed run
 * @param resumed where the run resumed from, or null for a fresh run
 */
public record RunReport(
        String title,
        String modelType,
        Task task,
        String modelSummary,
        List<IterationMetrics> iterations,
        List<ValidationPoint> validation,
        EarlyStop earlyStopping,
        Map<String, Map<String, Double>> finalMetrics,
        ConfusionMatrix confusion,
        String config,
        Map<String, Double> timings,
        double totalSeconds,
        long trainRows,
        long validationRows,
        long droppedRows,
        int features,
        int iterationsTotal,
        Resume resumed) {

    /** Metrics on the validation rows after {@code iteration}, in the order to show them. */
    public record ValidationPoint(int iteration, Map<String, Double> metrics) {
        public ValidationPoint {
            metrics = orderedCopy(metrics, "validation metrics of iteration " + iteration);
        }
    }

    /** Early stopping's choice: the iteration with the best value of {@code metric}. */
    public record EarlyStop(int bestIteration, String metric) {
        public EarlyStop {
            Objects.requireNonNull(metric, "early stopping: metric");
            if (bestIteration < 0) {
                throw new IllegalArgumentException("early stopping: best iteration is " + bestIteration + "; expected >= 0");
            }
        }
    }

    /** A resumed run: read from {@code from}, continued after iteration {@code afterIteration}. */
    public record Resume(String from, int afterIteration) {
        public Resume {
            Objects.requireNonNull(from, "resumed from");
            if (afterIteration < 0) {
                throw new IllegalArgumentException("resumed after iteration " + afterIteration + "; expected >= 0");
            }
        }
    }

    public RunReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelSummary, "modelSummary");
        Objects.requireNonNull(config, "config");
        iterations = List.copyOf(iterations);
        validation = List.copyOf(validation);
        Map<String, Map<String, Double>> splits = new LinkedHashMap<>();
        finalMetrics.forEach((split, m) -> splits.put(Objects.requireNonNull(split, "split name"),
                orderedCopy(m, "final metrics of '" + split + "'")));
        finalMetrics = Collections.unmodifiableMap(splits);
        timings = orderedCopy(timings, "timings");
        if (confusion != null && !task.isClassification()) {
            throw new IllegalArgumentException("a " + task.configName() + " model has no confusion matrix; pass null");
        }
        if (trainRows < 0 || validationRows < 0 || droppedRows < 0) {
            throw new IllegalArgumentException("rows: expected counts >= 0, got train " + trainRows + ", validation "
                    + validationRows + ", dropped " + droppedRows);
        }
        if (features < 0 || iterationsTotal < 0) {
            throw new IllegalArgumentException("expected features and iterationsTotal >= 0, got " + features + " and "
                    + iterationsTotal);
        }
    }

    /** Whether the model is a classifier (and may have a confusion matrix). */
    public boolean isClassifier() {
        return task.isClassification();
    }

    /** The metric names of the validation points, in the order they first appear. */
    public List<String> validationMetricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ValidationPoint p : validation) {
            names.addAll(p.metrics().keySet());
        }
        return List.copyOf(names);
    }

    /** A builder with empty series, no early stopping, no confusion matrix and no resume. */
    public static Builder builder() {
        return new Builder();
    }

    /** One line about a model spec: type, hidden layers, classes, user class and options. */
    public static String describe(ModelSpec spec) {
        StringBuilder s = new StringBuilder(spec.type());
        if (!spec.hidden().isEmpty()) {
            s.append(", hidden ").append(spec.hidden()).append(' ').append(spec.activation());
        }
        if (spec.task() == Task.MULTICLASS) {
            s.append(", ").append(spec.classes()).append(" classes");
        }
        if (spec.className() != null && !spec.className().isBlank()) {
            s.append(", class ").append(spec.className());
        }
        if (!spec.options().isEmpty()) {
            s.append(", options ").append(new TreeMap<>(spec.options()));  // sorted: Map.copyOf has no order
        }
        return s.toString();
    }

    private static Map<String, Double> orderedCopy(Map<String, Double> m, String what) {
        Map<String, Double> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(what + ": null name or value (" + k + " = " + v + ")");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Collects a report's parts; every part is optional except the model. */
    public static final class Builder {
        private String title = "sparkgrad run";
        private String modelType;
        private Task task;
        private String modelSummary = "";
        private List<IterationMetrics> iterations = List.of();
        private final List<ValidationPoint> validation = new ArrayList<>();
        private EarlyStop earlyStopping;
        private final Map<String, Map<String, Double>> finalMetrics = new LinkedHashMap<>();
        private ConfusionMatrix confusion;
        private String config = "";
        private final Map<String, Double> timings = new LinkedHashMap<>();
        private double totalSeconds = Double.NaN;
        private long trainRows;
        private long validationRows;
        private long droppedRows;
        private int features;
        private int iterationsTotal = -1;
        private Resume resumed;

        private Builder() {}

        /** The page's heading (default "sparkgrad run"). */
        public Builder title(String t) {
            title = t;
            return this;
        }

        /** Model type, task and summary from the run's spec. */
        public Builder model(ModelSpec spec) {
            return model(spec.type(), spec.task(), describe(spec));
        }

        /** Model type, task and a one-line summary, for a model without a {@link ModelSpec}. */
        public Builder model(String type, Task t, String summary) {
            modelType = type;
            task = t;
            modelSummary = summary;
            return this;
        }

        /** The per-iteration series, as {@code metrics.jsonl} holds it. */
        public Builder iterations(List<IterationMetrics> all) {
            iterations = List.copyOf(all);
            return this;
        }

        /** Adds the validation metrics taken after {@code iteration}. */
        public Builder validationPoint(int iteration, Map<String, Double> metrics) {
            validation.add(new ValidationPoint(iteration, metrics));
            return this;
        }

        /** The iteration early stopping kept as best, by the validation metric it monitored. */
        public Builder earlyStopping(int bestIteration, String metric) {
            earlyStopping = new EarlyStop(bestIteration, metric);
            return this;
        }

        /** Adds (or replaces) one split's final metrics; splits show in the order first added. */
        public Builder finalMetrics(String split, Map<String, Double> metrics) {
            finalMetrics.put(split, metrics);
            return this;
        }

        /** A classifier's confusion matrix, {@code counts[true][predicted]}. */
        public Builder confusion(List<String> labels, long[][] counts) {
            confusion = ConfusionMatrix.of(labels, counts);
            return this;
        }

        /** A confusion matrix built already. */
        public Builder confusion(ConfusionMatrix matrix) {
            confusion = matrix;
            return this;
        }

        /** The resolved configuration text. */
        public Builder config(String text) {
            config = text;
            return this;
        }

        /** Adds (or replaces) one phase's seconds; phases show in the order first added. */
        public Builder timing(String phase, double seconds) {
            timings.put(phase, seconds);
            return this;
        }

        /** The run's wall-clock seconds; by default the sum of the finite phase timings. */
        public Builder totalSeconds(double seconds) {
            totalSeconds = seconds;
            return this;
        }

        /** Rows trained on, held out for validation, and skipped as unusable. */
        public Builder rows(long train, long validation, long dropped) {
            trainRows = train;
            validationRows = validation;
            droppedRows = dropped;
            return this;
        }

        /** Features per row. */
        public Builder features(int n) {
            features = n;
            return this;
        }

        /** Iterations done including a resumed run's; by default the last iteration's number. */
        public Builder iterationsTotal(int n) {
            iterationsTotal = n;
            return this;
        }

        /** The checkpoint or output the run resumed from, after its iteration {@code afterIteration}. */
        public Builder resumedFrom(String from, int afterIteration) {
            resumed = new Resume(from, afterIteration);
            return this;
        }

        /** The report; throws when the model was not set or a part is inconsistent. */
        public RunReport build() {
            if (modelType == null || task == null) {
                throw new IllegalStateException("run report: the model is not set; call model(spec) first");
            }
            double total = totalSeconds;
            if (Double.isNaN(total) && !timings.isEmpty()) {
                total = timings.values().stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).sum();
            }
            int done = iterationsTotal >= 0 ? iterationsTotal
                    : iterations.isEmpty() ? 0 : iterations.get(iterations.size() - 1).iteration();
            return new RunReport(title, modelType, task, modelSummary, iterations, validation, earlyStopping, finalMetrics,
                    confusion, config, timings, total, trainRows, validationRows, droppedRows, features, done, resumed);
        }
    }
}
