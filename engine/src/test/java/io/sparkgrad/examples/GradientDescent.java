package io.sparkgrad.examples;

import static io.sparkgrad.examples.PyPrint.print;

import io.sparkgrad.tensor.Tensor;

/**
 * Tutorial 3, gradient descent by hand: update {@code data()} with the gradient, zero the
 * gradient, repeat. PyTorch's version: resources/examples/gradient_descent.py.
 */
public final class GradientDescent {
    private GradientDescent() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.scalar(-1.0).requiresGrad_(true);
        for (int step = 0; step < 100; step++) {
            Tensor y = x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0);
            y.backward();
            x.data().sub_(x.grad().mul(0.1));
            x.grad().zero_();
        }
        print("minimum of 3x^2+2x-1 from -1:", x);

        Tensor w = Tensor.scalar(10.0).requiresGrad_(true);
        Tensor loss = w.pow(2.0).mul(2.0);
        loss.backward();
        print("loss:", loss, "grad:", w.grad());
        print("one step:", w.sub(w.grad().mul(0.01)));

        w = Tensor.scalar(10.0).requiresGrad_(true);
        for (int step = 0; step < 100; step++) {
            loss = w.pow(2.0).add(20.0);
            loss.backward();
            w.data().sub_(w.grad().mul(0.01));
            w.grad().zero_();
        }
        print("w after 100 steps on w^2+20:", w.item(), "expected 10*0.98^100 =", 10 * Math.pow(0.98, 100));
    }
}
