package io.sparkgrad.spark.train;

import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.OptimizerConfig;
import io.sparkgrad.spark.config.TrainingConfig;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.output.FaultInjection;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver loop: evaluate the distributed objective at θ, divide by the row count, add the
 * L1/L2 penalty, check it, hand the gradient to the engine's optimizer, check the new parameters,
 * step the schedule, repeat until iteration {@code training.maxIterations} (counted over resumed
 * runs too) or until the objective's relative change is at most {@code training.tolerance}.
 *
 * <p>Divergence: the run stops with a {@link DivergedError} naming the iteration as soon as the
 * objective or its gradient is not finite, a parameter is not finite after a step (the last step
 * included), or the objective exceeds {@code training.divergenceFactor} × max(|first objective|, 1).
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

    /** What training produced: final parameters, the optimizer (for its state) and this run's iterations. */
    public record Result(LinkedHashMap<String, Tensor> parameters, Optimizer optimizer, LRScheduler scheduler,
            List<IterationMetrics> metrics, double seconds) {}

    /**
     * Where training starts: nothing for a fresh run, else a resumed run's state.
     *
     * @param iterations iterations already done (the next one is {@code iterations + 1})
     * @param optimizer the optimizer state to load before the first step; null to start it afresh
     * @param schedule the scheduler state to continue; null for none saved
     * @param history the earlier iterations' metrics (for the stopping and divergence rules)
     */
    public record Start(int iterations, OptimizerState optimizer, SchedulerState schedule, List<IterationMetrics> history) {
        public static final Start FRESH = new Start(0, null, null, List.of());
    }

    /** The state after an iteration (parameters are the live tensors given to {@link #train}). */
    @FunctionalInterface
    public interface Checkpoint {
        void save(Optimizer optimizer, LRScheduler scheduler, int iteration, List<IterationMetrics> metricsSoFar);
    }

    /** The run stopped because the objective or the parameters diverged. */
    public static final class DivergedError extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public DivergedError(String message) {
            super(message);
        }
    }

    /**
     * @param parameters starting values, in the model's order; they become the optimizer's leaves
     * @param checkpoint called every {@code training.checkpointInterval} iterations, after the
     *     step; may be null
     */
    public Result train(LinkedHashMap<String, Tensor> parameters, Start start, Checkpoint checkpoint) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor p : parameters.values()) {
            if (!p.requiresGrad()) {
                p.requiresGrad_(true);
            }
            leaves.add(p);
        }
        Optimizer optimizer = Optimizers.create(optimizerConfig, leaves);
        if (start.optimizer() != null) {
            optimizer.loadState(start.optimizer());
        }
        LRScheduler scheduler = schedule(optimizer, start);
        if (start.optimizer() != null) {
            applyLr(optimizer, scheduler);
        }
        List<String> names = new ArrayList<>(parameters.keySet());
        List<IterationMetrics> history = new ArrayList<>(start.history());
        List<IterationMetrics> metrics = new ArrayList<>();
        long begin = System.nanoTime();
        double previous = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).objective();
        double reference = history.isEmpty() ? Double.NaN : Math.max(Math.abs(history.get(0).objective()), 1.0);
        int last = training.maxIterations();
        for (int it = start.iterations() + 1; it <= last; it++) {
            long t0 = System.nanoTime();
            sc.setJobDescription("sparkgrad: train iteration " + it + "/" + last);
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
            if (Double.isNaN(reference)) {
                reference = Math.max(Math.abs(objectiveValue), 1.0);
            }
            checkObjective(it, loss, objectiveValue, norm, reference, theta, names, grad);
            double lr = optimizer.lr();
            for (int i = 0; i < leaves.size(); i++) {
                double[] slice = new double[theta.length(i)];
                System.arraycopy(grad, theta.offset(i), slice, 0, slice.length);
                leaves.get(i).setGrad(Tensor.fromArray(slice, theta.shape(i)));
            }
            optimizer.step();
            checkParameters(it, names, leaves);
            if (scheduler != null) {
                scheduler.step();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            IterationMetrics m = new IterationMetrics(it, loss, objectiveValue, norm, lr, sum.rows(), seconds);
            metrics.add(m);
            history.add(m);
            LOG.info(String.format("iteration %d/%d  loss %.6g  objective %.6g  gradient norm %.4g  lr %.4g  %.3f s",
                    it, last, loss, objectiveValue, norm, lr, seconds));
            if (checkpoint != null && training.checkpointInterval() > 0 && it % training.checkpointInterval() == 0
                    && it < last) {
                checkpoint.save(optimizer, scheduler, it, history);
            }
            FaultInjection.iterationDone(it);
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
        return new Result(parameters, optimizer, scheduler, metrics, (System.nanoTime() - begin) / 1e9);
    }

    /** The configured schedule, or the resumed one (with its saved settings) when there is one. */
    private LRScheduler schedule(Optimizer optimizer, Start start) {
        SchedulerState saved = start.schedule();
        String kind = Optimizers.scheduleKind(optimizerConfig);
        if (saved == null) {
            if (kind != null && start.iterations() > 0) {
                throw new ConfigError("optimizer.schedule.type = " + optimizerConfig.schedule().type()
                        + ", but the resumed run had no schedule; a schedule cannot start in the middle of a run");
            }
            return Optimizers.schedule(optimizerConfig, optimizer, training.maxIterations());
        }
        if (!saved.kind().equals(kind)) {
            throw new ConfigError("optimizer.schedule.type = " + optimizerConfig.schedule().type() + ", but the resumed run's "
                    + "schedule is " + saved.kind() + "; resume with the same schedule type");
        }
        if (saved.settings().isEmpty()) {
            LRScheduler s = Optimizers.schedule(optimizerConfig, optimizer, training.maxIterations());
            s.loadState(saved);
            return s;
        }
        LRScheduler restored = LRScheduler.restore(optimizer, saved);
        LOG.info("sparkgrad: continuing the resumed {} schedule at epoch {} with its saved settings {}", saved.kind(),
                saved.lastEpoch(), saved.settings());
        return restored;
    }

    /** A resumed optimizer continues at its saved lr unless optimizer.lr was given; then it is applied or refused. */
    private void applyLr(Optimizer optimizer, LRScheduler scheduler) {
        double saved = scheduler != null ? scheduler.baseLr() : optimizer.lr();
        if (!optimizerConfig.lrSet() || optimizerConfig.lr() == saved) {
            LOG.info("sparkgrad: optimizer.lr: continuing with the resumed run's learning rate {}", optimizer.lr());
            return;
        }
        if (scheduler != null) {
            LOG.error("sparkgrad: optimizer.lr = {} refused: the resumed {} schedule started from {}", optimizerConfig.lr(),
                    scheduler.state().kind(), saved);
            throw new ConfigError("optimizer.lr = " + optimizerConfig.lr() + " differs from the resumed run's schedule, which "
                    + "started from lr " + saved + "; a schedule's base rate cannot change mid-run (remove optimizer.lr to "
                    + "continue the schedule)");
        }
        LOG.info("sparkgrad: optimizer.lr: applying {} to the resumed optimizer (it had {})", optimizerConfig.lr(), saved);
        optimizer.setLr(optimizerConfig.lr());
    }

    private void checkObjective(int it, double loss, double objectiveValue, double norm, double reference,
            ParameterVector theta, List<String> names, double[] grad) {
        if (!Double.isFinite(objectiveValue)) {
            throw new DivergedError("iteration " + it + ": the objective is " + objectiveValue + " (loss " + loss
                    + "); the run diverged — lower optimizer.lr");
        }
        if (!Double.isFinite(norm)) {
            for (int p = 0; p < theta.count(); p++) {
                for (int i = 0; i < theta.length(p); i++) {
                    double g = grad[theta.offset(p) + i];
                    if (!Double.isFinite(g)) {
                        throw new DivergedError("iteration " + it + ": the gradient of parameter '" + names.get(p)
                                + "' is " + g + " at index " + i + "; the run diverged — lower optimizer.lr");
                    }
                }
            }
            throw new DivergedError("iteration " + it + ": the gradient norm overflows (" + norm
                    + "); the run diverged — lower optimizer.lr");
        }
        double factor = training.divergenceFactor();
        if (factor > 0 && objectiveValue > factor * reference) {
            throw new DivergedError(String.format("iteration %d: the objective %.6g exceeds training.divergenceFactor "
                    + "(%.3g) times max(|first objective|, 1) = %.6g; the run diverged — lower optimizer.lr",
                    it, objectiveValue, factor, reference));
        }
    }

    private static void checkParameters(int it, List<String> names, List<Tensor> leaves) {
        for (int p = 0; p < leaves.size(); p++) {
            double[] w = leaves.get(p).toArray();
            for (int i = 0; i < w.length; i++) {
                if (!Double.isFinite(w[i])) {
                    throw new DivergedError("iteration " + it + ": parameter '" + names.get(p) + "' is " + w[i]
                            + " at index " + i + " after the optimizer step; the run diverged — lower optimizer.lr");
                }
            }
        }
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
