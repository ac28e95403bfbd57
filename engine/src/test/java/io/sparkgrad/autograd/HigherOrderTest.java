package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With createGraph the backward pass is recorded, so derivatives of any order work. */
class HigherOrderTest {

    private static Tensor d(Tensor y, Tensor x) {
        return Autograd.grad(List.of(y), List.of(x), Autograd.options().createGraph(true))[0];
    }

    @Test
    void createGraphRecordsBroadcastReductionEvenWhenCalledUnderNoGrad() {
        // y = Σ (x·b)² with b broadcast over x: dy/db = Σ 2(x·b)·x depends on b and is reduced
        // from shape [3] to [] by the engine, a step that must be recorded too
        Tensor x = Tensor.of(1.0, 2.0, 4.0);
        Tensor b = Tensor.scalar(3.0).requiresGrad_(true);
        Tensor y = x.mul(b).pow(2.0).sum();
        Tensor dyDb;
        try (var off = GradMode.noGrad()) {
            dyDb = Autograd.grad(List.of(y), List.of(b), Autograd.options().createGraph(true))[0];
        }
        assertEquals(126.0, dyDb.item());
        assertEquals(42.0, Autograd.grad(dyDb, b)[0].item());
    }

    @Test
    void fourthDerivativeOfSinIsSin() {
        double x0 = 0.7;
        Tensor x = Tensor.scalar(x0).requiresGrad_(true);
        Tensor d1 = d(x.sin(), x);
        Tensor d2 = d(d1, x);
        Tensor d3 = d(d2, x);
        Tensor d4 = d(d3, x);
        assertEquals(Math.cos(x0), d1.item(), 1e-15);
        assertEquals(-Math.sin(x0), d2.item(), 1e-15);
        assertEquals(-Math.cos(x0), d3.item(), 1e-15);
        assertEquals(Math.sin(x0), d4.item(), 1e-15);
    }

    @Test
    void thirdDerivativeOfXCubedIsSix() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor y = x.mul(x).mul(x);
        Tensor d1 = d(y, x);
        Tensor d2 = d(d1, x);
        Tensor d3 = d(d2, x);
        assertEquals(12.0, d1.item());
        assertEquals(12.0, d2.item());
        assertEquals(6.0, d3.item());
    }

    @Test
    void secondDerivativesThroughMatmulSoftmaxAndBroadcasting() {
        // f(w) = sum(softmax(x w)), Hessian-vector product against a numerical derivative of the gradient
        Tensor x = Tensor.of(new double[][] {{0.5, -1}, {2, 0.25}});
        Tensor w = Tensor.of(new double[][] {{0.1, 0.2, -0.3}, {0.4, -0.5, 0.6}}).requiresGrad_(true);
        Tensor v = Tensor.of(new double[][] {{1, 0, 0}, {0, 0, 1}});
        Tensor g = d(x.matmul(w).logSoftmax(1).select(1, 0).sum(), w);
        Tensor hv = Autograd.grad(g.mul(v).sum(), w)[0];

        double eps = 1e-6;
        Tensor plus = numericGrad(x, w.detach().add(v.mul(eps)));
        Tensor minus = numericGrad(x, w.detach().sub(v.mul(eps)));
        assertArrayEquals(plus.sub(minus).div(2 * eps).toArray(), hv.toArray(), 1e-6);
    }

    private static Tensor numericGrad(Tensor x, Tensor w) {
        Tensor leaf = w.clone().requiresGrad_(true);
        return Autograd.grad(x.matmul(leaf).logSoftmax(1).select(1, 0).sum(), leaf)[0];
    }

    @Test
    void gradientsWithoutCreateGraphAreConstants() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor g = Autograd.grad(x.pow(3.0), x)[0];
        assertFalse(g.requiresGrad());
        assertEquals(12.0, g.item());
    }

    @Test
    void backwardWithCreateGraphAccumulatesADifferentiableGrad() {
        Tensor x = Tensor.scalar(1.5).requiresGrad_(true);
        x.pow(4.0).backward(null, null, true);
        Tensor g = x.grad();
        assertEquals(4 * Math.pow(1.5, 3), g.item(), 1e-12);
        Tensor gg = Autograd.grad(g, x)[0];
        assertEquals(12 * 1.5 * 1.5, gg.item(), 1e-12);
    }

    @Test
    void secondDerivativeThroughAHundredThousandOpChainRunsWithoutRecursion() {
        // y = x^(n+1) built as n multiplications; at x = 1: y' = n + 1, y'' = (n + 1) n
        int n = 100_000;
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < n; i++) {
            y = y.mul(x);
        }
        Tensor dy = d(y, x);
        assertEquals(n + 1.0, dy.item());
        assertEquals((n + 1.0) * n, Autograd.grad(dy, x)[0].item());
    }
}
