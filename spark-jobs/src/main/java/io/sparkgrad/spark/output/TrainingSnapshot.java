package io.sparkgrad.spark.output;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.spark.state.BestIterate;
import io.sparkgrad.spark.state.IterationMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Everything a resumed run continues from, read completely before the run writes anything (so
 * resuming into the directory it reads from is safe): the model, the optimizer's state (null when
 * none was saved) and the iterations so far.
 *
 * @param source the model directory or checkpoint actually read
 * @param best early stopping's best snapshot saved in a checkpoint, or null
 */
public record TrainingSnapshot(SavedModel model, OptimizerState optimizer, List<IterationMetrics> history, Path source,
        BestIterate best) {

    /**
     * Reads {@code path}: a finished run's output (its {@code model/} and {@code metrics.jsonl}),
     * a model directory, a checkpoint, or a directory of checkpoints (the newest complete one).
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static TrainingSnapshot read(Configuration conf, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            p = fs.makeQualified(p);
            Path modelDir;
            Path metrics;
            if (fs.exists(new Path(p, ModelStore.MODEL_JSON))) {
                modelDir = p;
                metrics = fs.exists(new Path(p, MetricsLog.FILE)) ? new Path(p, MetricsLog.FILE)
                        : new Path(p.getParent(), MetricsLog.FILE);
            } else if (fs.exists(new Path(new Path(p, "model"), ModelStore.MODEL_JSON))) {
                if (!fs.exists(new Path(p, OutputDir.SUCCESS))) {
                    throw new IllegalArgumentException(path + ": has no " + OutputDir.SUCCESS + ", so it is not a finished run");
                }
                modelDir = new Path(p, "model");
                metrics = new Path(p, MetricsLog.FILE);
            } else if (Checkpoints.isCheckpointDir(fs, p)) {
                modelDir = new Checkpoints(fs, p).newest();
                if (modelDir == null) {
                    throw new IllegalArgumentException(path + ": holds no complete checkpoint (every one is torn; see the warnings)");
                }
                metrics = new Path(modelDir, MetricsLog.FILE);
            } else if (!fs.exists(p)) {
                throw new IllegalArgumentException(path + ": does not exist");
            } else {
                throw new IllegalArgumentException(path + ": neither a run's output, a model directory, a checkpoint nor a "
                        + "directory of checkpoints (no " + ModelStore.MODEL_JSON + ", model/" + ModelStore.MODEL_JSON
                        + " or " + Checkpoints.PREFIX + "* inside)");
            }
            SavedModel model = ModelStore.readDir(fs, modelDir);
            OptimizerState optimizer = ModelStore.readOptimizerStateIn(fs, modelDir);
            List<IterationMetrics> history = MetricsLog.read(fs, metrics);
            return new TrainingSnapshot(model, optimizer, List.copyOf(history), modelDir, ModelStore.readBest(fs, modelDir));
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
