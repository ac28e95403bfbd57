package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/**
 * Keyword arguments of {@link F#crossEntropy(Tensor, Tensor, CrossEntropyOptions)}, with
 * PyTorch's defaults: no class weights, {@code ignoreIndex} -100, no label smoothing, mean.
 *
 * <pre>{@code
 * F.crossEntropy(logits, target, CrossEntropyOptions.builder()
 *         .weight(w).ignoreIndex(1).labelSmoothing(0.1).reduction(Reduction.SUM).build());
 * }</pre>
 */
public final class CrossEntropyOptions {
    /** PyTorch's default {@code ignore_index}: matches no class. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    private final Tensor weight;
    private final int ignoreIndex;
    private final double labelSmoothing;
    private final Reduction reduction;

    private CrossEntropyOptions(Builder b) {
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.labelSmoothing = b.labelSmoothing;
        this.reduction = b.reduction;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static CrossEntropyOptions defaults() {
        return builder().build();
    }

    /** Per-class weights of shape [C], or null. */
    public Tensor weight() {
        return weight;
    }

    /** Class index whose samples contribute nothing (class-index targets only). */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** Amount in [0, 1] of the target mass spread uniformly over the classes. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** Builds {@link CrossEntropyOptions}. */
    public static final class Builder {
        private Tensor weight;
        private int ignoreIndex = DEFAULT_IGNORE_INDEX;
        private double labelSmoothing;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {
        }

        public Builder weight(Tensor weight) {
            this.weight = weight;
            return this;
        }

        public Builder ignoreIndex(int ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        public Builder labelSmoothing(double labelSmoothing) {
            if (!(labelSmoothing >= 0.0 && labelSmoothing <= 1.0)) {
                throw new IllegalArgumentException("crossEntropy: labelSmoothing must be between 0.0 and 1.0, got "
                        + labelSmoothing);
            }
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        public Builder reduction(Reduction reduction) {
            if (reduction == null) {
                throw new IllegalArgumentException("crossEntropy: reduction must not be null");
            }
            this.reduction = reduction;
            return this;
        }

        public CrossEntropyOptions build() {
            return new CrossEntropyOptions(this);
        }
    }
}
