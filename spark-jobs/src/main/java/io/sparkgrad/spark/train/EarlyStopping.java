package io.sparkgrad.spark.train;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.config.TrainingConfig;
import io.sparkgrad.spark.state.BestIterate;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.state.ParameterVector;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras' {@code EarlyStopping(restore_best_weights=True)} over the validations a run makes: it
 * keeps the best value of the monitored metric, the parameters, optimizer state and schedule of
 * the iteration that reached it, and how many validations in a row have not improved on it by
 * more than {@code minDelta}; {@link #shouldStop} once that count reaches {@code patience}.
 */
public final class EarlyStopping {
    private final TrainingConfig.EarlyStopping rule;
    private double best = Double.NaN;
    private int bestIteration;
    private int wait;
    private ParameterVector bestParameters;
    private OptimizerState bestOptimizer;
    private SchedulerState bestSchedule;

    EarlyStopping(TrainingConfig.EarlyStopping rule) {
        this.rule = rule;
    }

    /** The bookkeeping a resumed run continues, rebuilt from its history and its saved best snapshot. */
    static EarlyStopping resumed(TrainingConfig.EarlyStopping rule, List<IterationMetrics> history, BestIterate saved,
            ParameterVector current, Supplier<OptimizerState> currentOptimizer, SchedulerState currentSchedule) {
        EarlyStopping e = new EarlyStopping(rule);
        for (IterationMetrics m : history) {
            Double v = m.validation().get(rule.metric());
            if (v != null) {
                e.score(m.iteration(), v);
            }
        }
        int last = history.isEmpty() ? 0 : history.get(history.size() - 1).iteration();
        if (e.bestIteration == last || saved == null) {
            // the run's current state is its best (or a finished run resumed: its saved model is the best)
            e.bestParameters = current;
            e.bestOptimizer = currentOptimizer.get();
            e.bestSchedule = currentSchedule;
            e.bestIteration = e.bestIteration == 0 ? last : e.bestIteration;
        } else {
            e.bestParameters = saved.parameters();
            e.bestOptimizer = saved.optimizer();
            e.bestSchedule = saved.schedule();
        }
        return e;
    }

    /** Takes iteration {@code it}'s validation metrics; the state is copied only when it is the new best. */
    void observe(int it, Map<String, Double> validation, ParameterVector parameters, Supplier<OptimizerState> optimizer,
            SchedulerState schedule) {
        Double v = validation.get(rule.metric());
        if (v == null || Double.isNaN(v)) {
            return;
        }
        if (score(it, v)) {
            bestParameters = parameters;
            bestOptimizer = optimizer.get();
            bestSchedule = schedule;
        }
    }

    /** Updates best and wait with {@code v}; true when {@code v} is the new best. */
    private boolean score(int it, double v) {
        boolean improved = Double.isNaN(best)
                || (rule.maximize() ? v > best + rule.minDelta() : v < best - rule.minDelta());
        if (improved) {
            best = v;
            bestIteration = it;
            wait = 0;
        } else {
            wait++;
        }
        return improved;
    }

    boolean shouldStop() {
        return wait >= rule.patience();
    }

    int bestIteration() {
        return bestIteration;
    }

    /** The best snapshot, or null before any validation. */
    public BestIterate best() {
        return bestParameters == null ? null : new BestIterate(bestIteration, bestParameters, bestOptimizer, bestSchedule);
    }

    String describe() {
        return String.format(Locale.ROOT, "validation %s did not improve by more than %s for %d validations; best %.6g at "
                + "iteration %d", rule.metric(), rule.minDelta(), rule.patience(), best, bestIteration);
    }
}
