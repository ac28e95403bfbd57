package io.sparkgrad.tensor;

import io.sparkgrad.autograd.GradMode;
import java.util.Arrays;

/**
 * In-place ops ({@code add_}, {@code mul_}, {@code copy_}, …). Each bumps the version counter
 * shared with views and aliases. With grad mode on and a tensor that requires grad involved, the
 * op is recorded as its out-of-place twin and this tensor takes over that history, as PyTorch's
 * {@code rebase_history}; on a leaf that requires grad it is refused, as in PyTorch.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor binary(Elementwise.Binary fn, Tensor self, Tensor other) {
        String op = fn.label + "_";
        checkWritable(op, self, other);
        other = unaliased(self, other);
        if (GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad())) {
            checkAutogradAllowed(self);
            Tensor result = Elementwise.binary(fn, self.clone(), other);
            write(self, result);
            self.autogradMeta().rebaseHistory(self, result);
        } else {
            Elementwise.run(fn, self, other, self.data, self.offset, self.strides, self.shape);
        }
        self.version.bump();
        return self;
    }

    static Tensor copy(Tensor self, Tensor src) {
        checkWritable("copy_", self, src);
        src = unaliased(self, src);
        if (GradMode.isEnabled() && (self.requiresGrad() || src.requiresGrad())) {
            checkAutogradAllowed(self);
            // the old values get gradient 0, src gets the incoming gradient
            Tensor history = self.requiresGrad() ? self.clone().mul(0.0).add(src) : src.expand(self.shape).clone();
            write(self, src);
            self.autogradMeta().rebaseHistory(self, history);
        } else {
            write(self, src);
        }
        self.version.bump();
        return self;
    }

    /**
     * {@code other} itself, or a (differentiable) copy when it reads the storage {@code self} is
     * written to in another layout (x.add_(x.t()), x.sub_(x.select(0, 0))): the kernel writes as it
     * reads, so such an operand would see half-updated values.
     */
    private static Tensor unaliased(Tensor self, Tensor other) {
        boolean sameLayout = other.offset == self.offset && Arrays.equals(other.shape, self.shape)
                && Arrays.equals(other.strides, self.strides);
        return other.data == self.data && !sameLayout ? other.clone() : other;
    }

    private static void write(Tensor self, Tensor src) {
        Elementwise.run(Elementwise.Binary.ADD, Tensor.scalar(0.0), src, self.data, self.offset, self.strides,
                self.shape);
    }

    private static void checkWritable(String op, Tensor self, Tensor other) {
        int[] shape = Shape.broadcast(op, self.shape, other.shape);
        if (!Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + Shape.format(self.shape)
                    + " doesn't match the broadcast shape " + Shape.format(shape));
        }
        for (int d = 0; d < self.dim(); d++) {
            if (self.strides[d] == 0 && self.shape[d] > 1) {
                throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the "
                        + "written-to tensor refers to a single memory location. Please clone() the tensor before "
                        + "performing the operation.");
            }
        }
    }

    private static void checkAutogradAllowed(Tensor self) {
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place "
                    + "operation.");
        }
        Tensor base = self.base;
        if (base != null && base.requiresGrad()) {
            if (base.isLeaf()) {
                throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an "
                        + "in-place operation.");
            }
            throw new IllegalStateException("in-place operation on a view of a tensor that requires grad is not "
                    + "supported; clone() the view first or use the out-of-place op");
        }
        if (base != null) {
            // the view would take the operand's history but its base would not, and the base's
            // users would silently get no gradient: refuse, as a base is never rebased here
            throw new IllegalStateException("an in-place operation that autograd records is not supported on a "
                    + "view of a tensor that does not require grad: the base tensor would not carry the gradient; "
                    + "build the tensor with cat(), stack() or sliceScatter() instead, or clone() the view first");
        }
    }
}
