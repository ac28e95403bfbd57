package io.sparkgrad.spark.train;

import io.sparkgrad.optim.LBFGS;
import io.sparkgrad.optim.OWLQN;
import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.exec.Progress;
import io.sparkgrad.spark.state.BestIterate;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.state.ParameterVector;
import java.util.Map;
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
 * runs too), or until the objective's relative change is at most {@code training.tolerance}, or
 * the gradient's norm is within {@code training.gradientTolerance} × max(|objective|, 1), or
 * L-BFGS finds no descent left. Every optimizer is driven through its {@code step(closure)}: SGD
 * and Adam evaluate once per iteration, L-BFGS as often as its line search needs, each evaluation
 * one distributed pass.
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
    private final Validation validation;
    /** The optimizer when it is OWL-QN, which adds the l1 term itself; else null. */
    private OWLQN owlqn;

    /**
     * @param validation the held-out rows' metrics at given parameters, for
     *     {@code training.validateEvery} and early stopping; null for none
     */
    public Trainer(JavaSparkContext sc, DistributedObjective objective, Model model, TrainingConfig training,
            OptimizerConfig optimizerConfig, Validation validation) {
        this.sc = sc;
        this.objective = objective;
        this.model = model;
        this.training = training;
        this.optimizerConfig = optimizerConfig;
        this.validation = validation;
    }

    /** The validation metrics (one distributed pass over the held-out rows) at {@code theta}. */
    @FunctionalInterface
    public interface Validation {
        Map<String, Double> evaluate(ParameterVector theta);
    }

    /**
     * What training produced.
     *
     * @param parameters the parameters to keep: the last step's, or early stopping's best
     * @param iterations the iteration those parameters are from (counted over resumed runs)
     * @param optimizerState the optimizer's state at that iteration, to save with them
     * @param schedulerState the schedule's state at that iteration; null without a schedule
     * @param metrics this run's iterations, all of them (past the best one when early stopping restored it)
     * @param stopReason why the loop ended, for the log and the summary
     */
    public record Result(LinkedHashMap<String, Tensor> parameters, int iterations, OptimizerState optimizerState,
            SchedulerState schedulerState, List<IterationMetrics> metrics, double seconds, String stopReason) {}

    /**
     * Where training starts: nothing for a fresh run, else a resumed run's state.
     *
     * @param iterations iterations already done (the next one is {@code iterations + 1})
     * @param optimizer the optimizer state to load before the first step; null to start it afresh
     * @param schedule the scheduler state to continue; null for none saved
     * @param history the earlier iterations' metrics (for the stopping and divergence rules)
     */
    public record Start(int iterations, OptimizerState optimizer, SchedulerState schedule, List<IterationMetrics> history,
            BestIterate best) {
        public static final Start FRESH = new Start(0, null, null, List.of(), null);
    }

    /**
     * The state after an iteration (parameters are the live tensors given to {@link #train});
     * {@code best} is early stopping's best snapshot when it is not this iteration (else null).
     * {@code optimizer} reads the optimizer's own arrays ({@link Optimizer#stateView()}): it holds
     * this iteration's state only until {@code save} returns, so write it there and keep no reference.
     */
    @FunctionalInterface
    public interface Checkpoint {
        void save(OptimizerState optimizer, SchedulerState scheduler, int iteration, List<IterationMetrics> metricsSoFar,
                BestIterate best);
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
        List<String> names = new ArrayList<>(parameters.keySet());
        double[] l1 = new double[names.size()];
        for (int p = 0; p < l1.length; p++) {
            l1[p] = model.regularized(names.get(p)) ? training.l1() : 0.0;
        }
        Optimizer optimizer = Optimizers.create(optimizerConfig, leaves, l1, model.fitsWithOwlqn());
        owlqn = optimizer instanceof OWLQN o ? o : null;
        if (start.optimizer() != null) {
            optimizer.loadState(start.optimizer());
        }
        LRScheduler scheduler = schedule(optimizer, start);
        if (start.optimizer() != null) {
            applyLr(optimizer, scheduler);
        }
        List<IterationMetrics> history = new ArrayList<>(start.history());
        List<IterationMetrics> metrics = new ArrayList<>();
        long begin = System.nanoTime();
        double previous = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).objective();
        double reference = history.isEmpty() ? Double.NaN : Math.max(Math.abs(history.get(0).objective()), 1.0);
        Evaluations evaluations = new Evaluations(parameters, names, leaves, reference);
        int last = training.maxIterations();
        String stopped = null;
        EarlyStopping early = training.earlyStopping() == null ? null
                : start.iterations() == 0 ? new EarlyStopping(training.earlyStopping())
                : EarlyStopping.resumed(training.earlyStopping(), history, start.best(), ParameterVector.of(parameters),
                        optimizer::state, scheduler == null ? null : scheduler.state());
        Progress progress = new Progress(training.logEvery());
        String lastLine = null;
        for (int it = start.iterations() + 1; it <= last; it++) {
            long t0 = System.nanoTime();
            sc.setJobDescription("sparkgrad: train iteration " + it + "/" + last);
            evaluations.begin(it);
            Evaluation e = evaluations.at(it);
            double gradientBound = training.gradientTolerance() * Math.max(Math.abs(e.objective()), 1.0);
            if (e.norm() <= gradientBound) {
                if (!history.isEmpty() && (early == null || early.best() == null)) {
                    // the bound grows with the objective: a blown-up model passes it (early stopping keeps its best instead)
                    checkNotBlownUp(it, e.objective(), e.norm(), history.get(0));
                }
                stopped = String.format("before iteration %d: the gradient norm %.3g is within training.gradientTolerance "
                        + "x max(|objective|, 1) = %.3g", it, e.norm(), gradientBound);
                break;
            }
            double lr = optimizer.lr();
            optimizer.step(evaluations);
            evaluations.checkParameters(it);
            if (scheduler != null) {
                scheduler.step();
            }
            Map<String, Double> valid = Map.of();
            if (validation != null && training.validateEvery() > 0 && (it % training.validateEvery() == 0 || it == last)) {
                sc.setJobDescription("sparkgrad: validate after iteration " + it + "/" + last);
                ParameterVector now = ParameterVector.of(parameters);
                valid = validation.evaluate(now);
                if (early != null) {
                    // the optimizer's state is copied only when this iteration is the new best
                    early.observe(it, valid, now, optimizer::state, scheduler == null ? null : scheduler.state());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            IterationMetrics m = new IterationMetrics(it, e.loss(), e.objective(), e.norm(), lr, e.rows(), seconds,
                    evaluations.passes(), valid);
            metrics.add(m);
            history.add(m);
            String figures = String.format(java.util.Locale.ROOT, "loss %.6g  objective %.6g  gradient norm %.4g  lr %.4g%s%s",
                    e.loss(), e.objective(), e.norm(), lr,
                    optimizer instanceof LBFGS || owlqn != null ? "  " + evaluations.passes() + (evaluations.passes() == 1 ? " pass" : " passes") : "",
                    valid.isEmpty() ? "" : "  validation " + valid);
            progress.iteration(it, last, metrics.size(), (System.nanoTime() - begin) / 1e9, figures);
            lastLine = String.format(java.util.Locale.ROOT, "iteration %d/%d  %s  %.3f s", it, last, figures, seconds);
            if (checkpoint != null && training.checkpointInterval() > 0 && it % training.checkpointInterval() == 0
                    && it < last) {
                BestIterate best = early == null || early.bestIteration() == it ? null : early.best();
                // written before the next step: the optimizer's own arrays, not a copy of its history
                checkpoint.save(optimizer.stateView(), scheduler == null ? null : scheduler.state(), it, history, best);
            }
            FaultInjection.iterationDone(it);
            if (early != null && early.shouldStop()) {
                stopped = "after iteration " + it + ": early stopping: " + early.describe();
                break;
            }
            if (optimizer instanceof LBFGS lbfgs && lbfgs.lastStep() != null && lbfgs.lastStep().stopReason().converged()) {
                stopped = "after iteration " + it + ": L-BFGS found no further descent ("
                        + lbfgs.lastStep().stopReason().name().toLowerCase(java.util.Locale.ROOT) + ")";
                break;
            }
            if (owlqn != null && owlqn.lastStep() != null) {
                OWLQN.StepResult step = owlqn.lastStep();
                if (step.stopReason() == OWLQN.StopReason.SEARCH_FAILED) {
                    stopped = "after iteration " + it + ": OWL-QN found no further descent (its line search failed twice "
                            + "in a row)";
                    break;
                }
                if (step.iterations() == 0) {
                    // a failure reset the history and left the parameters where they were: the next
                    // iteration starts from the same objective, which is no sign of convergence
                    previous = Double.NaN;
                    continue;
                }
            }
            double change = Math.abs(e.objective() - previous) / Math.max(Math.abs(previous), 1e-12);
            if (training.tolerance() > 0 && !Double.isNaN(previous) && change <= training.tolerance()) {
                stopped = String.format("after iteration %d: relative change of the objective %.3g <= training.tolerance %.3g",
                        it, change, training.tolerance());
                break;
            }
            previous = e.objective();
        }
        sc.setJobDescription(null);
        progress.finish(history.isEmpty() ? 0 : history.get(history.size() - 1).iteration(), lastLine);
        if (stopped != null) {
            LOG.info("sparkgrad: stopping {}", stopped);
        } else {
            reportUnconverged(history);
        }
        for (Tensor p : leaves) {
            p.setGrad(null);
        }
        int lastIteration = history.isEmpty() ? start.iterations() : history.get(history.size() - 1).iteration();
        double seconds = (System.nanoTime() - begin) / 1e9;
        BestIterate best = early == null ? null : early.best();
        checkNotBlownUp(history, best != null ? best.iteration() : lastIteration);
        if (best != null && best.iteration() != lastIteration) {
            // Keras' restore_best_weights: keep the best validation's parameters, with their optimizer state
            LinkedHashMap<String, Tensor> restored = best.parameters().unflatten(best.parameters().values());
            LOG.info("sparkgrad: early stopping keeps the parameters of iteration {} (validation {} {})", best.iteration(),
                    training.earlyStopping().metric(), early.describe());
            return new Result(restored, best.iteration(), best.optimizer(), best.schedule(), metrics, seconds,
                    stopped == null ? "maxIterations" : stopped);
        }
        // the optimizer is done: its state is handed over as it is, not copied (L-BFGS' history is model-sized)
        return new Result(parameters, lastIteration, optimizer.stateView(), scheduler == null ? null : scheduler.state(),
                metrics, seconds, stopped == null ? "reached training.maxIterations" : stopped);
    }

    /**
     * Says, after a run that used all of training.maxIterations, how far from converged it ended:
     * a warning when the gradient norm is still above 1 % of the first iteration's, or the
     * objective still changes by more than 100 × training.tolerance per iteration.
     */
    private void reportUnconverged(List<IterationMetrics> history) {
        if (history.size() < 2) {
            return;
        }
        IterationMetrics a = history.get(history.size() - 2);
        IterationMetrics b = history.get(history.size() - 1);
        double change = Math.abs(b.objective() - a.objective()) / Math.max(Math.abs(a.objective()), 1e-12);
        double firstNorm = history.get(0).gradientNorm();
        boolean far = b.gradientNorm() > 0.01 * firstNorm || (training.tolerance() > 0 && change > 100 * training.tolerance());
        String text = String.format("reached training.maxIterations = %d with the gradient norm at %.3g (%.3g of the first "
                + "iteration's) and the objective changing by %.3g per iteration", training.maxIterations(), b.gradientNorm(),
                b.gradientNorm() / firstNorm, change);
        if (far) {
            LOG.warn("sparkgrad: {}: far from converged; raise training.maxIterations or optimizer.lr", text);
        } else {
            LOG.info("sparkgrad: {}", text);
        }
    }

    /** The objective at the parameters' current values, with its gradient over all parameters. */
    private record Evaluation(double[] theta, double loss, double objective, double smooth, double norm, double[] gradient,
            long rows) {}

    /**
     * The closure the engine's optimizer calls: one distributed pass, the penalty, the checks, the
     * gradient set on the leaves. The last evaluation is kept: evaluating the same parameters again
     * (the first evaluation of an L-BFGS iteration, SGD's and Adam's own call after the Trainer's)
     * costs no pass. With mini-batches the iteration is part of the key, as it seeds the sample.
     */
    private final class Evaluations implements io.sparkgrad.optim.Closure {
        private final LinkedHashMap<String, Tensor> parameters;
        private final List<String> names;
        private final List<Tensor> leaves;
        private double reference;
        private int iteration;
        private int passes;
        private Evaluation last;
        private int lastIteration;
        /** Where each leaf starts in the flat θ and gradient. */
        private final int[] offsets;
        /**
         * A θ-sized array that no evaluation holds: the values read by the last cache hit or
         * check, filled again by the next; null when the last read became an evaluation's θ.
         */
        private double[] spare;

        Evaluations(LinkedHashMap<String, Tensor> parameters, List<String> names, List<Tensor> leaves, double reference) {
            this.parameters = parameters;
            this.names = names;
            this.leaves = leaves;
            this.reference = reference;
            this.offsets = new int[leaves.size() + 1];
            for (int i = 0; i < leaves.size(); i++) {
                offsets[i + 1] = offsets[i] + leaves.get(i).numel();
            }
        }

        /** Fails naming the parameter and index of the first value that is not finite after the step. */
        void checkParameters(int it) {
            double[] w = spare != null && spare.length == offsets[leaves.size()] ? spare : new double[offsets[leaves.size()]];
            for (int p = 0; p < leaves.size(); p++) {
                leaves.get(p).toArray(w, offsets[p]);
                for (int i = offsets[p]; i < offsets[p + 1]; i++) {
                    if (!Double.isFinite(w[i])) {
                        throw new DivergedError("iteration " + it + ": parameter '" + names.get(p) + "' is " + w[i]
                                + " at index " + (i - offsets[p]) + " after the optimizer step; the run diverged — lower "
                                + "optimizer.lr");
                    }
                }
            }
            spare = w;
        }

        void begin(int it) {
            iteration = it;
            passes = 0;
        }

        int passes() {
            return passes;
        }

        /** Evaluates at the current parameters for iteration {@code it} and sets the leaves' gradients. */
        Evaluation at(int it) {
            // θ is read into the spare array: a cache hit keeps it as the spare, a pass keeps it as its θ
            ParameterVector theta = ParameterVector.of(parameters, spare);
            spare = null;
            boolean sameSample = training.miniBatchFraction() >= 1.0 || lastIteration == it;
            Evaluation e;
            if (last != null && sameSample && java.util.Arrays.equals(last.theta(), theta.values())) {
                e = last;
                spare = theta.values();
            } else {
                e = compute(theta, it);
                passes++;
                last = e;
                lastIteration = it;
            }
            // the leaves' gradients are views of the evaluation's gradient, not copies: the
            // optimizers read them (L-BFGS and OWL-QN gather them, SGD and Adam copy them) and
            // nothing writes them in place, so a cache hit hands out the same values again
            Tensor flat = Tensor.wrap(e.gradient(), e.gradient().length);
            for (int i = 0; i < leaves.size(); i++) {
                Tensor leaf = leaves.get(i);
                leaf.setGrad(flat.narrow(0, offsets[i], offsets[i + 1] - offsets[i]).view(leaf.shape()));
            }
            return e;
        }

        @Override
        public Tensor evaluate() {
            Evaluation e = at(iteration);
            return Tensor.scalar(owlqn != null ? e.smooth() : e.objective());
        }

        private Evaluation compute(ParameterVector theta, int it) {
            GradientSum sum = objective.evaluate(theta, it);
            if (sum.rows() == 0) {
                throw new IllegalStateException("iteration " + it + ": no training rows contributed "
                        + "(training.miniBatchFraction too small for the data?)");
            }
            if (!(sum.weightSum() > 0)) {
                throw new IllegalStateException("iteration " + it + ": the training rows' weights sum to " + sum.weightSum()
                        + " (data.weight / model.classWeights)");
            }
            double loss = sum.lossSum() / sum.weightSum();
            double[] grad = sum.releaseGradient();
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= sum.weightSum();
            }
            double penalty = addPenalty(theta, names, grad);
            double smooth = loss + penalty;
            double objectiveValue = smooth;
            double[] reported = grad;
            if (owlqn != null) {
                // OWL-QN gets the smooth part; the objective and the gradient norm the run reports
                // and stops on are those of the whole objective: its l1 term and pseudo-gradient
                objectiveValue = smooth + owlqn.l1Term(theta.values());
                reported = owlqn.pseudoGradient(theta.values(), grad);
            }
            double norm = 0;
            for (double g : reported) {
                norm += g * g;
            }
            norm = Math.sqrt(norm);
            if (Double.isNaN(reference)) {
                reference = Math.max(Math.abs(objectiveValue), 1.0);
            }
            checkObjective(it, loss, objectiveValue, norm, reference, theta, names, grad);
            return new Evaluation(theta.values(), loss, objectiveValue, smooth, norm, grad, sum.rows());
        }
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

    /**
     * How many times its first iteration's objective (or gradient norm, each at least 1) a kept
     * iteration's may be: beyond this the model blew up, whatever stopped the run. The stopping
     * rules are relative to the objective, so a huge objective passes them as "converged".
     */
    static final double BLOWN_UP = 1e6;

    /**
     * Refuses to finish a run whose kept iteration's objective or gradient norm has grown by
     * orders of magnitude over the first iteration's — also with {@code training.divergenceFactor
     * = 0}, which only turns off the check during the run.
     */
    static void checkNotBlownUp(List<IterationMetrics> history, int keptIteration) {
        for (IterationMetrics m : history) {
            if (m.iteration() == keptIteration) {
                checkNotBlownUp(m.iteration(), m.objective(), m.gradientNorm(), history.get(0));
            }
        }
    }

    /** The same check for an evaluation at iteration {@code it} against the run's {@code first} iteration. */
    static void checkNotBlownUp(int it, double objective, double norm, IterationMetrics first) {
        double objectiveScale = Math.max(Math.abs(first.objective()), 1.0);
        if (objective > BLOWN_UP * objectiveScale) {
            throw new DivergedError(String.format(java.util.Locale.ROOT, "iteration %d: the objective %.6g is more than "
                    + "%.0g times max(|first objective|, 1) = %.6g; a model that grew this much has not converged, whatever "
                    + "training.divergenceFactor says; the run diverged — lower optimizer.lr", it, objective, BLOWN_UP,
                    objectiveScale));
        }
        double normScale = Math.max(first.gradientNorm(), 1.0);
        if (norm > BLOWN_UP * normScale) {
            throw new DivergedError(String.format(java.util.Locale.ROOT, "iteration %d: the gradient norm %.6g is more than "
                    + "%.0g times max(first gradient norm, 1) = %.6g; a model that grew this much has not converged, whatever "
                    + "training.divergenceFactor says; the run diverged — lower optimizer.lr", it, norm, BLOWN_UP, normScale));
        }
    }

    /**
     * Adds the gradient of ½·l2·‖w‖² + l1·‖w‖₁ over the regularised parameters into {@code grad}
     * and returns the penalty. The subgradient of |w| at 0 is taken as 0. Under OWL-QN only the
     * l2 term: OWL-QN handles the l1 term itself.
     */
    private double addPenalty(ParameterVector theta, List<String> names, double[] grad) {
        double l2 = training.l2();
        double l1 = owlqn != null ? 0.0 : training.l1();
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
