package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#elu(Tensor, double)} as a module; the default alpha is 1. */
public final class ELU extends Module {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.elu(x, alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
