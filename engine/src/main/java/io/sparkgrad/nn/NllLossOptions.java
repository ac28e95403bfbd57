package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;

/**
 * Keyword arguments of {@link F#nllLoss(Tensor, Tensor, NllLossOptions)}, with PyTorch's
 * defaults: no class weights, {@code ignoreIndex} -100, mean.
 */
public final class NllLossOptions {
    private final Tensor weight;
    private final int ignoreIndex;
    private final Reduction reduction;

    private NllLossOptions(Builder b) {
        this.weight = b.weight;
        this.ignoreIndex = b.ignoreIndex;
        this.reduction = b.reduction;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Per-class weights of shape [C], or null. */
    public Tensor weight() {
        return weight;
    }

    /** Class index whose samples contribute nothing. */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** Builds {@link NllLossOptions}. */
    public static final class Builder {
        private Tensor weight;
        private int ignoreIndex = CrossEntropyOptions.DEFAULT_IGNORE_INDEX;
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

        public Builder reduction(Reduction reduction) {
            if (reduction == null) {
                throw new IllegalArgumentException("nllLoss: reduction must not be null");
            }
            this.reduction = reduction;
            return this;
        }

        public NllLossOptions build() {
            return new NllLossOptions(this);
        }
    }
}
