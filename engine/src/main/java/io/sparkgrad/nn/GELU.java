package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** {@link F#gelu(Tensor, String)} as a module; {@code approximate} is "none" (default) or "tanh". */
public final class GELU extends Module {
    private final String approximate;

    public GELU() {
        this("none");
    }

    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.gelu(x, approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
