package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;

/**
 * Re-evaluates the model for {@link Optimizer#step(Closure)}, PyTorch's {@code closure}: sets the
 * parameters' gradients (usually {@code optimizer.zeroGrad()}, the loss, {@code loss.backward()};
 * setting {@code .grad} directly with {@code setGrad} works as well) and returns the loss, a
 * one-element tensor. The optimizer runs it with grad mode on, even inside a no-grad scope.
 *
 * <pre>{@code
 * lbfgs.step(() -> { lbfgs.zeroGrad(); Tensor l = f.apply(x); l.backward(); return l; });
 * }</pre>
 */
@FunctionalInterface
public interface Closure {
    /** Computes the loss and the parameters' gradients at the parameters' current values. */
    Tensor evaluate();
}
