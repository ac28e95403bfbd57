package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * Adam, {@code torch.optim.Adam}: per parameter, with {@code g} its gradient and {@code t} its
 * step count,
 *
 * <pre>
 * g = maximize ? -g : g
 * g = g + weightDecay * p                                   (L2, if weightDecay != 0)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v), used instead of v                     (if amsgrad)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * eps is added after the bias-corrected square root, as PyTorch. The state keeps
 * {@code exp_avg}, {@code exp_avg_sq} and, with amsgrad, {@code max_exp_avg_sq} per parameter.
 */
public final class Adam extends AdamBase {
    /** Adam with PyTorch's defaults and the given learning rate. */
    public Adam(List<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    /** Adam with the given options. */
    public Adam(List<Tensor> params, AdamOptions o) {
        super(params, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, o.amsgrad, o.maximize);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, amsgrad or maximize. */
    public static AdamOptions options() {
        return new AdamOptions(0.0);
    }

    @Override
    boolean decoupledWeightDecay() {
        return false;
    }

    @Override
    String kind() {
        return "Adam";
    }
}
