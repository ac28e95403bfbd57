package io.sparkgrad.spark.train;

import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.config.OptimizerConfig;
import io.sparkgrad.spark.config.TrainingConfig;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver loop: evaluate the distributed objective at θ, divide by the row count, add the
 * L1/L2 penalty, hand the gradient to the engine's optimizer, step the schedule, repeat until
 * {@code training.maxIterations} or until the objective's relative change is at most
 * {@code training.tolerance}.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final JavaSparkContext sc;
    private final DistributedObjective objective;
    private final Model model;
    private final TrainingConfig training;
    private final OptimizerConfig optimizerConfig;

    public Trainer(JavaSparkContext sc, DistributedObjective objective, Model model, TrainingConfig training,
            OptimizerConfig optimizerConfig) {
        this.sc = sc;
        this.objective = objective;
        this.model = model;
        this.training = training;
        this.optimizerConfig = optimizerConfig;
    }

    /** What training produced: final parameters, the optimizer (for its state) and per-iteration metrics. */
    public record Result(LinkedHashMap<String, Tensor> parameters, Optimizer optimizer, LRScheduler scheduler,
            List<IterationMetrics> metrics, double seconds) {}

    /** Saves the state after an iteration (parameters are the live tensors given to {@link #train}). */
    @FunctionalInterface
    public interface Checkpoint {
        void save(Optimizer optimizer, LRScheduler scheduler, int iteration);
    }

    /**
     * @param parameters starting values, in the model's order; they become the optimizer's leaves
     * @param resumedOptimizer a resumed run's optimizer state, loaded before the first step; may be null
     * @param resumedSchedule a resumed run's scheduler state (same schedule type); may be null
     * @param checkpoint called every {@code training.checkpointInterval} iterations, after the
     *     step; may be null
     */
    public Result train(LinkedHashMap<String, Tensor> parameters, OptimizerState resumedOptimizer,
            SchedulerState resumedSchedule, Checkpoint checkpoint) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor p : parameters.values()) {
            if (!p.requiresGrad()) {
                p.requiresGrad_(true);
            }
            leaves.add(p);
        }
        Optimizer optimizer = Optimizers.create(optimizerConfig, leaves);
        if (resumedOptimizer != null) {
            optimizer.loadState(resumedOptimizer);
        }
        LRScheduler scheduler = Optimizers.schedule(optimizerConfig, optimizer, training.maxIterations());
        if (scheduler != null && resumedSchedule != null && resumedSchedule.kind().equals(scheduler.state().kind())) {
            scheduler.loadState(resumedSchedule);
        }
        List<String> names = new ArrayList<>(parameters.keySet());
        List<IterationMetrics> metrics = new ArrayList<>();
        long start = System.nanoTime();
        double previous = Double.NaN;
        for (int it = 1; it <= training.maxIterations(); it++) {
            long t0 = System.nanoTime();
            sc.setJobDescription("sparkgrad: train iteration " + it + "/" + training.maxIterations());
            ParameterVector theta = ParameterVector.of(parameters);
            GradientSum sum = objective.evaluate(theta, it);
            if (sum.rows() == 0) {
                throw new IllegalStateException("iteration " + it + ": no training rows contributed "
                        + "(training.miniBatchFraction too small for the data?)");
            }
            double loss = sum.lossSum() / sum.rows();
            double[] grad = sum.gradientSum();
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= sum.rows();
            }
            double penalty = addPenalty(theta, names, grad);
            double objectiveValue = loss + penalty;
            double norm = 0;
            for (double g : grad) {
                norm += g * g;
            }
            norm = Math.sqrt(norm);
            if (!Double.isFinite(objectiveValue) || !Double.isFinite(norm)) {
                throw new IllegalStateException("iteration " + it + ": the loss diverged (loss " + loss + ", gradient norm "
                        + norm + "); lower optimizer.lr");
            }
            double lr = optimizer.lr();
            for (int i = 0; i < leaves.size(); i++) {
                double[] slice = new double[theta.length(i)];
                System.arraycopy(grad, theta.offset(i), slice, 0, slice.length);
                leaves.get(i).setGrad(Tensor.fromArray(slice, theta.shape(i)));
            }
            optimizer.step();
            if (scheduler != null) {
                scheduler.step();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.add(new IterationMetrics(it, loss, objectiveValue, norm, lr, sum.rows(), seconds));
            LOG.info(String.format("iteration %d/%d  loss %.6g  objective %.6g  gradient norm %.4g  lr %.4g  %.3f s",
                    it, training.maxIterations(), loss, objectiveValue, norm, lr, seconds));
            if (checkpoint != null && training.checkpointInterval() > 0 && it % training.checkpointInterval() == 0) {
                checkpoint.save(optimizer, scheduler, it);
            }
            if (training.tolerance() > 0 && !Double.isNaN(previous)
                    && Math.abs(objectiveValue - previous) <= training.tolerance() * Math.max(Math.abs(previous), 1e-12)) {
                LOG.info(String.format("stopping after iteration %d: relative change of the objective %.3g <= tolerance %.3g",
                        it, Math.abs(objectiveValue - previous) / Math.max(Math.abs(previous), 1e-12), training.tolerance()));
                break;
            }
            previous = objectiveValue;
        }
        sc.setJobDescription(null);
        for (Tensor p : leaves) {
            p.setGrad(null);
        }
        return new Result(parameters, optimizer, scheduler, metrics, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Adds the gradient of ½·l2·‖w‖² + l1·‖w‖₁ over the regularised parameters into {@code grad}
     * and returns the penalty. The subgradient of |w| at 0 is taken as 0.
     */
    private double addPenalty(ParameterVector theta, List<String> names, double[] grad) {
        double l2 = training.l2();
        double l1 = training.l1();
        if (l2 == 0 && l1 == 0) {
            return 0;
        }
        double penalty = 0;
        double[] w = theta.values();
        for (int p = 0; p < theta.count(); p++) {
            if (!model.regularized(names.get(p))) {
                continue;
            }
            for (int i = theta.offset(p); i < theta.offset(p) + theta.length(p); i++) {
                penalty += 0.5 * l2 * w[i] * w[i] + l1 * Math.abs(w[i]);
                grad[i] += l2 * w[i] + l1 * Math.signum(w[i]);
            }
        }
        return penalty;
    }
}
