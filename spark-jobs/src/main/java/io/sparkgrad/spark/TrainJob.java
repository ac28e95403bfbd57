package io.sparkgrad.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgrad.spark.cli.CommandLines;
import io.sparkgrad.spark.cli.TrainCommand;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.DataConfig;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.output.Checkpoints;
import io.sparkgrad.spark.output.Json;
import io.sparkgrad.spark.output.MetricsLog;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.OutputDir;
import io.sparkgrad.spark.output.StagedOutput;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.report.ReportHtml;
import io.sparkgrad.spark.report.RunReport;
import io.sparkgrad.spark.exec.Progress;
import io.sparkgrad.spark.train.Trainer;
import io.sparkgrad.spark.train.TrainingCore;
import io.sparkgrad.tensor.Tensor;
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
        if (cfg == null) {
            return 0;  // --help or --version
        }
        try {
            SparkSession spark = SparkSessions.start("sparkgrad TrainJob " + cfg.model().type() + " → " + cfg.output().path());
            Result r = train(spark, cfg);
            System.out.println("sparkgrad: trained " + cfg.model().type() + " for " + r.iterations() + " iterations in "
                    + String.format("%.1f", r.trainSeconds()) + " s; validation " + r.validation() + "; output "
                    + r.output());
            return 0;
        } catch (Throwable t) {
            return JobFailure.report(t);
        }
    }

    /**
     * {@code CONFIG [--set key=value]...} to a validated configuration; null when {@code --help}
     * or {@code --version} was asked for (and printed).
     */
    public static JobConfig parseArguments(String[] args) {
        TrainCommand command = new TrainCommand();
        if (!CommandLines.parse(command, args)) {
            return null;
        }
        return JobConfig.load(command.config(), command.overrides());
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
        long started = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        if (!cfg.training().resumeFrom().isBlank()) {
            mustExist(hadoop, cfg.training().resumeFrom(), "config key 'training.resumeFrom'");
        }
        try (StagedOutput out = StagedOutput.open(hadoop, cfg.output().path(), cfg.output().overwrite(),
                sc.sc().applicationId(), "TrainJob", cfg.output().staleLockSeconds(), "output.path")) {
            // read a resumed run completely before anything is written: it may be this very output or checkpoint directory
            String resumeFrom = cfg.training().resumeFrom();
            TrainingSnapshot previous = resumeFrom.isBlank() ? null : TrainingSnapshot.read(hadoop, resumeFrom);
            Checkpoints checkpoints = checkpoints(hadoop, cfg, previous);
            DataConfig d = cfg.data();
            long open = Progress.phase("opening " + d.path() + " (" + d.format() + ")");
            TableReader.Table table = TableReader.read(spark, d.path(), d.format(), d.header(), d.delimiter());
            double openSeconds = Progress.done(open, "opened " + d.path() + ": " + table.columns().size() + " columns");
            TrainingCore.Fitted fitted = TrainingCore.fit(spark, table, cfg.fit(), previous, resumeFrom,
                    cfg.training().checkpointInterval() > 0 ? checkpoints : null);

            long writeStart = Progress.phase("writing the output to " + out.target());
            OutputDir staged = out.dir();
            OutputDir modelDir = staged.child("model");
            ModelStore.write(modelDir, fitted.model(), fitted.optimizer());
            modelDir.writeManifest();
            staged.writeText(MetricsLog.FILE, MetricsLog.toJsonl(fitted.history()));
            staged.writeText("summary.json", summaryJson(cfg, fitted));
            staged.writeText("report.html", ReportHtml.render(report(cfg, fitted, openSeconds,
                    (System.nanoTime() - started) / 1e9)));
            // what a scoring job will read must read back: checked before it replaces anything
            ModelStore.read(hadoop, modelDir.path().toString());
            out.commit();
            if (!checkpoints.isEmpty()) {
                checkpoints.deleteAll();  // the committed output supersedes them (it holds the optimizer state too)
            }
            Progress.done(writeStart, "wrote " + out.target() + " (model/, metrics.jsonl, summary.json, report.html, _SUCCESS)");
            LOG.info("sparkgrad: train {} validation {}; wrote {}", fitted.train(), fitted.validation(), out.target());
            Trainer.Result run = fitted.run();
            return new Result(run.metrics().size(), run.seconds(), fitted.train(), fitted.validation(), run.metrics(),
                    run.parameters(), out.target().toString());
        }
    }

    /**
     * A path the configuration or command line names as an input, checked before any data is read:
     * a missing one is a configuration problem (exit 2) naming {@code what}.
     */
    static void mustExist(Configuration hadoop, String path, String what) {
        try {
            Path p = new Path(path);
            if (!p.getFileSystem(hadoop).exists(p)) {
                throw new ConfigError(what + " names a path that does not exist: '" + path + "'");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(what + ": cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    /** The run's checkpoint directory; checkpoints of an unfinished earlier run there need overwrite or a resume. */
    private static Checkpoints checkpoints(Configuration hadoop, JobConfig cfg, TrainingSnapshot previous) {
        try {
            Path dir = new Path(cfg.training().checkpointDir());
            FileSystem fs = dir.getFileSystem(hadoop);
            Checkpoints checkpoints = new Checkpoints(fs, dir);
            boolean resumingFromThem = previous != null && previous.source().toString().startsWith(checkpoints.dir() + "/");
            if (!checkpoints.isEmpty() && !resumingFromThem) {
                if (checkpoints.newest() == null) {
                    // a kill during the first checkpoint leaves only torn ones: nothing to continue, so start afresh
                    LOG.warn("sparkgrad: {} holds only torn checkpoints, none to continue from; deleting them and starting "
                            + "afresh", checkpoints.dir());
                    checkpoints.deleteAll();
                    return checkpoints;
                }
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

    /** What report.html shows of a finished run. */
    private static RunReport report(JobConfig cfg, TrainingCore.Fitted fitted, double openSeconds, double seconds) {
        RunReport.Builder b = RunReport.builder()
                .title("sparkgrad: " + cfg.model().type() + " on " + cfg.data().path())
                .model(cfg.model())
                .iterations(fitted.history())
                .config(cfg.text())
                .rows(fitted.trainRows(), fitted.validationRows(), fitted.droppedRows())
                .features(fitted.model().features().size())
                .iterationsTotal(fitted.history().isEmpty() ? 0 : fitted.history().get(fitted.history().size() - 1).iteration())
                .finalMetrics("train", fitted.train());
        if (!fitted.validation().isEmpty()) {
            b.finalMetrics("validation", fitted.validation());
        }
        for (IterationMetrics m : fitted.history()) {
            if (!m.validation().isEmpty()) {
                b.validationPoint(m.iteration(), m.validation());
            }
        }
        if (cfg.training().earlyStopping() != null) {
            b.earlyStopping(fitted.model().iterations(), cfg.training().earlyStopping().metric());
        }
        long[][] confusion = fitted.validationConfusion() != null ? fitted.validationConfusion() : fitted.trainConfusion();
        if (confusion != null) {
            List<String> labels = new java.util.ArrayList<>();
            for (int c = 0; c < confusion.length; c++) {
                labels.add(Integer.toString(c));
            }
            b.confusion(labels, confusion);
        }
        if (!cfg.training().resumeFrom().isBlank()) {
            b.resumedFrom(cfg.training().resumeFrom(), fitted.history().size() - fitted.run().metrics().size());
        }
        b.timing("open", openSeconds);
        fitted.timings().forEach(b::timing);
        return b.totalSeconds(seconds).build();
    }

    private static String summaryJson(JobConfig cfg, TrainingCore.Fitted fitted) {
        Trainer.Result run = fitted.run();
        double[] seconds = run.metrics().stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
        double median = seconds.length == 0 ? Double.NaN
                : seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                : 0.5 * (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]);
        List<IterationMetrics> history = fitted.history();
        IterationMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        ObjectNode root = Json.object()
                .put("model", cfg.model().type())
                .put("task", cfg.model().task().configName())
                .put("iterations", fitted.model().iterations())
                .put("iterationsThisRun", run.metrics().size())
                .put("resumedFrom", cfg.training().resumeFrom().isBlank() ? null : cfg.training().resumeFrom());
        Json.putNumber(root, "trainSeconds", run.seconds());
        Json.putNumber(root, "medianSecondsPerIteration", median);
        Json.putNumber(root, "finalObjective", last == null ? Double.NaN : last.objective());
        root.putObject("rows")
                .put("train", fitted.trainRows())
                .put("validation", fitted.validationRows())
                .put("dropped", fitted.droppedRows());
        root.put("features", fitted.model().features().size());
        ObjectNode cached = root.putObject("cachedBlocks")
                .put("blocks", fitted.blocks().blocks())
                .put("binaryBlocks", fitted.blocks().binaryBlocks())
                .put("storedEntries", fitted.blocks().storedEntries());
        Json.putNumber(cached, "bytesPerRow", fitted.blocks().bytesPerRow());
        Json.putNumber(cached, "bytesPerStoredEntry", fitted.blocks().bytesPerStoredEntry());
        // passes at one θ share its shipment: at most one per distinct θ the run evaluated
        root.putObject("parameterShipments")
                .put("shipped", fitted.thetaShipments())
                .put("broadcasts", fitted.thetaBroadcasts());
        ObjectNode t = root.putObject("train");
        fitted.train().forEach((k, v) -> Json.putNumber(t, k, v));
        ObjectNode v = root.putObject("validation");
        fitted.validation().forEach((k, x) -> Json.putNumber(v, k, x));
        long[][] confusion = fitted.validationConfusion() != null ? fitted.validationConfusion() : fitted.trainConfusion();
        if (confusion != null) {
            ObjectNode c = root.putObject("confusionMatrix")
                    .put("rows", fitted.validationConfusion() != null ? "validation" : "train");
            var counts = c.putArray("counts");
            for (long[] row : confusion) {
                var r = counts.addArray();
                for (long n : row) {
                    r.add(n);
                }
            }
        }
        return Json.pretty(root);
    }
}
