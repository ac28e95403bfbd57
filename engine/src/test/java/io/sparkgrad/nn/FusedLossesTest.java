package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * F's hot paths run as fused primitives (one node, one rule) and give the values of the
 * compositions they replace: bit for bit for the forward losses and the linear map, to rounding
 * for the gradients. The options the fused kernels do not cover still run as compositions.
 */
class FusedLossesTest {
    private static final Generator GEN = new Generator(42);

    @Test
    void linearWithABiasIsOneNodeWithTheValuesOfMatmulPlusBias() {
        Tensor x = Tensor.randn(GEN, 7, 5).requiresGrad_(true);
        Tensor w = Tensor.randn(GEN, 3, 5).requiresGrad_(true);
        Tensor b = Tensor.randn(GEN, 3).requiresGrad_(true);
        Tensor y = F.linear(x, w, b);
        assertEquals("AddmmBackward", y.gradFn());
        Tensor composed = x.matmul(w.t()).add(b);
        assertArrayEquals(composed.toArray(), y.toArray(), 0.0);
        Tensor g = Tensor.randn(GEN, 7, 3);
        Tensor[] fused = Autograd.grad(List.of(y), List.of(x, w, b), Autograd.options().gradOutputs(g));
        Tensor[] plain = Autograd.grad(List.of(composed), List.of(x, w, b), Autograd.options().gradOutputs(g));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain[i].toArray(), fused[i].toArray(), 0.0, "gradient " + i);
        }
        assertEquals("MmBackward", F.linear(x, w, null).gradFn());
    }

    @Test
    void binaryCrossEntropyWithLogitsIsOneNodeWithTheCompositionsValues() {
        Tensor z = Tensor.randn(GEN, 6, 4).mul(5.0).requiresGrad_(true);
        Tensor t = Tensor.rand(GEN, 6, 4).requiresGrad_(true);
        Tensor losses = F.binaryCrossEntropyWithLogits(z, t, Reduction.NONE);
        assertEquals("BinaryCrossEntropyWithLogitsBackward", losses.gradFn());
        Tensor negative = z.lt(0.0);
        Tensor composed = z.mul(t.neg().add(1.0).sub(negative)).add(Tensor.where(negative, z, z.neg()).exp().log1p());
        assertArrayEquals(composed.toArray(), losses.toArray(), 0.0);
        Tensor[] fused = Autograd.grad(losses.sum(), z, t);
        Tensor[] plain = Autograd.grad(composed.sum(), z, t);
        assertArrayEquals(plain[0].toArray(), fused[0].toArray(), 1e-15);
        assertArrayEquals(plain[1].toArray(), fused[1].toArray(), 0.0);
        // pos_weight is not fused: its composition carries the gradient
        Tensor weighted = F.binaryCrossEntropyWithLogits(z, t, Reduction.NONE, null, Tensor.of(2, 1, 1, 3));
        assertEquals("AddBackward", weighted.gradFn());
    }

    @Test
    void crossEntropyOfClassIndicesIsOneNodeWithTheLogSoftmaxValues() {
        Tensor logits = Tensor.randn(GEN, 5, 4).mul(3.0).requiresGrad_(true);
        Tensor target = Tensor.of(3, 0, 1, 1, 2);
        Tensor losses = F.crossEntropy(logits, target, Reduction.NONE);
        assertEquals("NllLossBackward", losses.gradFn());
        double[] logp = logits.logSoftmax(1).toArray();
        double[] t = target.toArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(-logp[i * 4 + (int) t[i]], losses.get(i), 0.0, "sample " + i);
        }
        Tensor weight = Tensor.of(1.0, 2.0, 0.5, 3.0);
        CrossEntropyOptions options = CrossEntropyOptions.builder().weight(weight).ignoreIndex(1).build();
        Tensor mean = F.crossEntropy(logits, target, options);
        // the composition: weighted negative log-likelihood over the samples not ignored, / their weights
        double num = 3.0 * -logp[3] + 1.0 * -logp[4] + 0.5 * -logp[4 * 4 + 2];
        assertEquals(num / (3.0 + 1.0 + 0.5), mean.item(), 1e-15);
        Tensor g = Autograd.grad(mean, logits)[0];
        Tensor softmax = logits.softmax(1);
        double[] expected = new double[20];
        double[] w = {3.0, 1.0, 0, 0, 0.5};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double onehot = j == (int) t[i] ? 1.0 : 0.0;
                expected[i * 4 + j] = w[i] * (softmax.get(i, j) - onehot) / 4.5;
            }
        }
        assertArrayEquals(expected, g.toArray(), 1e-15);
        // label smoothing is not fused: its composition carries the gradient
        Tensor smoothed = F.crossEntropy(logits, target, CrossEntropyOptions.builder().labelSmoothing(0.1).build());
        assertEquals("AddBackward", smoothed.gradFn());
    }
}
