package io.sparkgrad.spark;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgrad.spark.output.Checkpoints;
import io.sparkgrad.spark.output.Json;
import io.sparkgrad.spark.output.MetricsLog;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.OutputDir;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.StagedOutput;
import io.sparkgrad.spark.output.TrainingSnapshot;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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

    /** Parses arguments, validates the configuration, then trains on the active or a new SparkSession; returns the exit status. */
    public static int run(String[] args) {
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

    /**
     * Runs the whole job on {@code spark}; the caller owns the session. The output is committed
     * only when everything was written and checked: a failed run leaves a previous output as it
     * was, and no {@code _SUCCESS} of its own.
     */
    public static Result train(SparkSession spark, JobConfig cfg) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        try (StagedOutput out = StagedOutput.open(hadoop, cfg.output().path(), cfg.output().overwrite(),
                sc.sc().applicationId(), "TrainJob", cfg.output().staleLockSeconds(), "output.path")) {
            // read a resumed run completely before anything is written: it may be this very output or checkpoint directory
            String resumeFrom = cfg.training().resumeFrom();
            TrainingSnapshot previous = resumeFrom.isBlank() ? null : TrainingSnapshot.read(hadoop, resumeFrom);
            Trainer.Start start = previous == null ? Trainer.Start.FRESH : resumeStart(cfg, previous);
            Checkpoints checkpoints = checkpoints(hadoop, cfg, previous);
            int partitions = cfg.training().partitions() > 0 ? cfg.training().partitions() : sc.defaultParallelism();

            // a resumed model keeps the standardisation its parameters were trained with
            TrainingData.Standardization fixed = previous == null ? null : new TrainingData.Standardization(resumeFrom,
                    previous.model().features(), previous.model().means(), previous.model().stds());
            try (TrainingData data = TrainingData.load(spark, cfg.data(), cfg.model(), partitions, fixed)) {
                LOG.info("sparkgrad: {} training rows, {} validation rows, {} dropped, {} features, {} partitions",
                        data.trainRows(), data.validationRows(), data.droppedRows(), data.numFeatures(), partitions);
                Model model = Models.create(cfg.model(), data.numFeatures());
                LinkedHashMap<String, Tensor> params = model.initialParameters(cfg.training().seed());
                if (previous != null) {
                    checkResumable(previous.model(), cfg, params);
                    params = previous.model().parameters();
                }
                DistributedObjective objective = new DistributedObjective(sc, data.train(), cfg.model(), data.numFeatures(),
                        cfg.training().aggregationDepth(), cfg.training().miniBatchFraction(), cfg.training().seed());
                LinkedHashMap<String, Tensor> live = params;
                Trainer trainer = new Trainer(sc, objective, model, cfg.training(), cfg.optimizer());
                Trainer.Result result = trainer.train(params, start, (opt, scheduler, it, history) -> {
                    Path written = checkpoints.write(it, dir -> {
                        ModelStore.write(dir, saved(cfg, data, live, it, scheduler), opt);
                        dir.writeText(MetricsLog.FILE, MetricsLog.toJsonl(history));
                    });
                    LOG.info("sparkgrad: checkpoint {}", written);
                });

                sc.setJobDescription("sparkgrad: evaluate");
                ParameterVector theta = ParameterVector.of(result.parameters());
                int depth = cfg.training().aggregationDepth();
                EvaluationSums trainSums = Evaluator.evaluate(sc, data.train(), cfg.model(), data.numFeatures(), theta, depth);
                EvaluationSums validSums = Evaluator.evaluate(sc, data.validation(), cfg.model(), data.numFeatures(), theta, depth);
                sc.setJobDescription(null);
                Map<String, Double> trainMetrics = trainSums.metrics(cfg.model().task());
                Map<String, Double> validMetrics = validSums.metrics(cfg.model().task());
                trainMetrics.forEach((k, v) -> {
                    if (!Double.isFinite(v)) {
                        throw new Trainer.DivergedError("the final parameters give a training " + k + " of " + v
                                + "; the run diverged — lower optimizer.lr");
                    }
                });

                List<IterationMetrics> history = new ArrayList<>(start.history());
                history.addAll(result.metrics());
                int iterations = start.iterations() + result.metrics().size();
                OutputDir staged = out.dir();
                OutputDir modelDir = staged.child("model");
                ModelStore.write(modelDir, saved(cfg, data, result.parameters(), iterations, result.scheduler()),
                        result.optimizer());
                modelDir.writeManifest();
                staged.writeText(MetricsLog.FILE, MetricsLog.toJsonl(history));
                staged.writeText("summary.json", summaryJson(cfg, data, result, iterations, trainMetrics, validMetrics));
                // what a scoring job will read must read back: checked before it replaces anything
                ModelStore.read(hadoop, modelDir.path().toString());
                out.commit();
                if (!checkpoints.isEmpty()) {
                    checkpoints.deleteAll();  // the committed output supersedes them (it holds the optimizer state too)
                }
                LOG.info("sparkgrad: train {} validation {}; wrote {}", trainMetrics, validMetrics, out.target());
                return new Result(result.metrics().size(), result.seconds(), trainMetrics, validMetrics, result.metrics(),
                        result.parameters(), out.target().toString());
            }
        }
    }

    /** Checks a resumed run can continue under this configuration and says where it starts. */
    private static Trainer.Start resumeStart(JobConfig cfg, TrainingSnapshot previous) {
        String from = "training.resumeFrom '" + cfg.training().resumeFrom() + "'";
        SavedModel m = previous.model();
        if (m.iterations() >= cfg.training().maxIterations()) {
            throw new ConfigError(from + ": " + previous.source() + " has done " + m.iterations() + " iterations already and "
                    + "training.maxIterations = " + cfg.training().maxIterations() + " counts them too; raise it to train on");
        }
        OptimizerState optimizer = previous.optimizer();
        if (!cfg.training().resumeOptimizer()) {
            LOG.info("sparkgrad: training.resumeOptimizer = false: starting the optimizer afresh from the resumed parameters");
            optimizer = null;
        } else if (optimizer == null) {
            throw new ConfigError(from + ": " + previous.source() + " holds no optimizer state; set "
                    + "training.resumeOptimizer = false to start the optimizer afresh from its parameters");
        }
        List<IterationMetrics> history = previous.history().stream().filter(h -> h.iteration() <= m.iterations()).toList();
        LOG.info("sparkgrad: resuming from {} after iteration {}", previous.source(), m.iterations());
        return new Trainer.Start(m.iterations(), optimizer, optimizer == null ? null : m.schedule(), history);
    }

    /** The run's checkpoint directory; checkpoints of an unfinished earlier run there need overwrite or a resume. */
    private static Checkpoints checkpoints(Configuration hadoop, JobConfig cfg, TrainingSnapshot previous) {
        try {
            Path dir = new Path(cfg.training().checkpointDir());
            FileSystem fs = dir.getFileSystem(hadoop);
            Checkpoints checkpoints = new Checkpoints(fs, dir);
            boolean resumingFromThem = previous != null && previous.source().toString().startsWith(checkpoints.dir() + "/");
            if (!checkpoints.isEmpty() && !resumingFromThem) {
                if (!cfg.output().overwrite()) {
                    throw new ConfigError("training.checkpointDir '" + cfg.training().checkpointDir() + "' holds checkpoints "
                            + "of an unfinished run; continue it with --set training.resumeFrom=" + cfg.training().checkpointDir()
                            + ", or set output.overwrite = true to start over (they are then deleted)");
                }
                LOG.warn("sparkgrad: deleting the checkpoints of an unfinished earlier run in {} (output.overwrite = true)",
                        checkpoints.dir());
                checkpoints.deleteAll();
            }
            return checkpoints;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("training.checkpointDir: " + e.getMessage(), e);
        }
    }

    private static SavedModel saved(JobConfig cfg, TrainingData data, LinkedHashMap<String, Tensor> params, int iterations,
            LRScheduler scheduler) {
        return new SavedModel(cfg.model(), data.featureNames(), cfg.data().label(), cfg.data().standardize(),
                data.means(), data.stds(), params, iterations, scheduler == null ? null : scheduler.state());
    }

    private static void checkResumable(SavedModel previous, JobConfig cfg, LinkedHashMap<String, Tensor> fresh) {
        String from = "training.resumeFrom '" + cfg.training().resumeFrom() + "'";
        if (!previous.spec().equals(cfg.model())) {
            throw new ConfigError(from + ": saved model " + previous.spec() + " differs from this run's " + cfg.model());
        }
        for (Map.Entry<String, Tensor> e : fresh.entrySet()) {
            Tensor saved = previous.parameters().get(e.getKey());
            if (saved == null || !Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new ConfigError(from + ": parameter '" + e.getKey() + "' missing or of another shape");
            }
        }
    }

    private static String summaryJson(JobConfig cfg, TrainingData data, Trainer.Result result, int iterations,
            Map<String, Double> train, Map<String, Double> validation) {
        double[] seconds = result.metrics().stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
        double median = seconds.length == 0 ? Double.NaN
                : seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                : 0.5 * (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]);
        IterationMetrics last = result.metrics().isEmpty() ? null : result.metrics().get(result.metrics().size() - 1);
        ObjectNode root = Json.object()
                .put("model", cfg.model().type())
                .put("task", cfg.model().task().configName())
                .put("iterations", iterations)
                .put("iterationsThisRun", result.metrics().size())
                .put("resumedFrom", cfg.training().resumeFrom().isBlank() ? null : cfg.training().resumeFrom());
        Json.putNumber(root, "trainSeconds", result.seconds());
        Json.putNumber(root, "medianSecondsPerIteration", median);
        Json.putNumber(root, "finalObjective", last == null ? Double.NaN : last.objective());
        root.putObject("rows")
                .put("train", data.trainRows())
                .put("validation", data.validationRows())
                .put("dropped", data.droppedRows());
        root.put("features", data.numFeatures());
        ObjectNode t = root.putObject("train");
        train.forEach((k, v) -> Json.putNumber(t, k, v));
        ObjectNode v = root.putObject("validation");
        validation.forEach((k, x) -> Json.putNumber(v, k, x));
        return Json.pretty(root);
    }
}
