package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Autograd.grad with each of PyTorch's options. */
class AutogradGradTest {

    @Test
    void gradReturnsGradientsWithoutTouchingDotGrad() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor w = Tensor.of(3, 4).requiresGrad_(true);
        Tensor[] g = Autograd.grad(x.mul(w).sum(), x, w);
        assertArrayEquals(new double[] {3, 4}, g[0].toArray());
        assertArrayEquals(new double[] {1, 2}, g[1].toArray());
        assertNull(x.grad());
        assertNull(w.grad());
        assertFalse(g[0].requiresGrad());
    }

    @Test
    void gradOutputsGiveAVectorJacobianProduct() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad_(true);
        Tensor y = x.mul(x);
        Tensor[] g = Autograd.grad(List.of(y), List.of(x), Autograd.options().gradOutputs(Tensor.of(1, 0, -1)));
        assertArrayEquals(new double[] {2, 0, -6}, g[0].toArray());
    }

    @Test
    void nonScalarOutputWithoutGradOutputsFails() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(x.mul(2.0), x));
        assertEquals("grad can be implicitly created only for scalar outputs", e.getMessage());
    }

    @Test
    void severalOutputsAreSummed() {
        Tensor x1 = Tensor.scalar(1).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(2).requiresGrad_(true);
        Tensor y1 = x1.mul(x2);
        Tensor y2 = x1.add(x2);
        Tensor[] g = Autograd.grad(List.of(y1, y2), List.of(x1, x2), Autograd.options());
        assertEquals(3.0, g[0].item());
        assertEquals(2.0, g[1].item());
    }

    @Test
    void gradFreesTheGraphUnlessRetained() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor y = x.exp();
        Autograd.grad(List.of(y), List.of(x), Autograd.options().retainGraph(true));
        Tensor[] again = Autograd.grad(y, x);
        assertEquals(Math.exp(2), again[0].item(), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x));
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    }

    @Test
    void createGraphMakesTheGradientDifferentiable() {
        Tensor x = Tensor.scalar(3).requiresGrad_(true);
        Tensor[] g = Autograd.grad(List.of(x.pow(3.0)), List.of(x), Autograd.options().createGraph(true));
        assertEquals(27.0, g[0].item());
        assertTrue(g[0].requiresGrad());
        Tensor[] gg = Autograd.grad(g[0], x);
        assertEquals(18.0, gg[0].item());
    }

    @Test
    void unusedInputFailsWithoutAllowUnused() {
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        Tensor unused = Tensor.scalar(2).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x, unused));
        assertTrue(e.getMessage().startsWith("One of the differentiated Tensors appears to not have been used in "
                + "the graph."), e.getMessage());
        assertTrue(e.getMessage().contains("allow_unused=True"), e.getMessage());
        assertTrue(e.getMessage().endsWith("if this is the desired behavior."), e.getMessage());
    }

    @Test
    void allowUnusedGivesNullAndMaterializeGradsGivesZeros() {
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        Tensor unused = Tensor.of(2, 3).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        Tensor[] g = Autograd.grad(List.of(y), List.of(x, unused),
                Autograd.options().allowUnused(true).retainGraph(true));
        assertEquals(2.0, g[0].item());
        assertNull(g[1]);
        Tensor[] m = Autograd.grad(List.of(y), List.of(x, unused), Autograd.options().materializeGrads(true));
        assertArrayEquals(new double[] {0, 0}, m[1].toArray());
        assertArrayEquals(new int[] {2}, m[1].shape());
    }

    @Test
    void inputThatDoesNotRequireGradFails() {
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        Tensor c = Tensor.scalar(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(x.mul(c), x, c));
        assertEquals("One of the differentiated Tensors does not require grad", e.getMessage());
    }

    @Test
    void outputThatDoesNotRequireGradFails() {
        Tensor x = Tensor.scalar(1).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(Tensor.scalar(3), x));
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e.getMessage());
    }

    @Test
    void gradWithRespectToAnIntermediateTensor() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor h = x.exp();
        Tensor y = h.mul(h).sum();
        Tensor[] g = Autograd.grad(y, h);
        assertArrayEquals(new double[] {2 * Math.E, 2 * Math.exp(2)}, g[0].toArray(), 1e-12);
        assertNull(x.grad());
    }

    @Test
    void gradWithRespectToAnIntermediateLeavesTheGraphBelowItIntact() {
        // PyTorch executes only the nodes between outputs and inputs: h's own node keeps its saved
        // tensors, so a later backward from h still works
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor h = x.exp();
        Tensor y = h.mul(2.0).sum();
        Autograd.grad(y, h);
        h.sum().backward();
        assertArrayEquals(new double[] {Math.E, Math.exp(2)}, x.grad().toArray(), 1e-12);
    }

    @Test
    void theSameInputTwiceGetsTheSameGradientTwice() {
        Tensor x = Tensor.scalar(3).requiresGrad_(true);
        Tensor[] g = Autograd.grad(x.mul(x), x, x);
        assertEquals(6.0, g[0].item());
        assertEquals(6.0, g[1].item());
    }

    @Test
    void gradOutputsOfTheWrongShapeNameBothShapes() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(
                List.of(x.mul(2.0)), List.of(x), Autograd.options().gradOutputs(Tensor.ones(3))));
        assertEquals("Mismatch in shape: grad_output[0] has a shape of [3] and output[0] has a shape of [2].",
                e.getMessage());
    }

    @Test
    void aGradOutputsCountDifferentFromTheOutputsCountFails() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(
                List.of(x.sum(), x.mul(2.0).sum()), List.of(x), Autograd.options().gradOutputs(Tensor.scalar(1))));
        assertEquals("got 2 tensors and 1 gradients", e.getMessage());
    }
}
