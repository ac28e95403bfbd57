package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#sigmoid} as a module. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.sigmoid(x);
    }
}
