package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay
 * and maximisation: {@code torch.optim.SGD}. Per parameter, with {@code g} its gradient:
 *
 * <pre>
 * d = maximize ? -g : g
 * d = d + weightDecay * p                         (if weightDecay != 0)
 * buf = d  (first step)  |  buf = momentum * buf + (1 - dampening) * d      (if momentum != 0)
 * d = nesterov ? d + momentum * buf : buf          (if momentum != 0)
 * p = p - lr * d
 * </pre>
 *
 * The state keeps {@code momentum_buffer} per parameter when momentum is nonzero, and counts each
 * parameter's updates in its step (PyTorch's SGD keeps no step; it is informational here).
 */
public final class SGD extends Optimizer {
    /** The name of the momentum buffer in {@link OptimizerState}, PyTorch's. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;
    private boolean maximize;

    /** Plain SGD, {@code torch.optim.SGD(params, lr=lr)}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    /** SGD with the given options. */
    public SGD(List<Tensor> params, Options options) {
        super(params, options.lr);
        check(options.momentum, options.dampening, options.weightDecay, options.nesterov);
        this.momentum = options.momentum;
        this.dampening = options.dampening;
        this.weightDecay = options.weightDecay;
        this.nesterov = options.nesterov;
        this.maximize = options.maximize;
    }

    /** Options with PyTorch's defaults (lr 1e-3, as torch 2.x; everything else off). */
    public static Options options() {
        return new Options();
    }

    /** SGD's keyword arguments. */
    public static final class Options {
        private double lr = 1e-3;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean maximize;

        private Options() {
        }

        public Options lr(double lr) {
            this.lr = lr;
            return this;
        }

        public Options momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Options dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** L2 penalty added to the gradient ({@code weight_decay}). */
        public Options weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Options nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Ascend instead of descend. */
        public Options maximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }
    }

    public double momentum() {
        return momentum;
    }

    public double dampening() {
        return dampening;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public boolean maximize() {
        return maximize;
    }

    private static void check(double momentum, double dampening, double weightDecay, boolean nesterov) {
        if (!(momentum >= 0.0)) {
            throw new IllegalArgumentException("Invalid momentum value: " + momentum);
        }
        if (!(weightDecay >= 0.0)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
        }
        if (Double.isNaN(dampening)) {
            throw new IllegalArgumentException("Invalid dampening value: " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    void update(double[] w, double[] g, Slot slot) {
        double lr = lr();
        double[] d = g;
        if (maximize) {
            for (int i = 0; i < d.length; i++) {
                d[i] = -d[i];
            }
        }
        if (weightDecay != 0) {
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] + weightDecay * w[i];
            }
        }
        if (momentum != 0) {
            double[] buf = slot.buffers.get(MOMENTUM_BUFFER);
            if (buf == null) {
                // PyTorch's first momentum step: buf = clone(d), no dampening
                slot.buffers.put(MOMENTUM_BUFFER, d.clone());
                buf = slot.buffers.get(MOMENTUM_BUFFER);
            } else {
                double keep = 1 - dampening;
                for (int i = 0; i < buf.length; i++) {
                    buf[i] = buf[i] * momentum + keep * d[i];
                }
            }
            if (nesterov) {
                for (int i = 0; i < d.length; i++) {
                    d[i] = d[i] + momentum * buf[i];
                }
            } else {
                d = buf;
            }
        }
        double step = -lr;
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] + step * d[i];
        }
    }

    @Override
    String kind() {
        return "SGD";
    }

    @Override
    Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    Map<String, Boolean> flags() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("nesterov", nesterov);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    Runnable restorer(OptimizerState s) {
        double m = s.number("momentum");
        double damp = s.number("dampening");
        double wd = s.number("weight_decay");
        boolean nest = s.flag("nesterov");
        boolean max = s.flag("maximize");
        check(m, damp, wd, nest);
        return () -> {
            momentum = m;
            dampening = damp;
            weightDecay = wd;
            nesterov = nest;
            maximize = max;
        };
    }

    @Override
    List<String> bufferNames() {
        return List.of(MOMENTUM_BUFFER);
    }

    @Override
    List<String> requiredBuffers(OptimizerState s) {
        return s.number("momentum") != 0 ? List.of(MOMENTUM_BUFFER) : List.of();
    }
}
