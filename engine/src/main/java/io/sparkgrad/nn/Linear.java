package io.sparkgrad.nn;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;

/**
 * {@code y = x W^T + b}, {@code torch.nn.Linear}: weight [out, in], bias [out]. Initialised as
 * PyTorch does by default, {@code kaiming_uniform_(a=√5)} for the weight, which works out to
 * U(-1/√in, 1/√in), and the same interval for the bias; weight first, then bias, drawn from the
 * given generator, so a seed fixes the model.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with a bias. */
    public Linear(int inFeatures, int outFeatures, Generator gen) {
        this(inFeatures, outFeatures, true, gen);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got in_features=" + inFeatures
                    + ", out_features=" + outFeatures);
        }
        if (gen == null) {
            throw new IllegalArgumentException("Linear: a Generator is required for the initialisation");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = inFeatures > 0 ? 1.0 / Math.sqrt(inFeatures) : 0.0;
        this.weight = registerParameter("weight", uniform(gen, bound, outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", uniform(gen, bound, outFeatures)) : null;
    }

    /** U(-bound, bound) as {@code uniform_(-bound, bound)}: -bound + 2 bound u. */
    private static Tensor uniform(Generator gen, double bound, int... shape) {
        return Tensor.rand(gen, shape).mul(2 * bound).sub(bound).requiresGrad_(true);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }

    /** The weight, [out, in]. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, [out], or null. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
