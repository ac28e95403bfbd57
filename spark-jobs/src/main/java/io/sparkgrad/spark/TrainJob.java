package io.sparkgrad.spark;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.output.JsonWriter;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.OutputDir;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.train.DistributedObjective;
import io.sparkgrad.spark.train.EvaluationSums;
import io.sparkgrad.spark.train.Evaluator;
import io.sparkgrad.spark.train.IterationMetrics;
import io.sparkgrad.spark.train.ParameterVector;
import io.sparkgrad.spark.train.Trainer;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model on a table with the distributed loop and writes model, metrics and summary.
 *
 * <pre>TrainJob CONFIG [--set key=value]...</pre>
 *
 * Exit status 0 on success, 2 for a bad configuration (found before Spark starts), 1 otherwise.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {}

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Parses arguments, validates the configuration, then trains on the active or a new SparkSession. */
    static int run(String[] args) {
        JobConfig cfg;
        try {
            cfg = parseArguments(args);
        } catch (RuntimeException e) {
            return JobFailure.report(e);
        }
        try {
            SparkSession spark = SparkSession.builder().appName("sparkgrad TrainJob").getOrCreate();
            Result r = train(spark, cfg);
            System.out.println("sparkgrad: trained " + cfg.model().type() + " for " + r.iterations() + " iterations in "
                    + String.format("%.1f", r.trainSeconds()) + " s; validation " + r.validation() + "; output "
                    + r.output());
            return 0;
        } catch (Throwable t) {
            return JobFailure.report(t);
        }
    }

    /** {@code CONFIG [--set key=value]...} to a validated configuration. */
    public static JobConfig parseArguments(String[] args) {
        String file = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--set")) {
                if (i + 1 >= args.length) {
                    throw new ConfigError("--set needs key=value");
                }
                overrides.add(args[++i]);
            } else if (a.startsWith("--set=")) {
                overrides.add(a.substring("--set=".length()));
            } else if (a.startsWith("-")) {
                throw new ConfigError("unknown option '" + a + "'; usage: TrainJob CONFIG [--set key=value]...");
            } else if (file == null) {
                file = a;
            } else {
                throw new ConfigError("more than one config file given ('" + file + "', '" + a + "'); "
                        + "usage: TrainJob CONFIG [--set key=value]...");
            }
        }
        if (file == null) {
            throw new ConfigError("no config file given; usage: TrainJob CONFIG [--set key=value]...");
        }
        return JobConfig.load(file, overrides);
    }

    /** What a finished run reports (also written to summary.json). */
    public record Result(int iterations, double trainSeconds, Map<String, Double> train, Map<String, Double> validation,
            List<IterationMetrics> metrics, LinkedHashMap<String, Tensor> parameters, String output) {}

    /** Runs the whole job on {@code spark}; the caller owns the session. */
    public static Result train(SparkSession spark, JobConfig cfg) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        Models.checkLoadable(cfg.model());
        // read a resumed run before preparing the output, which may be the same directory
        String resumeFrom = cfg.training().resumeFrom();
        SavedModel previous = resumeFrom.isBlank() ? null : ModelStore.read(hadoop, resumeFrom);
        OptimizerState resumedState = previous == null ? null : ModelStore.readOptimizerState(hadoop, resumeFrom);
        OutputDir out = OutputDir.prepare(hadoop, cfg.output().path(), cfg.output().overwrite(), "output.path");
        int partitions = cfg.training().partitions() > 0 ? cfg.training().partitions() : sc.defaultParallelism();

        // a resumed model keeps the standardisation its parameters were trained with
        try (TrainingData data = previous == null
                ? TrainingData.load(spark, cfg.data(), cfg.model(), partitions)
                : TrainingData.load(spark, cfg.data(), cfg.model(), partitions, previous.means(), previous.stds())) {
            LOG.info("sparkgrad: {} training rows, {} validation rows, {} dropped, {} features, {} partitions",
                    data.trainRows(), data.validationRows(), data.droppedRows(), data.numFeatures(), partitions);
            Model model = Models.create(cfg.model(), data.numFeatures());
            LinkedHashMap<String, Tensor> initial = model.initialParameters(cfg.training().seed());
            int previousIterations = 0;
            if (previous != null) {
                checkResumable(previous, cfg, data, initial);
                initial = previous.parameters();
                previousIterations = previous.iterations();
            }

            DistributedObjective objective = new DistributedObjective(sc, data.train(), cfg.model(), data.numFeatures(),
                    cfg.training().aggregationDepth(), cfg.training().miniBatchFraction(), cfg.training().seed());
            LinkedHashMap<String, Tensor> params = initial;
            int done = previousIterations;
            OutputDir checkpoints = cfg.training().checkpointInterval() > 0 ? out.child("checkpoint") : null;
            Trainer trainer = new Trainer(sc, objective, model, cfg.training(), cfg.optimizer());
            Trainer.Result result = trainer.train(params, resumedState, previous == null ? null : previous.schedule(),
                    (opt, scheduler, it) -> ModelStore.write(checkpoints, saved(cfg, data, params, done + it, scheduler), opt));

            sc.setJobDescription("sparkgrad: evaluate");
            ParameterVector theta = ParameterVector.of(result.parameters());
            int depth = cfg.training().aggregationDepth();
            EvaluationSums trainSums = Evaluator.evaluate(sc, data.train(), cfg.model(), data.numFeatures(), theta, depth);
            EvaluationSums validSums = Evaluator.evaluate(sc, data.validation(), cfg.model(), data.numFeatures(), theta, depth);
            sc.setJobDescription(null);
            Map<String, Double> trainMetrics = trainSums.metrics(cfg.model().task());
            Map<String, Double> validMetrics = validSums.metrics(cfg.model().task());

            int iterations = result.metrics().size();
            ModelStore.write(out.child("model"), saved(cfg, data, result.parameters(), done + iterations, result.scheduler()),
                    result.optimizer());
            out.writeText("metrics.jsonl", metricsJsonl(result.metrics()));
            out.writeText("summary.json", summaryJson(cfg, data, result, trainMetrics, validMetrics));
            out.markSuccess();
            LOG.info("sparkgrad: train {} validation {}; wrote {}", trainMetrics, validMetrics, out.path());
            return new Result(iterations, result.seconds(), trainMetrics, validMetrics, result.metrics(),
                    result.parameters(), out.path().toString());
        }
    }

    private static SavedModel saved(JobConfig cfg, TrainingData data, LinkedHashMap<String, Tensor> params, int iterations,
            LRScheduler scheduler) {
        return new SavedModel(cfg.model(), data.featureNames(), cfg.data().label(), cfg.data().standardize(),
                data.means(), data.stds(), params, iterations, scheduler == null ? null : scheduler.state());
    }

    private static void checkResumable(SavedModel previous, JobConfig cfg, TrainingData data,
            LinkedHashMap<String, Tensor> fresh) {
        String from = "training.resumeFrom '" + cfg.training().resumeFrom() + "'";
        if (!previous.spec().equals(cfg.model())) {
            throw new IllegalArgumentException(from + ": saved model " + previous.spec() + " differs from this run's " + cfg.model());
        }
        if (!previous.features().equals(data.featureNames())) {
            throw new IllegalArgumentException(from + ": saved features " + previous.features() + " differ from this run's "
                    + data.featureNames());
        }
        for (Map.Entry<String, Tensor> e : fresh.entrySet()) {
            Tensor saved = previous.parameters().get(e.getKey());
            if (saved == null || !Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(from + ": parameter '" + e.getKey() + "' missing or of another shape");
            }
        }
    }

    static String metricsJsonl(List<IterationMetrics> metrics) {
        StringBuilder sb = new StringBuilder();
        for (IterationMetrics m : metrics) {
            sb.append(JsonWriter.compact().beginObject()
                    .field("iteration", m.iteration())
                    .field("loss", m.loss())
                    .field("objective", m.objective())
                    .field("gradientNorm", m.gradientNorm())
                    .field("lr", m.lr())
                    .field("rows", m.rows())
                    .field("seconds", m.seconds())
                    .endObject()).append('\n');
        }
        return sb.toString();
    }

    private static String summaryJson(JobConfig cfg, TrainingData data, Trainer.Result result,
            Map<String, Double> train, Map<String, Double> validation) {
        double[] seconds = result.metrics().stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
        double median = seconds.length == 0 ? Double.NaN
                : seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                : 0.5 * (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]);
        IterationMetrics last = result.metrics().isEmpty() ? null : result.metrics().get(result.metrics().size() - 1);
        return JsonWriter.pretty().beginObject()
                .field("model", cfg.model().type())
                .field("task", cfg.model().task().configName())
                .field("iterations", result.metrics().size())
                .field("trainSeconds", result.seconds())
                .field("medianSecondsPerIteration", median)
                .field("finalObjective", last == null ? Double.NaN : last.objective())
                .name("rows").beginObject()
                .field("train", data.trainRows())
                .field("validation", data.validationRows())
                .field("dropped", data.droppedRows())
                .endObject()
                .field("features", data.numFeatures())
                .field("train", train)
                .field("validation", validation)
                .endObject() + "\n";
    }
}
