package io.sparkgrad.examples;

import static io.sparkgrad.examples.PyPrint.print;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * Tutorial 1, derivatives: a central difference, autograd's first and second derivatives, and
 * the partial derivatives of g(x1, x2) = (x1 + 5) x2². PyTorch's version: resources/examples/derivatives.py.
 */
public final class Derivatives {
    private Derivatives() {
    }

    static Tensor f(Tensor x) {
        return x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0);
    }

    public static void main(String[] args) {
        double h = 1e-4;
        Tensor x = Tensor.scalar(1.0);
        print("central difference of f at 1:", f(x.add(h)).sub(f(x.sub(h))).div(2 * h));

        x = Tensor.scalar(1.0).requiresGrad_(true);
        f(x).backward();
        print("autograd df/dx at 1:", x.grad());

        x = Tensor.scalar(0.0).requiresGrad_(true);
        Tensor y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
        Tensor dy = Autograd.grad(List.of(y), List.of(x), Autograd.options().createGraph(true))[0];
        print("dy/dx at 0:", dy);
        print("d2y/dx2 at 0:", Autograd.grad(dy, x)[0]);

        Tensor x1 = Tensor.scalar(2.0).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(3.0).requiresGrad_(true);
        Tensor g = x1.add(5.0).mul(x2.pow(2.0));
        print("g:", g);
        Tensor[] first = Autograd.grad(List.of(g), List.of(x1, x2), Autograd.options().createGraph(true));
        print("dg/dx1:", first[0], "dg/dx2:", first[1]);
        Tensor d11 = Autograd.grad(List.of(first[0]), List.of(x1),
                Autograd.options().retainGraph(true).allowUnused(true))[0];
        print("d2g/dx1dx1:", d11);
        Tensor d21 = Autograd.grad(List.of(first[1]), List.of(x1), Autograd.options().retainGraph(true))[0];
        print("d2g/dx2dx1:", d21);
        print("d2g/dx2dx2:", Autograd.grad(first[1], x2)[0]);
    }
}
