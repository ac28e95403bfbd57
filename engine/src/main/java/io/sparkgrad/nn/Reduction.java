package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/** How a loss combines its per-element values, PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** Per-element losses, in the shape of the input (or of the batch for class losses). */
    NONE,
    /** Mean over the elements (the default of every loss). */
    MEAN,
    /** Sum over the elements; what the distributed job aggregates across partitions. */
    SUM;

    /** Applies this reduction to unreduced losses. */
    Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
        };
    }
}
