package io.sparkgrad.spark.train;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.FitConfig;
import io.sparkgrad.spark.data.BlockFootprint;
import io.sparkgrad.spark.data.SparseData;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.exec.Progress;
import io.sparkgrad.spark.model.GeneralizedLinearModel;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.output.Checkpoints;
import io.sparkgrad.spark.output.MetricsLog;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training path both doors share — {@code TrainJob} (HOCON, files) and the Spark ML
 * estimators (params, DataFrames): rows of a table → checked, standardised, cached blocks → the
 * distributed loop (resumed if asked, checkpointed if asked) → the final model and its metrics.
 * It writes nothing but checkpoints: where the result goes is the door's business.
 */
public final class TrainingCore {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCore.class);

    private TrainingCore() {}

    /**
     * A finished fit.
     *
     * @param model the trained model, as {@code ModelStore} saves it
     * @param optimizer the optimizer's state, to save with the model
     * @param trainConfusion the training rows' confusion matrix (classifiers with few classes), else null
     * @param classWeights the class weights applied, balanced ones resolved; null for none
     * @param timings seconds per phase, in order
     * @param cachedBytesPerRow the cached blocks' size (memory and disk) per row
     * @param blocks what the cached blocks hold and take (bytes per stored entry)
     * @param history every iteration's metrics, a resumed run's earlier ones included
     * @param run this fit's own iterations and time
     * @param train metrics on the training rows with the final parameters
     * @param validation the same on the held-out rows (empty when none were held out)
     */
    public record Fitted(SavedModel model, OptimizerState optimizer, List<IterationMetrics> history, Trainer.Result run,
            Map<String, Double> train, Map<String, Double> validation, long[][] trainConfusion, long[][] validationConfusion,
            long trainRows, long validationRows, long droppedRows, double[] classWeights, Map<String, Double> timings,
            double cachedBytesPerRow, BlockFootprint blocks, long thetaShipments, long thetaBroadcasts) {}

    /**
     * Fits a model to {@code table}.
     *
     * @param previous a resumed run's state (read before anything was written), or null
     * @param checkpoints where to write checkpoints every {@code training.checkpointInterval}
     *     iterations; null for none
     * @param resumeSource how the resumed run was named (for messages), or null
     */
    public static Fitted fit(SparkSession spark, TableReader.Table table, FitConfig given, TrainingSnapshot previous,
            String resumeSource, Checkpoints checkpoints) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Trainer.Start start = previous == null ? Trainer.Start.FRESH : resumeStart(given, previous, resumeSource);
        int partitions = given.training().partitions() > 0 ? given.training().partitions() : sc.defaultParallelism();
        // a resumed model keeps the standardisation its parameters were trained with
        TrainingData.Standardization fixed = previous == null ? null : new TrainingData.Standardization(resumeSource,
                previous.model().features(), previous.model().means(), previous.model().stds());
        try (TrainingData data = given.data().vectorInput()
                ? SparseData.load(spark, table, given.data(), given.model(), partitions, fixed)
                : TrainingData.load(spark, table, given.data(), given.model(), partitions, fixed);
                // one shipment of θ serves every pass at that θ: a step's validation, the next training pass, the final evaluation
                ParameterShipments shipments = ParameterShipments.keptPerTheta(sc)) {
            // an MLlib-scale penalty needs the row count and the label's spread: the ingest pass's own
            FitConfig cfg = MllibPenalty.resolve(given, data);
            Model model = Models.create(cfg.model(), data.numFeatures());
            LinkedHashMap<String, Tensor> params = model.initialParameters(cfg.training().seed());
            int depth = cfg.training().aggregationDepth();
            double glmNullEta = Double.NaN;
            if (model instanceof GeneralizedLinearModel glm) {
                // labels checked against the family, and the intercept starts at g(ȳ) less the mean
                // offset: the null model, whose deviance the summary reports
                double[] means = GlmStart.means(data.train(), glm.family(), cfg.data().label(), depth);
                boolean offsets = !cfg.data().offset().isEmpty();
                double firstIntercept = glm.initialIntercept(means[0]) - (offsets && Double.isFinite(means[1]) ? means[1] : 0.0);
                if (glm.fitIntercept()) {
                    params.put("bias", Tensor.fromArray(new double[] {firstIntercept}, 1));
                }
                if (!Double.isNaN(means[0])) {
                    // MLlib's null model: η = g(ȳ); with offsets, the intercept-only fit's; η = 0 without an intercept
                    glmNullEta = !glm.fitIntercept() ? 0.0 : !offsets ? glm.link().link(means[0])
                            : GlmStart.nullIntercept(data.train(), cfg.model().glm(), firstIntercept, depth);
                }
            }
            double nullEta = glmNullEta;
            if (previous != null) {
                checkResumable(previous.model(), cfg, params, resumeSource);
                params = previous.model().parameters();
            }
            DistributedObjective objective = new DistributedObjective(sc, data.train(), cfg.model(), data.numFeatures(),
                    cfg.training().aggregationDepth(), cfg.training().miniBatchFraction(), cfg.training().seed(), shipments);
            LinkedHashMap<String, Tensor> live = params;
            Trainer.Validation validation = data.validationRows() == 0 ? null
                    : theta -> Evaluator.evaluate(shipments, data.validation(), cfg.model(), data.numFeatures(), theta, depth, nullEta)
                            .metrics(cfg.model().task());
            Trainer trainer = new Trainer(sc, objective, model, cfg.training(), cfg.optimizer(), validation);
            Trainer.Checkpoint save = checkpoints == null ? null : (opt, schedule, it, history, best) -> {
                Path written = checkpoints.write(it, dir -> {
                    ModelStore.write(dir, saved(cfg, data, live, it, schedule), opt);
                    dir.writeText(MetricsLog.FILE, MetricsLog.toJsonl(history));
                    if (best != null) {
                        ModelStore.writeBest(dir, best);
                    }
                });
                LOG.info("sparkgrad: checkpoint {}", written);
            };
            long trainStart = Progress.phase("training " + cfg.model().type() + " with " + cfg.optimizer().type()
                    + ", up to iteration " + cfg.training().maxIterations());
            Trainer.Result result = trainer.train(params, start, save);
            double trainSeconds = Progress.done(trainStart, "trained: " + result.metrics().size() + " iterations");

            long evalStart = Progress.phase("evaluating the final parameters on " + data.trainRows() + " training and "
                    + data.validationRows() + " validation rows");
            sc.setJobDescription("sparkgrad: evaluate");
            ParameterVector theta = ParameterVector.of(result.parameters());
            EvaluationSums trainSums = Evaluator.evaluate(shipments, data.train(), cfg.model(), data.numFeatures(), theta, depth,
                    glmNullEta);
            // nothing held out: no pass over the (unpacked) validation blocks
            EvaluationSums validSums = data.validationRows() == 0 ? null
                    : Evaluator.evaluate(shipments, data.validation(), cfg.model(), data.numFeatures(), theta, depth, glmNullEta);
            sc.setJobDescription(null);
            Map<String, Double> trainMetrics = trainSums.metrics(cfg.model().task());
            Map<String, Double> validMetrics = validSums == null ? new LinkedHashMap<>() : validSums.metrics(cfg.model().task());
            double evalSeconds = Progress.done(evalStart, "evaluated: train " + trainMetrics + ", validation " + validMetrics);
            Map<String, Double> timings = new LinkedHashMap<>();
            timings.put("read and check", data.readSeconds());
            timings.put("pack", data.packSeconds());
            timings.put("train", trainSeconds);
            timings.put("evaluate", evalSeconds);
            BlockFootprint footprint = BlockFootprint.of(data);
            double bytesPerRow = footprint.bytesPerRow();
            LOG.info("sparkgrad: " + footprint.describe());
            trainMetrics.forEach((k, v) -> {
                if (!Double.isFinite(v)) {
                    throw new Trainer.DivergedError("the final parameters give a training " + k + " of " + v
                            + "; the run diverged — lower optimizer.lr");
                }
            });
            List<IterationMetrics> history = new ArrayList<>(start.history());
            history.addAll(result.metrics());
            return new Fitted(saved(cfg, data, result.parameters(), result.iterations(), result.schedulerState()),
                    result.optimizerState(), history, result, trainMetrics, validMetrics, trainSums.confusion(),
                    validSums == null ? null : validSums.confusion(), data.trainRows(), data.validationRows(), data.droppedRows(),
                    data.classWeights(), timings, bytesPerRow, footprint, shipments.shipped(), shipments.broadcasts());
        }
    }

    /** Checks a resumed run can continue under this configuration and says where it starts. */
    private static Trainer.Start resumeStart(FitConfig cfg, TrainingSnapshot previous, String resumeSource) {
        String from = "training.resumeFrom '" + resumeSource + "'";
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
        return new Trainer.Start(m.iterations(), optimizer, optimizer == null ? null : m.schedule(), history, previous.best());
    }

    private static SavedModel saved(FitConfig cfg, TrainingData data, LinkedHashMap<String, Tensor> params, int iterations,
            SchedulerState schedule) {
        return new SavedModel(cfg.model(), data.featureNames(), cfg.data().label(), cfg.data().standardize(),
                data.means(), data.stds(), params, iterations, schedule);
    }

    private static void checkResumable(SavedModel previous, FitConfig cfg, LinkedHashMap<String, Tensor> fresh,
            String resumeSource) {
        String from = "training.resumeFrom '" + resumeSource + "'";
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
}
