package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#tanh} as a module. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.tanh(x);
    }
}
