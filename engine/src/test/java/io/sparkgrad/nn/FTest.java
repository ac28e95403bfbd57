package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradCheck;
import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link F} beyond the PyTorch fixtures: closed forms, dropout, large inputs, errors. */
class FTest {

    @Test
    void linearLayerWithMseAgainstZerosHasTheClosedFormGradients() {
        // L = mean(z^2), z = x W^T + b  =>  dL/dW = 2/(N*out) z^T x,  dL/db = 2/(N*out) sum_rows z
        Generator gen = new Generator(5);
        Linear layer = new Linear(4, 3, gen);
        Tensor x = Tensor.randn(gen, 6, 4);
        Tensor z = layer.forward(x);
        F.mseLoss(z, Tensor.zeros(6, 3)).backward();
        double scale = 2.0 / (6 * 3);
        Tensor zd = z.detach();
        Tensor expectedW = zd.t().matmul(x).mul(scale);
        Tensor expectedB = zd.sum(0, false).mul(scale);
        assertTrue(layer.weight().grad().allclose(expectedW, 1e-13, 1e-15), layer.weight().grad().toString());
        assertTrue(layer.bias().grad().allclose(expectedB, 1e-13, 1e-15), layer.bias().grad().toString());
    }

    @Test
    void sumReductionsUsedByTheSparkJobAreTheSumsOfThePerElementLosses() {
        Generator gen = new Generator(11);
        Tensor pred = Tensor.randn(gen, 5);
        Tensor target = Tensor.randn(gen, 5);
        assertEquals(F.mseLoss(pred, target, Reduction.NONE).sum().item(),
                F.mseLoss(pred, target, Reduction.SUM).item(), 0.0);
        Tensor z = Tensor.randn(gen, 5);
        Tensor y = Tensor.of(0, 1, 1, 0, 1);
        assertEquals(F.binaryCrossEntropyWithLogits(z, y, Reduction.NONE).sum().item(),
                F.binaryCrossEntropyWithLogits(z, y, Reduction.SUM).item(), 0.0);
        Tensor logits = Tensor.randn(gen, 5, 3);
        Tensor idx = Tensor.of(0, 2, 1, 1, 0);
        Tensor perRow = F.crossEntropy(logits, idx, Reduction.NONE);
        assertArrayEquals(new int[] {5}, perRow.shape());
        assertEquals(perRow.sum().item(), F.crossEntropy(logits, idx, Reduction.SUM).item(), 1e-15);
        assertEquals(perRow.mean().item(), F.crossEntropy(logits, idx).item(), 1e-15);
        double manual = -logits.logSoftmax(1).get(1, 2);
        assertEquals(manual, perRow.get(1), 1e-15);
    }

    @Test
    void crossEntropyHandlesUnbatchedAndSpatialInputs() {
        Generator gen = new Generator(2);
        Tensor single = Tensor.randn(gen, 4);
        assertEquals(-single.logSoftmax(0).get(2), F.crossEntropy(single, Tensor.scalar(2)).item(), 1e-15);
        // [N, C, d]: the class dim is 1, the target is [N, d]
        Tensor spatial = Tensor.randn(gen, 2, 3, 4).requiresGrad_(true);
        Tensor target = Tensor.of(new double[][] {{0, 1, 2, 1}, {2, 2, 0, 1}});
        Tensor losses = F.crossEntropy(spatial, target, Reduction.NONE);
        assertArrayEquals(new int[] {2, 4}, losses.shape());
        assertEquals(-spatial.logSoftmax(1).get(1, 0, 2), losses.get(1, 2), 1e-15);
        assertTrue(GradCheck.gradcheck(in -> F.crossEntropy(in[0], target), spatial));
    }

    @Test
    void crossEntropyWithEveryTargetIgnoredIsNanAsPyTorch() {
        Tensor logits = Tensor.randn(new Generator(0), 2, 3);
        Tensor target = Tensor.of(1, 1);
        CrossEntropyOptions ignoreOne = CrossEntropyOptions.builder().ignoreIndex(1).build();
        assertTrue(Double.isNaN(F.crossEntropy(logits, target, ignoreOne).item()));
        assertEquals(0.0, F.crossEntropy(logits, target, CrossEntropyOptions.builder().ignoreIndex(1)
                .reduction(Reduction.SUM).build()).item());
        // the default ignoreIndex, -100, is out of range and still allowed as a target
        Tensor withDefault = Tensor.of(-100, 2);
        assertEquals(-logits.logSoftmax(1).get(1, 2), F.crossEntropy(logits, withDefault).item(), 1e-15);
    }

    @Test
    void classificationLossesRejectBadTargetsNamingTheProblem() {
        Tensor logits = Tensor.zeros(3, 4);
        assertEquals("crossEntropy: target 4 at flat index 1 is out of bounds for 4 classes",
                message(() -> F.crossEntropy(logits, Tensor.of(0, 4, 1))));
        assertEquals("crossEntropy: class-index targets must hold integers, got 1.5 at flat index 2",
                message(() -> F.crossEntropy(logits, Tensor.of(0, 1, 1.5))));
        assertEquals("crossEntropy: expected class-index target of shape [3] (or probabilities of shape [3, 4]) for "
                + "input of shape [3, 4], got target of shape [3, 1]",
                message(() -> F.crossEntropy(logits, Tensor.zeros(3, 1))));
        assertEquals("crossEntropy: weight must have shape [4] (one per class), got [3]",
                message(() -> F.crossEntropy(logits, Tensor.of(0, 1, 2),
                        CrossEntropyOptions.builder().weight(Tensor.ones(3)).build())));
        assertTrue(message(() -> F.crossEntropy(logits, Tensor.full(new int[] {3, 4}, 0.25),
                CrossEntropyOptions.builder().ignoreIndex(0).build())).contains("ignoreIndex is not supported"));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropyOptions.builder().labelSmoothing(1.5));
        assertEquals("nllLoss: target -1 at flat index 0 is out of bounds for 4 classes",
                message(() -> F.nllLoss(logits, Tensor.of(-1, 0, 0))));
    }

    @Test
    void elementwiseLossesRefuseShapesPyTorchWouldSilentlyBroadcast() {
        assertEquals("mseLoss: target shape [4] must match input shape [4, 1]",
                message(() -> F.mseLoss(Tensor.zeros(4, 1), Tensor.zeros(4), Reduction.SUM)));
        assertTrue(message(() -> F.binaryCrossEntropy(Tensor.of(0.5, 1.5), Tensor.of(0, 1)))
                .startsWith("binaryCrossEntropy: all elements of input should be between 0 and 1, got 1.5"));
        assertThrows(IllegalArgumentException.class, () -> F.huberLoss(Tensor.zeros(2), Tensor.zeros(2), 0.0,
                Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> F.smoothL1Loss(Tensor.zeros(2), Tensor.zeros(2), -1.0,
                Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> F.gelu(Tensor.zeros(2), "erf"));
    }

    @Test
    void smoothL1WithBetaZeroIsTheL1Loss() {
        Tensor a = Tensor.of(1.0, -2.0, 0.25);
        Tensor b = Tensor.of(0.5, 0.5, 0.5);
        assertTrue(F.smoothL1Loss(a, b, 0.0, Reduction.NONE).equal(F.l1Loss(a, b, Reduction.NONE)));
    }

    @Test
    void extremeInputsGiveFiniteValuesAndGradients() {
        Tensor z = Tensor.of(-1000, -40, 40, 1000).requiresGrad_(true);
        Tensor y = Tensor.of(1, 0, 1, 0);
        Tensor loss = F.binaryCrossEntropyWithLogits(z, y, Reduction.NONE);
        assertArrayEquals(new double[] {1000, 4.248354255291589e-18, 4.248354255291589e-18, 1000}, loss.toArray(), 1e-30);
        Tensor g = Autograd.grad(loss.sum(), z)[0];
        assertArrayEquals(new double[] {-1, 4.248354255291589e-18, -4.248354255291589e-18, 1}, g.toArray(), 1e-30);
        for (Tensor out : new Tensor[] {F.elu(z), F.softplus(z), F.gelu(z), F.gelu(z, "tanh"), F.logsumexp(z, 0, false),
            F.sigmoid(z), F.leakyRelu(z)}) {
            Tensor grad = Autograd.grad(out.sum(), z)[0];
            for (double v : grad.toArray()) {
                assertTrue(Double.isFinite(v), out.gradFn() + ": gradient " + grad);
            }
        }
        assertEquals(1000.0, F.softplus(z).get(3));
        assertEquals(-1.0, F.elu(z).get(0));
    }

    @Test
    void binaryCrossEntropyWithLogitsHasTheExactGradientAtZeroLogits() {
        // a zero-initialised logistic regression starts here: the slope is sigmoid(0) - t = 0.5 - t
        Tensor z = Tensor.zeros(3).requiresGrad_(true);
        Tensor t = Tensor.of(0, 1, 0.25);
        Tensor g = Autograd.grad(F.binaryCrossEntropyWithLogits(z, t, Reduction.SUM), z)[0];
        assertArrayEquals(new double[] {0.5, -0.5, 0.25}, g.toArray(), 0.0);
        Tensor pw = Tensor.of(3.0, 3.0, 3.0);
        Tensor gw = Autograd.grad(F.binaryCrossEntropyWithLogits(z, t, Reduction.SUM, null, pw), z)[0];
        // l = 1 + (pw - 1) t; slope l sigmoid(z) - pw t
        assertArrayEquals(new double[] {0.5, 1.5 - 3, 0.75 - 0.75}, gw.toArray(), 1e-16);
        Tensor tg = t.clone().requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> F.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.SUM, null, pw),
                z, tg));
        assertTrue(GradCheck.gradgradcheck(in -> F.binaryCrossEntropyWithLogits(in[0], in[1], Reduction.SUM, null,
                pw), z, tg));
    }

    @Test
    void eluIsAccurateNearZero() {
        // exp(x) - 1 computed naively would keep only ~6 digits at x = -1e-10
        assertEquals(-9.9999999995e-11, F.elu(Tensor.of(-1e-10)).item(), 1e-25);
    }

    @Test
    void logsumexpIsStableAndKeepsDims() {
        Tensor x = Tensor.of(new double[][] {{1000, 1000}, {-1000, Double.NEGATIVE_INFINITY}});
        assertArrayEquals(new double[] {1000 + Math.log(2), -1000}, F.logsumexp(x, 1, false).toArray(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, F.logsumexp(x, 1, true).shape());
        assertEquals(Double.NEGATIVE_INFINITY, F.logsumexp(Tensor.full(new int[] {3}, Double.NEGATIVE_INFINITY), 0,
                false).item());
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRestInTrainingOnly() {
        Tensor x = Tensor.ones(100, 100).requiresGrad_(true);
        Tensor y = F.dropout(x, 0.3, true, new Generator(9));
        int kept = 0;
        for (double v : y.toArray()) {
            assertTrue(v == 0.0 || v == 1.0 / 0.7, "value " + v);
            kept += v == 0.0 ? 0 : 1;
        }
        assertEquals(7000, kept, 150, "about 70% kept");
        Tensor g = Autograd.grad(y.sum(), x)[0];
        assertTrue(g.equal(y.detach()), "the gradient is the same scaled mask");
        assertTrue(y.equal(F.dropout(x, 0.3, true, new Generator(9))), "same seed, same mask");
        assertSame(x, F.dropout(x, 0.3, false, new Generator(9)), "evaluation mode is the identity");
        assertSame(x, F.dropout(x, 0.0, true, new Generator(9)));
        assertTrue(F.dropout(x, 1.0, true, new Generator(9)).equal(Tensor.zeros(100, 100)));
        assertEquals("dropout probability has to be between 0 and 1, but got -0.1",
                message(() -> F.dropout(x, -0.1, true, new Generator(0))));
    }

    @Test
    void secondDerivativesOfCompositeLossesAreAvailable() {
        Tensor p = Tensor.of(0.2, 0.7, 0.9).requiresGrad_(true);
        Tensor t = Tensor.of(0, 1, 0.5);
        Tensor g = Autograd.grad(java.util.List.of(F.binaryCrossEntropy(p, t, Reduction.SUM)), java.util.List.of(p),
                Autograd.options().createGraph(true))[0];
        Tensor h = Autograd.grad(g.sum(), p)[0];
        double[] pv = p.toArray();
        double[] tv = t.toArray();
        for (int i = 0; i < 3; i++) {
            // d2/dp2 of -(t log p + (1-t) log(1-p)) = t/p^2 + (1-t)/(1-p)^2
            double expected = tv[i] / (pv[i] * pv[i]) + (1 - tv[i]) / ((1 - pv[i]) * (1 - pv[i]));
            assertEquals(expected, h.get(i), 1e-12 * expected);
        }
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
