package io.sparkgrad.examples;

import static io.sparkgrad.examples.PyPrint.print;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Tensor;

/**
 * Tutorial 2, backward: scalar and non-scalar outputs, gradients accumulating over backward
 * calls, detach and no_grad. PyTorch's version: resources/examples/backward_basics.py.
 */
public final class BackwardBasics {
    private BackwardBasics() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad_(true);
        Tensor w = Tensor.ones(3, 3).requiresGrad_(true);
        Tensor y = x.mm(w).sum();
        y.backward();
        print("y:", y);
        print("x.grad:", x.grad());
        print("w.grad:", w.grad());

        x = Tensor.of(new double[][] {{0, 0}, {1, 2}}).requiresGrad_(true);
        y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
        y.backward(Tensor.ones(2, 2));
        print("non-scalar backward:", x.grad());
        x.setGrad(null);
        y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
        y.mul(Tensor.ones(2, 2)).sum().backward();
        print("backward of sum(y * gradient):", x.grad());

        Tensor x1 = Tensor.scalar(1.0).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(2.0).requiresGrad_(true);
        Tensor y1 = x1.mul(x2);
        Tensor y2 = x1.add(x2);
        y1.backward();
        print("after y1:", x1.grad(), x2.grad());
        y2.backward();
        print("after y2 (accumulated):", x1.grad(), x2.grad());

        Tensor a = Tensor.of(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor d = a.detach();
        a.data().mul_(10.0);
        print("detached sees the write:", d, d.requiresGrad());
        Tensor z;
        try (var off = GradMode.noGrad()) {
            z = a.mul(2.0);
        }
        print("no_grad result:", z, z.requiresGrad(), z.gradFn());
    }
}
