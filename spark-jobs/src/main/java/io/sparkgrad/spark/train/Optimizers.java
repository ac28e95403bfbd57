package io.sparkgrad.spark.train;

import io.sparkgrad.optim.Adam;
import io.sparkgrad.optim.AdamW;
import io.sparkgrad.optim.LBFGS;
import io.sparkgrad.optim.OWLQN;
import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.SGD;
import io.sparkgrad.optim.lr.CosineAnnealingLR;
import io.sparkgrad.optim.lr.ExponentialLR;
import io.sparkgrad.optim.lr.InverseSqrtLR;
import io.sparkgrad.optim.lr.LRScheduler;
import io.sparkgrad.optim.lr.StepLR;
import io.sparkgrad.spark.config.OptimizerConfig;
import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * Builds the engine's optimizer and learning-rate schedule from the configuration. The only
 * place the job touches {@code io.sparkgrad.optim}: the update formulas are the engine's.
 */
public final class Optimizers {
    private Optimizers() {}

    public static Optimizer create(OptimizerConfig c, List<Tensor> params) {
        return create(c, params, null);
    }

    /**
     * The optimizer for {@code params}; {@code l1PerParameter} (one weight per parameter, null for
     * none) makes {@code lbfgs} OWL-QN, Breeze's, as MLlib's for an l1 or elastic-net penalty: one
     * iteration per training iteration, its convergence tests off (the Trainer's rules decide), the
     * l1 term added by OWL-QN itself. SGD and Adam take the l1 term's subgradient from the Trainer.
     */
    public static Optimizer create(OptimizerConfig c, List<Tensor> params, double[] l1PerParameter) {
        return create(c, params, l1PerParameter, false);
    }

    /**
     * As {@link #create(OptimizerConfig, List, double[])}; {@code owlqnAlways} makes {@code lbfgs}
     * OWL-QN even with no l1 term, as MLlib's {@code LinearSVC} fits its hinge (l1 then all zero).
     */
    public static Optimizer create(OptimizerConfig c, List<Tensor> params, double[] l1PerParameter, boolean owlqnAlways) {
        boolean l1 = l1PerParameter != null && java.util.Arrays.stream(l1PerParameter).anyMatch(v -> v > 0);
        if (c.type().equals("lbfgs") && (l1 || owlqnAlways)) {
            double[] perParameter = l1PerParameter != null ? l1PerParameter : new double[params.size()];
            return new OWLQN(params, OWLQN.options().l1PerParameter(perParameter).historySize(c.historySize()).maxIter(1)
                    .tolerance(0).toleranceGrad(0));
        }
        return switch (c.type()) {
            // one L-BFGS iteration (with its line search) per training iteration; the Trainer's own
            // rules decide convergence, so the engine's tolerances only stop a step with no descent left
            case "lbfgs" -> new LBFGS(params, LBFGS.options().lr(c.lr()).maxIter(1).maxEval(1000).historySize(c.historySize())
                    .toleranceGrad(0).toleranceChange(0).lineSearchFn(c.lineSearch().equals("none") ? null : LBFGS.STRONG_WOLFE));
            case "sgd" -> new SGD(params, SGD.options().lr(c.lr()).momentum(c.momentum()).dampening(c.dampening())
                    .nesterov(c.nesterov()).weightDecay(orZero(c.weightDecay())));
            case "adam" -> new Adam(params, Adam.options().lr(c.lr()).betas(c.beta1(), c.beta2()).eps(c.eps())
                    .weightDecay(orZero(c.weightDecay())).amsgrad(c.amsgrad()));
            case "adamw" -> {
                var options = AdamW.options().lr(c.lr()).betas(c.beta1(), c.beta2()).eps(c.eps()).amsgrad(c.amsgrad());
                if (!Double.isNaN(c.weightDecay())) {
                    options = options.weightDecay(c.weightDecay());
                }
                yield new AdamW(params, options);
            }
            default -> throw new IllegalArgumentException("unknown optimizer.type '" + c.type() + "'");
        };
    }

    /**
     * The engine's learning-rate scheduler for {@code optimizer.schedule}, to step once per
     * iteration after the optimizer's step; null for {@code none}.
     */
    public static LRScheduler schedule(OptimizerConfig c, Optimizer optimizer, int maxIterations) {
        OptimizerConfig.Schedule s = c.schedule();
        return switch (s.type()) {
            case "none" -> null;
            case "step" -> new StepLR(optimizer, s.stepSize(), s.gamma());
            case "exponential" -> new ExponentialLR(optimizer, s.gamma());
            case "cosine" -> new CosineAnnealingLR(optimizer, s.tMax() > 0 ? s.tMax() : maxIterations, s.etaMin());
            case "invsqrt" -> new InverseSqrtLR(optimizer);
            default -> throw new IllegalArgumentException("unknown optimizer.schedule.type '" + s.type() + "'");
        };
    }

    /** The engine scheduler class {@code optimizer.schedule.type} names, or null for none. */
    public static String scheduleKind(OptimizerConfig c) {
        return switch (c.schedule().type()) {
            case "step" -> "StepLR";
            case "exponential" -> "ExponentialLR";
            case "cosine" -> "CosineAnnealingLR";
            case "invsqrt" -> "InverseSqrtLR";
            default -> null;
        };
    }

    private static double orZero(double weightDecay) {
        return Double.isNaN(weightDecay) ? 0.0 : weightDecay;
    }
}
