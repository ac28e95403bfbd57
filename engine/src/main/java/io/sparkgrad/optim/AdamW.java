package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * AdamW, {@code torch.optim.AdamW}: Adam with decoupled weight decay. Per parameter, with
 * {@code g} its gradient and {@code t} its step count,
 *
 * <pre>
 * g = maximize ? -g : g
 * p = p * (1 - lr * weightDecay)                            (decoupled, before the moments)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v), used instead of v                     (if amsgrad)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The decay scales the parameter before the update and never enters the moments; eps is added
 * after the bias-corrected square root, as PyTorch. The state keeps
 * {@code exp_avg}, {@code exp_avg_sq} and, with amsgrad, {@code max_exp_avg_sq} per parameter.
 */
public final class AdamW extends AdamBase {
    /** AdamW with PyTorch's defaults (weight decay 1e-2) and the given learning rate. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    /** AdamW with the given options. */
    public AdamW(List<Tensor> params, AdamOptions o) {
        super(params, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, o.amsgrad, o.maximize);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no amsgrad or maximize. */
    public static AdamOptions options() {
        return new AdamOptions(1e-2);
    }

    @Override
    boolean decoupledWeightDecay() {
        return true;
    }

    @Override
    String kind() {
        return "AdamW";
    }
}
