package io.sparkgrad.examples;

import static io.sparkgrad.examples.PyPrint.print;

import io.sparkgrad.optim.Adam;
import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.SGD;
import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * Tutorial 5, optimizers: SGD on two parabolas and Adam on Himmelblau's function from (0, 0).
 * PyTorch's version: resources/examples/optimizers.py.
 */
public final class Optimizers {
    private Optimizers() {
    }

    static Tensor himmelblau(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.pow(2.0).add(y).sub(11.0).pow(2.0).add(x.add(y.pow(2.0)).sub(7.0).pow(2.0));
    }

    public static void main(String[] args) {
        Tensor x = Tensor.scalar(2.0).requiresGrad_(true);
        Optimizer opt = new SGD(List.of(x), 0.1);
        for (int step = 0; step < 100; step++) {
            opt.zeroGrad();
            x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0).backward();
            opt.step();
        }
        print("SGD on 3x^2+2x-1 from 2:", x);

        x = Tensor.scalar(0.0).requiresGrad_(true);
        opt = new SGD(List.of(x), 0.01);
        for (int step = 0; step < 500; step++) {
            opt.zeroGrad();
            x.pow(2.0).sub(x.mul(2.0)).add(1.0).backward();
            opt.step();
        }
        print("SGD on x^2-2x+1 from 0:", Math.round(x.item() * 1e5) / 1e5);

        Tensor p = Tensor.of(0.0, 0.0).requiresGrad_(true);
        opt = new Adam(List.of(p), 1e-3);
        int steps = 0;
        for (steps = 1; steps <= 20000; steps++) {
            opt.zeroGrad();
            himmelblau(p).backward();
            opt.step();
            if (himmelblau(p).item() < 1e-8) {
                break;
            }
        }
        print("Adam on Himmelblau from (0, 0): steps", steps, "p", p.detach(), "f < 1e-8:",
                himmelblau(p).item() < 1e-8);
    }
}
