package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch autograd tutorials that define this project (issue 2, item 5), ported line by line;
 * each asserts the numbers the tutorial prints.
 */
class TutorialTest {

    /** f(x) = 3x² + 2x − 1. */
    private static Tensor f(Tensor x) {
        return x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0);
    }

    @Test
    void centralDifferenceOfAQuadraticApproachesEightAtOne() {
        for (double h = 0.1; h >= 1e-5; h /= 10) {
            double diff = (f(Tensor.scalar(1 + h)).item() - f(Tensor.scalar(1 - h)).item()) / (2 * h);
            assertEquals(8.0, diff, 1e-6, "h = " + h);
        }
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        f(x).backward();
        assertEquals(8.0, x.grad().item());
    }

    @Test
    void gradientAndSecondDerivativesOfTwoVariableFunction() {
        Tensor x1 = Tensor.scalar(2).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(3).requiresGrad_(true);
        Tensor g = x1.add(5.0).mul(x2.pow(2.0));
        Tensor[] grad = Autograd.grad(List.of(g), List.of(x1, x2), Autograd.options().createGraph(true));
        assertEquals(9.0, grad[0].item());
        assertEquals(42.0, grad[1].item());

        Tensor[] d1 = Autograd.grad(List.of(grad[0]), List.of(x1, x2),
                Autograd.options().createGraph(true).allowUnused(true));
        assertNull(d1[0], "∂²g/∂x1² is unused: x2² does not depend on x1");
        assertEquals(6.0, d1[1].item(), "∂²g/∂x2∂x1 = 2 x2");
        Tensor[] d2 = Autograd.grad(List.of(grad[1]), List.of(x1, x2), Autograd.options().allowUnused(true));
        assertEquals(6.0, d2[0].item(), "∂²g/∂x1∂x2 = 2 x2");
        assertEquals(14.0, d2[1].item(), "∂²g/∂x2² = 2 (x1 + 5)");
    }

    @Test
    void hundredManualSgdStepsOnTheQuadraticReachItsMinimum() {
        Tensor x = Tensor.scalar(-1).requiresGrad_(true);
        for (int step = 0; step < 100; step++) {
            f(x).backward();
            x.data().sub_(x.grad().mul(0.1));
            x.grad().zero_();
        }
        assertEquals(-1.0 / 3, x.item(), 1e-12);
        assertTrue(x.isLeaf());
        assertEquals(0.0, x.grad().item());
    }

    @Test
    void sumOfMatrixProductWithOnesGivesThreesAndColumnSums() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad_(true);
        Tensor w = Tensor.ones(3, 3).requiresGrad_(true);
        Tensor y = x.mm(w).sum();
        y.backward();
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, x.grad().toArray());
        // dy/dw[k][j] = sum_i x[i][k]: the column sums of x (5, 7, 9), the same in every column j
        assertArrayEquals(new double[][] {{5, 5, 5}, {7, 7, 7}, {9, 9, 9}}, w.grad().toArray2d());
    }

    @Test
    void firstAndSecondDerivativeOfAPerfectSquareAtZero() {
        Tensor x = Tensor.scalar(0).requiresGrad_(true);
        Tensor y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
        Tensor dy = Autograd.grad(List.of(y), List.of(x), Autograd.options().createGraph(true))[0];
        assertEquals(-2.0, dy.item());
        Tensor d2y = Autograd.grad(dy, x)[0];
        assertEquals(2.0, d2y.item());
    }

    @Test
    void nonScalarBackwardWithAGradientEqualsBackwardOfTheWeightedSum() {
        double[][] values = {{0, 0}, {1, 2}};
        Tensor x = Tensor.of(values).requiresGrad_(true);
        Tensor y = x.pow(2.0).sub(x.mul(2.0)).add(1.0);
        Tensor gradient = Tensor.ones(2, 2);
        y.backward(gradient);
        assertArrayEquals(new double[][] {{-2, -2}, {0, 2}}, x.grad().toArray2d());

        Tensor x2 = Tensor.of(values).requiresGrad_(true);
        x2.pow(2.0).sub(x2.mul(2.0)).add(1.0).mul(gradient).sum().backward();
        assertArrayEquals(x.grad().toArray(), x2.grad().toArray());
    }

    @Test
    void gradientsOfAProductAndOfTheSumOfTwoOutputs() {
        Tensor x1 = Tensor.scalar(1).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(2).requiresGrad_(true);
        Tensor y1 = x1.mul(x2);
        Tensor y2 = x1.add(x2);
        Tensor[] g1 = Autograd.grad(List.of(y1), List.of(x1, x2),
                Autograd.options().retainGraph(true));
        assertEquals(2.0, g1[0].item());
        assertEquals(1.0, g1[1].item());
        Tensor[] both = Autograd.grad(List.of(y1, y2), List.of(x1, x2), Autograd.options());
        assertEquals(3.0, both[0].item());
        assertEquals(2.0, both[1].item());
    }

    @Test
    void gradientStepOnTwiceASquareKeepsAGradFn() {
        Tensor w = Tensor.scalar(10).requiresGrad_(true);
        Tensor loss = w.pow(2.0).mul(2.0);
        loss.backward();
        assertEquals(40.0, w.grad().item());
        Tensor updated = w.sub(w.grad().mul(0.01));
        assertEquals(9.6, updated.item(), 1e-15);
        assertNotNull(updated.gradFn());
        assertEquals("SubBackward", updated.gradFn());
        assertEquals("tensor(9.6000, grad_fn=<SubBackward>)", updated.toString());
    }

    @Test
    void hundredManualStepsOnAShiftedSquareShrinkGeometrically() {
        Tensor w = Tensor.scalar(10).requiresGrad_(true);
        for (int step = 0; step < 100; step++) {
            Tensor loss = w.pow(2.0).add(20.0);
            loss.backward();
            try (var off = GradMode.noGrad()) {
                w.sub_(w.grad().mul(0.01));
            }
            w.grad().zero_();
        }
        assertEquals(10 * Math.pow(0.98, 100), w.item(), 1e-12);
    }

    @Test
    void detachedTensorSeesWritesToTheOriginalsData() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad_(true);
        Tensor d = x.detach();
        x.data().mul_(2.0);
        assertArrayEquals(new double[] {2, 4, 6}, d.toArray());
        assertFalse(d.requiresGrad());
    }

    @Test
    void resultsComputedUnderNoGradDoNotRequireGrad() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        assertTrue(x.pow(2.0).requiresGrad());
        try (var off = GradMode.noGrad()) {
            Tensor y = x.pow(2.0);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
    }
}
