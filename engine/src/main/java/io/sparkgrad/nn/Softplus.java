package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#softplus(Tensor, double, double)} as a module; defaults beta 1, threshold 20. */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;

    public Softplus() {
        this(1.0, 20.0);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.softplus(x, beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
