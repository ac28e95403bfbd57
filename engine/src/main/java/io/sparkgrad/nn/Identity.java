package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** Returns its input unchanged, {@code torch.nn.Identity}; a placeholder in a {@link Sequential}. */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
