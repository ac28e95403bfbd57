package io.sparkgrad.nn;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;

/**
 * {@link F#dropout} as a module: active in training mode, the identity after {@link #eval()}.
 * The masks are drawn from the given generator, so a seeded run is reproducible.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator gen;

    public Dropout(double p, Generator gen) {
        Activations.checkProbability(p);
        if (gen == null) {
            throw new IllegalArgumentException("Dropout: a Generator is required for the masks");
        }
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), gen);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
