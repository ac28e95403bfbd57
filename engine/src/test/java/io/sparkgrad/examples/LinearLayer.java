package io.sparkgrad.examples;

import static io.sparkgrad.examples.PyPrint.print;

import io.sparkgrad.nn.F;
import io.sparkgrad.tensor.Tensor;

/**
 * Tutorial 4, a linear layer z = x w + b with an MSE loss against zeros, next to the closed-form
 * gradients 2/n xᵀz and 2/n Σz. PyTorch's version: resources/examples/linear_layer.py.
 */
public final class LinearLayer {
    private LinearLayer() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor w = Tensor.of(new double[][] {{0.5}, {-0.25}}).requiresGrad_(true);
        Tensor b = Tensor.of(0.1).requiresGrad_(true);
        Tensor z = x.matmul(w).add(b);
        Tensor loss = F.mseLoss(z, z.zerosLike());
        loss.backward();
        print("z:", z);
        print("loss:", loss);
        print("w.grad:", w.grad());
        print("b.grad:", b.grad());
        double n = z.numel();
        print("closed form dL/dw = 2/n x^T z:", x.t().matmul(z.detach()).mul(2.0 / n));
        print("closed form dL/db = 2/n sum z:", z.detach().sum(0, false).mul(2.0 / n));
    }
}
