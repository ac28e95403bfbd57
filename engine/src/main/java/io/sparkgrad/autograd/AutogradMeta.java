package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The autograd half of a tensor (PyTorch's {@code AutogradMeta}): whether it requires grad, the
 * node that produced it, its accumulated {@code .grad}, hooks and the retain-grad flag. Owned by
 * exactly one {@link Tensor}; the engine reads and writes it, user code goes through the tensor.
 */
public final class AutogradMeta {
    boolean requiresGrad;
    Node gradFn;
    Tensor grad;
    boolean retainsGrad;
    final List<UnaryOperator<Tensor>> leafHooks = new ArrayList<>(0);
    private Node accumulator;

    /** True when gradients flow to (leaf) or through (non-leaf) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient ({@code x.grad = g} in PyTorch). */
    public void setGrad(Tensor grad) {
        this.grad = grad;
    }

    /** True after {@code retainGrad()} on a non-leaf. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** Marks a leaf as requiring grad or not; the tensor checks it is a leaf first. */
    public void setRequiresGrad(boolean requiresGrad) {
        this.requiresGrad = requiresGrad;
    }

    /** Makes a non-leaf keep its gradient in {@code .grad} during backward. */
    public void retainGrad(Tensor self) {
        if (gradFn == null) {
            return;
        }
        retainsGrad = true;
        gradFn.retainTarget = self;
    }

    /** Adds a hook run on the gradient of {@code self} before it is used or accumulated. */
    public void registerHook(Tensor self, UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        if (gradFn == null) {
            leafHooks.add(hook);
        } else {
            gradFn.preHooks.add(hook);
        }
    }

    /**
     * After an in-place op on {@code self} recorded as the out-of-place {@code result}: {@code self}
     * now stands at the end of {@code result}'s history (PyTorch's {@code rebase_history}).
     */
    public void rebaseHistory(Tensor self, Tensor result) {
        Node node = result.autogradMeta().gradFn;
        if (node == null) {
            return;
        }
        requiresGrad = true;
        if (retainsGrad) {
            // the retained grad follows the latest value: the old node must stop filling it too
            if (gradFn != null && gradFn.retainTarget == self) {
                gradFn.retainTarget = null;
            }
            node.retainTarget = self;
        }
        gradFn = node;
    }

    /** The leaf's gradient sink, created on first use. */
    Node accumulator(Tensor self) {
        if (accumulator == null) {
            accumulator = Node.accumulator(self);
        }
        return accumulator;
    }

    /** Where gradients for {@code self} enter the graph: its gradFn, or its accumulator if a leaf. */
    Node edge(Tensor self) {
        if (!requiresGrad) {
            return null;
        }
        return gradFn != null ? gradFn : accumulator(self);
    }
}
