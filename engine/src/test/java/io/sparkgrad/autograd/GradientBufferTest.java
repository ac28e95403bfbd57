package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine sums the gradients that meet at a node into a buffer it owns, in place after the
 * first sum; nothing a caller or hook can see is ever written to, and the sums are the same, in
 * the same order, as with a fresh tensor per addition.
 */
class GradientBufferTest {

    @Test
    void gradientsMeetingAtALeafAreSummedInArrivalOrderWithoutTouchingTheIncomingOnes() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad_(true);
        // x + x + x + x: ADD hands the same gradient tensor G to both of its inputs, four times in all
        Tensor y = x.add(x).add(x).add(x);
        Tensor gradient = Tensor.of(0.1, 0.2, 0.3);
        y.backward(gradient);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, gradient.toArray(), 0.0, "the caller's gradient");
        double[] g = {0.1, 0.2, 0.3};
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = ((g[i] + g[i]) + g[i]) + g[i];
        }
        assertArrayEquals(expected, x.grad().toArray(), 0.0);
        assertNotSame(gradient, x.grad());
    }

    @Test
    void aHookSeesGradientsThatLaterAdditionsDoNotChange() {
        Tensor x = Tensor.of(1.0, -2.0).requiresGrad_(true);
        Tensor a = x.mul(3.0);
        List<Tensor> seen = new ArrayList<>();
        a.registerHook(g -> {
            seen.add(g);
            return null;
        });
        // a's gradient reaches x through MUL; x also gets two more contributions to add to it
        Tensor loss = a.add(x).add(x.mul(x)).sum();
        loss.backward();
        assertArrayEquals(new double[] {1.0, 1.0}, seen.get(0).toArray(), 0.0);
        assertArrayEquals(new double[] {3.0 + 1.0 + 2.0, 3.0 + 1.0 - 4.0}, x.grad().toArray(), 0.0);
    }

    @Test
    void aLeafsGradTakenFromAnOwnedSumIsNotSharedWithAnotherLeaf() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor w = Tensor.of(5.0, 7.0).requiresGrad_(true);
        Tensor loss = x.mul(w).add(x.mul(2.0)).add(w.mul(x)).sum();
        loss.backward(null, true, false);
        assertArrayEquals(new double[] {5 + 2 + 5, 7 + 2 + 7}, x.grad().toArray(), 0.0);
        assertArrayEquals(new double[] {1 + 1, 2 + 2}, w.grad().toArray(), 0.0);
        // a second backward accumulates into x.grad in place: w.grad must not move with it
        loss.backward();
        assertArrayEquals(new double[] {24, 32}, x.grad().toArray(), 0.0);
        assertArrayEquals(new double[] {4, 8}, w.grad().toArray(), 0.0);
    }

    @Test
    void underCreateGraphTheSumOfMeetingGradientsIsRecorded() {
        Tensor x = Tensor.scalar(3.0).requiresGrad_(true);
        Tensor y = x.mul(x).add(x.mul(x).mul(x));
        Tensor[] d = Autograd.grad(List.of(y), List.of(x), Autograd.options().createGraph(true));
        assertEquals(2 * 3 + 3 * 9, d[0].item(), 0.0);
        assertTrue(d[0].requiresGrad());
        assertEquals(2 + 6 * 3, Autograd.grad(d[0], x)[0].item(), 0.0);
    }

    @Test
    void gradientsCapturedByAutogradGradAreNotAddedInto() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor h = x.mul(2.0);
        Tensor y = h.add(h).add(h).sum();
        Tensor[] g = Autograd.grad(List.of(y), List.of(h, x), Autograd.options().retainGraph(true));
        assertArrayEquals(new double[] {3.0, 3.0}, g[0].toArray(), 0.0);
        assertArrayEquals(new double[] {6.0, 6.0}, g[1].toArray(), 0.0);
        Tensor[] again = Autograd.grad(List.of(y), List.of(h), Autograd.options());
        assertArrayEquals(new double[] {3.0, 3.0}, again[0].toArray(), 0.0);
        assertArrayEquals(new double[] {3.0, 3.0}, g[0].toArray(), 0.0);
    }

    @Test
    void aLeafKeepsAFreshGradientThatNothingElseCanChange() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad_(true);
        Tensor w = Tensor.of(new double[][] {{0.5, -1}, {2, 0.25}}).requiresGrad_(true);
        Tensor h = x.matmul(w);
        h.retainGrad();
        List<Tensor> seen = new ArrayList<>();
        h.registerHook(g -> {
            seen.add(g);
            return null;
        });
        Tensor gradient = Tensor.of(new double[][] {{1, 0}, {0, 1}});
        h.backward(gradient, true, false);
        // x.grad = g·wᵀ and w.grad = xᵀ·g are the matmul rule's own results: kept without copies
        assertArrayEquals(new double[] {0.5, 2, -1, 0.25}, x.grad().toArray(), 0.0);
        assertArrayEquals(new double[] {1, 3, 2, 4}, w.grad().toArray(), 0.0);
        h.backward(gradient);
        assertArrayEquals(new double[] {1, 4, -2, 0.5}, x.grad().toArray(), 0.0);
        assertArrayEquals(new double[] {2, 6, 4, 8}, w.grad().toArray(), 0.0);
        // what the caller, the hook and the retained grad hold did not move with the accumulation
        assertArrayEquals(new double[] {1, 0, 0, 1}, gradient.toArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 1}, seen.get(0).toArray(), 0.0);
        assertArrayEquals(new double[] {2, 0, 0, 2}, h.grad().toArray(), 0.0);
        assertTrue(!x.grad().sharesStorageWith(w.grad()) && !x.grad().sharesStorageWith(gradient));
    }

    @Test
    void anActivationsBackwardOverwritesOnlyAGradientNothingElseHolds() {
        Tensor x = Tensor.of(new double[][] {{1, -2}, {-3, 4}}).requiresGrad_(true);
        Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor r = x.matmul(w).relu();
        r.retainGrad();
        List<Tensor> seen = new ArrayList<>();
        Tensor out = r.matmul(w);
        out.backward(Tensor.ones(2, 2));
        // r's gradient (ones · wᵀ, the matmul rule's own result) may be overwritten by relu's backward:
        // the retained copy and x's gradient must still be right
        assertArrayEquals(new double[] {3, 7, 3, 7}, r.grad().toArray(), 0.0);
        // x·w = [[-5, -6], [9, 10]]: relu passes the second row only
        assertArrayEquals(new double[] {0, 0, 3 * 1 + 7 * 2, 3 * 3 + 7 * 4}, x.grad().toArray(), 0.0);
        // with a hook on r the gradient is the hook's to see, and is left as it was
        Tensor x2 = x.detach().clone().requiresGrad_(true);
        Tensor r2 = x2.matmul(w).relu();
        r2.registerHook(g -> {
            seen.add(g);
            return null;
        });
        r2.matmul(w).backward(Tensor.ones(2, 2));
        assertArrayEquals(new double[] {3, 7, 3, 7}, seen.get(0).toArray(), 0.0);
        assertArrayEquals(x.grad().toArray(), x2.grad().toArray(), 0.0);
    }

    @Test
    void aBroadcastViewOfAnOwnedGradientIsNeverWrittenInPlace() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad_(true);
        Tensor w = Tensor.of(2.0, -1.0);
        // sum(1)'s rule expands its (owned) gradient back over the row: a stride-0 view, then a second
        // gradient meets it at x
        Tensor loss = x.sum(1, false).mul(w).sum().add(x.mul(3.0).sum());
        loss.backward();
        assertArrayEquals(new double[] {5, 5, 5, 2, 2, 2}, x.grad().toArray(), 0.0);
    }
}
