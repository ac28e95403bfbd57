package io.sparkgrad.optim;

/**
 * The keyword arguments of {@link Adam} and {@link AdamW}, with PyTorch's defaults: lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, no amsgrad or maximize, and weight decay 0 for Adam but 1e-2 for
 * AdamW. Obtain one from {@link Adam#options()} or {@link AdamW#options()}.
 */
public final class AdamOptions {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay;
    boolean amsgrad;
    boolean maximize;

    AdamOptions(double defaultWeightDecay) {
        this.weightDecay = defaultWeightDecay;
    }

    public AdamOptions lr(double lr) {
        this.lr = lr;
        return this;
    }

    /** The decay rates of the first and second moment averages. */
    public AdamOptions betas(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    /** Added to the denominator after the bias-corrected square root. */
    public AdamOptions eps(double eps) {
        this.eps = eps;
        return this;
    }

    /**
     * Adam: an L2 penalty added to the gradient. AdamW: decoupled decay, each step multiplies
     * the parameter by {@code 1 - lr * weightDecay}.
     */
    public AdamOptions weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    public AdamOptions amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    public AdamOptions maximize(boolean maximize) {
        this.maximize = maximize;
        return this;
    }
}
