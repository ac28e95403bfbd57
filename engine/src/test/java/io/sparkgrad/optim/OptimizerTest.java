package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizer contract beyond the update formulas: grads, graphs, defaults and argument checks. */
class OptimizerTest {

    static Tensor leaf(double... values) {
        return Tensor.of(values).requiresGrad_(true);
    }

    @Test
    void stepRecordsNoGraphAndKeepsParametersLeaves() {
        Tensor p = leaf(1.0, 2.0);
        Adam opt = new Adam(List.of(p), 0.1);
        p.sum().mul(3.0).backward();
        int version = p.version();
        opt.step();
        assertTrue(p.isLeaf());
        assertNull(p.gradFn());
        assertTrue(p.requiresGrad());
        assertTrue(GradMode.isEnabled(), "grad mode is restored after the step");
        assertTrue(p.version() > version, "the update is in place, as PyTorch's");
    }

    @Test
    void stepInsideAGraphUsingTheParameterIsDetectedLater() {
        Tensor p = leaf(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.1);
        Tensor y = p.mul(p).sum();
        y.backward(null, true, false);
        opt.step();
        // the graph saved p before the in-place update: a second backward must refuse
        assertThrows(IllegalStateException.class, () -> y.backward());
    }

    @Test
    void parametersWithoutGradAreSkipped() {
        Tensor a = leaf(1.0);
        Tensor b = leaf(5.0);
        SGD opt = new SGD(List.of(a, b), SGD.options().lr(0.5).momentum(0.9));
        a.setGrad(Tensor.of(2.0));
        opt.step();
        assertEquals(0.0, a.get(0));
        assertEquals(5.0, b.get(0));
        assertEquals(0, opt.state().param(1).step());
        assertTrue(opt.state().param(1).bufferNames().isEmpty());
    }

    @Test
    void zeroGradSetsGradsToNullByDefault() {
        Tensor p = leaf(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.1);
        p.sum().backward();
        opt.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void zeroGradFalseZeroesInPlace() {
        Tensor p = leaf(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.1);
        p.sum().backward();
        Tensor g = p.grad();
        opt.zeroGrad(false);
        assertSame(g, p.grad());
        assertArrayEquals(new double[] {0.0, 0.0}, p.grad().toArray());
    }

    @Test
    void zeroGradFalseDetachesAGradThatCarriesAGraph() {
        Tensor p = leaf(1.0, 2.0);
        SGD opt = new SGD(List.of(p), 0.1);
        p.pow(3.0).sum().backward(null, null, true);
        assertTrue(p.grad().requiresGrad());
        opt.zeroGrad(false);
        assertArrayEquals(new double[] {0.0, 0.0}, p.grad().toArray());
        assertTrue(!p.grad().requiresGrad());
    }

    @Test
    void sgdFirstMomentumStepClonesTheGradient() {
        Tensor p = leaf(1.0, 2.0);
        SGD opt = new SGD(List.of(p), SGD.options().lr(0.1).momentum(0.9).dampening(0.5));
        p.setGrad(Tensor.of(4.0, -2.0));
        opt.step();
        // no dampening on the first step: buf = g
        assertArrayEquals(new double[] {4.0, -2.0}, opt.state().param(0).values(SGD.MOMENTUM_BUFFER));
        assertArrayEquals(new double[] {1.0 - 0.1 * 4.0, 2.0 + 0.1 * 2.0}, p.toArray());
        opt.step();
        assertArrayEquals(new double[] {4.0 * 0.9 + 0.5 * 4.0, -2.0 * 0.9 + 0.5 * -2.0},
                opt.state().param(0).values(SGD.MOMENTUM_BUFFER));
    }

    @Test
    void adamFirstStepMovesEachCoordinateByLr() {
        // bias correction makes the first Adam step lr * g / (|g| + eps) per coordinate
        Tensor p = leaf(1.0, 1.0);
        Adam opt = new Adam(List.of(p), 0.01);
        p.setGrad(Tensor.of(3.0, -0.5));
        opt.step();
        assertEquals(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), p.get(0), 1e-15);
        assertEquals(1.0 + 0.01 * 0.5 / (0.5 + 1e-8), p.get(1), 1e-15);
    }

    @Test
    void adamWDecaysTheParameterEvenWithZeroGradient() {
        Tensor p = leaf(2.0);
        AdamW opt = new AdamW(List.of(p), 0.1);
        assertEquals(1e-2, opt.weightDecay());
        p.setGrad(Tensor.of(0.0));
        opt.step();
        assertEquals(2.0 * (1 - 0.1 * 1e-2), p.get(0));
    }

    @Test
    void defaultsArePyTorchs() {
        Adam adam = new Adam(List.of(leaf(1.0)), 1e-3);
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0.0, adam.weightDecay());
        SGD sgd = new SGD(List.of(leaf(1.0)), 0.1);
        assertEquals(0.0, sgd.momentum());
        assertEquals(0.1, sgd.lr());
        assertEquals(0.01, new AdamW(List.of(leaf(1.0)), AdamW.options()).weightDecay());
    }

    @Test
    void setLrChangesTheNextStep() {
        Tensor p = leaf(1.0);
        SGD opt = new SGD(List.of(p), 0.1);
        opt.setLr(0.5);
        p.setGrad(Tensor.of(1.0));
        opt.step();
        assertEquals(0.5, p.get(0));
        assertThrows(IllegalArgumentException.class, () -> opt.setLr(-1.0));
        assertThrows(IllegalArgumentException.class, () -> opt.setLr(Double.NaN));
    }

    @Test
    void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        List<Tensor> ps = List.of(leaf(1.0));
        assertEquals("Invalid learning rate: -0.1",
                assertThrows(IllegalArgumentException.class, () -> new SGD(ps, -0.1)).getMessage());
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                assertThrows(IllegalArgumentException.class,
                        () -> new SGD(ps, SGD.options().lr(0.1).nesterov(true))).getMessage());
        assertEquals("Invalid beta parameter at index 1: 1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> new Adam(ps, Adam.options().betas(0.9, 1.0))).getMessage());
        assertEquals("Invalid epsilon value: -1.0",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, AdamW.options().eps(-1))).getMessage());
        assertEquals("Invalid weight_decay value: -0.5",
                assertThrows(IllegalArgumentException.class,
                        () -> new SGD(ps, SGD.options().weightDecay(-0.5))).getMessage());
    }

    @Test
    void badParameterListsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
        Tensor p = leaf(1.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), 0.1)).getMessage()
                .contains("more than once"));
        Tensor nonLeaf = p.mul(2.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(nonLeaf), 0.1)).getMessage()
                .contains("can't optimize a non-leaf Tensor"));
    }

    @Test
    void paramsListIsTheGivenOrderAndUnmodifiable() {
        Tensor a = leaf(1.0);
        Tensor b = leaf(2.0);
        SGD opt = new SGD(List.of(a, b), 0.1);
        assertSame(a, opt.params().get(0));
        assertSame(b, opt.params().get(1));
        assertThrows(UnsupportedOperationException.class, () -> opt.params().add(a));
    }

    @Test
    void stepsNonContiguousParameterViewsCorrectly() {
        Tensor base = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor p = base.t().requiresGrad_(true);  // a transposed leaf view
        SGD opt = new SGD(List.of(p), 1.0);
        p.setGrad(Tensor.of(new double[][] {{1, 0}, {0, 0}}));
        opt.step();
        assertArrayEquals(new double[] {0, 3, 2, 4}, p.toArray());
        assertArrayEquals(new double[] {0, 2, 3, 4}, base.toArray());
    }

    @Test
    void stepWithAClosureEvaluatesItThenStepsAsPyTorch() {
        Tensor a = leaf(1.0, -2.0);
        Tensor b = leaf(1.0, -2.0);
        Adam manual = new Adam(List.of(a), 0.1);
        Adam withClosure = new Adam(List.of(b), 0.1);
        for (int i = 0; i < 3; i++) {
            manual.zeroGrad();
            Tensor l = a.pow(2.0).sum();
            l.backward();
            manual.step();
            Tensor returned;
            try (var off = GradMode.noGrad()) {
                // the closure still records a graph: step(closure) turns grad mode on for it
                returned = withClosure.step(() -> {
                    withClosure.zeroGrad();
                    Tensor loss = b.pow(2.0).sum();
                    loss.backward();
                    return loss;
                });
            }
            assertEquals(l.item(), returned.item(), "the closure's loss, from before the update");
            assertArrayEquals(a.toArray(), b.toArray(), "step " + (i + 1));
        }
        assertEquals(manual.state(), withClosure.state());
        assertNull(new SGD(List.of(leaf(1.0)), 0.1).step(null), "no closure: a plain step, no loss");
    }
}
