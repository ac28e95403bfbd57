package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The update shared by {@link Adam} and {@link AdamW}, which differ only in how weight decay
 * enters: added to the gradient (Adam, L2) or applied to the parameter first (AdamW, decoupled).
 * Follows {@code _single_tensor_adam} / {@code _single_tensor_adamw} of torch 1.13 line by line.
 */
abstract class AdamBase extends Optimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private double beta1;
    private double beta2;
    private double eps;
    private double weightDecay;
    private boolean amsgrad;
    private boolean maximize;

    AdamBase(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean maximize) {
        super(params, lr);
        check(beta1, beta2, eps, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.maximize = maximize;
    }

    /** True for AdamW: decay the parameter by {@code lr * weightDecay} instead of adding to the gradient. */
    abstract boolean decoupledWeightDecay();

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean amsgrad() {
        return amsgrad;
    }

    public boolean maximize() {
        return maximize;
    }

    static void check(double beta1, double beta2, double eps, double weightDecay) {
        if (!(eps >= 0.0)) {
            throw new IllegalArgumentException("Invalid epsilon value: " + eps);
        }
        if (!(beta1 >= 0.0 && beta1 < 1.0)) {
            throw new IllegalArgumentException("Invalid beta parameter at index 0: " + beta1);
        }
        if (!(beta2 >= 0.0 && beta2 < 1.0)) {
            throw new IllegalArgumentException("Invalid beta parameter at index 1: " + beta2);
        }
        if (!(weightDecay >= 0.0)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
        }
    }

    @Override
    void update(double[] w, double[] g, Slot slot) {
        int n = w.length;
        double lr = lr();
        if (maximize) {
            for (int i = 0; i < n; i++) {
                g[i] = -g[i];
            }
        }
        double[] expAvg = slot.buffers.computeIfAbsent(EXP_AVG, k -> new double[n]);
        double[] expAvgSq = slot.buffers.computeIfAbsent(EXP_AVG_SQ, k -> new double[n]);
        double[] maxExpAvgSq = amsgrad ? slot.buffers.computeIfAbsent(MAX_EXP_AVG_SQ, k -> new double[n]) : null;

        if (decoupledWeightDecay()) {
            double decay = 1 - lr * weightDecay;
            for (int i = 0; i < n; i++) {
                w[i] = w[i] * decay;
            }
        } else if (weightDecay != 0) {
            for (int i = 0; i < n; i++) {
                g[i] = g[i] + weightDecay * w[i];
            }
        }

        // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        for (int i = 0; i < n; i++) {
            expAvg[i] = expAvg[i] * beta1 + oneMinusBeta1 * g[i];
            expAvgSq[i] = expAvgSq[i] * beta2 + oneMinusBeta2 * g[i] * g[i];
        }

        // PyTorch keeps step as a float tensor and raises the betas to step.item()
        double step = (double) slot.step;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        double negStepSize = -stepSize;

        double[] second = expAvgSq;
        if (amsgrad) {
            for (int i = 0; i < n; i++) {
                maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], expAvgSq[i]);
            }
            second = maxExpAvgSq;
        }
        // denom = (v.sqrt() / bias_correction2_sqrt).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
        for (int i = 0; i < n; i++) {
            double denom = Math.sqrt(second[i]) / biasCorrection2Sqrt + eps;
            w[i] = w[i] + negStepSize * expAvg[i] / denom;
        }
    }

    @Override
    Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    Map<String, Boolean> flags() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("amsgrad", amsgrad);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    Runnable restorer(OptimizerState s) {
        double b1 = s.number("beta1");
        double b2 = s.number("beta2");
        double e = s.number("eps");
        double wd = s.number("weight_decay");
        boolean ams = s.flag("amsgrad");
        boolean max = s.flag("maximize");
        check(b1, b2, e, wd);
        return () -> {
            beta1 = b1;
            beta2 = b2;
            eps = e;
            weightDecay = wd;
            amsgrad = ams;
            maximize = max;
        };
    }

    @Override
    List<String> bufferNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ);
    }

    @Override
    List<String> requiredBuffers(OptimizerState s) {
        return s.flag("amsgrad") ? List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ) : List.of(EXP_AVG, EXP_AVG_SQ);
    }
}
