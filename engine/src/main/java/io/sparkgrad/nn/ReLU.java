package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#relu} as a module. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.relu(x);
    }
}
