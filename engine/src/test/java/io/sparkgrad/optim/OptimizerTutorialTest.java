package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimization examples of the PyTorch tutorials, with the values PyTorch (1.13, float64)
 * produces for the same programs.
 */
class OptimizerTutorialTest {

    static Tensor himmelblau(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.pow(2.0).add(y).sub(11.0).pow(2.0).add(x.add(y.pow(2.0)).sub(7.0).pow(2.0));
    }

    @Test
    void adamOnHimmelblauFromOriginReachesThreeTwo() {
        Tensor p = Tensor.of(0.0, 0.0).requiresGrad_(true);
        Adam opt = new Adam(List.of(p), 1e-3);
        int firstBelow = -1;
        for (int step = 0; step < 20000; step++) {
            Tensor f = himmelblau(p);
            if (firstBelow < 0 && f.item() < 1e-8) {
                firstBelow = step;
            }
            opt.zeroGrad();
            f.backward();
            opt.step();
        }
        // PyTorch: f < 1e-8 first before step 5866 (index 5865); after 20,000 steps x = [3.0, 2.0], f = 0.0
        assertEquals(5865, firstBelow);
        assertEquals(3.0, p.get(0), 1e-12);
        assertEquals(2.0, p.get(1), 1e-12);
        assertTrue(himmelblau(p).item() < 1e-8);
    }

    @Test
    void sgdOnQuadraticFromTwoReachesMinusOneThird() {
        Tensor x = Tensor.scalar(2.0).requiresGrad_(true);
        SGD opt = new SGD(List.of(x), 0.1);
        for (int i = 0; i < 100; i++) {
            opt.zeroGrad();
            Tensor y = x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0);
            y.backward();
            opt.step();
        }
        // PyTorch prints -0.3333333333333333
        assertEquals(-1.0 / 3.0, x.item(), 1e-15);
    }

    @Test
    void sgdOnSquareFromZeroApproachesOne() {
        Tensor x = Tensor.scalar(0.0).requiresGrad_(true);
        SGD opt = new SGD(List.of(x), 0.01);
        for (int i = 0; i < 500; i++) {
            opt.zeroGrad();
            Tensor y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
            y.backward();
            opt.step();
        }
        // PyTorch (float64): 0.9999589760148547, printed 0.99996; closed form 1 - 0.98^500
        assertEquals(0.9999589760148547, x.item(), 1e-15);
        assertEquals("0.99996", String.format("%.5f", x.item()));
        assertEquals(1 - Math.pow(0.98, 500), x.item(), 1e-12);
    }
}
