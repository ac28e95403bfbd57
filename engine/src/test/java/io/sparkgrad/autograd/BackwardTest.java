package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Tensor.backward(): leaves and non-leaves, accumulation, hooks, errors, deep and deterministic graphs. */
class BackwardTest {

    @Test
    void userCreatedTensorsAreLeavesAndResultsOfRecordedOpsAreNot() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor c = Tensor.of(3, 4);
        Tensor y = x.mul(c);
        assertTrue(x.isLeaf());
        assertTrue(c.isLeaf());
        assertFalse(y.isLeaf());
        assertTrue(y.requiresGrad());
        assertNull(x.gradFn());
        assertEquals("MulBackward", y.gradFn());
        assertEquals("SumBackward", y.sum().gradFn());
        assertEquals("AddBackward", x.add(1.0).gradFn());
        // an op on tensors that require no grad is a leaf without a graph
        Tensor d = c.mul(c);
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
    }

    @Test
    void gradFnNodesLinkToTheirInputs() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.exp().sum();
        Node sum = y.gradFnNode();
        assertEquals(Op.SUM, sum.op());
        Node exp = sum.nextFunctions().get(0);
        assertEquals("ExpBackward", exp.name());
        assertEquals("AccumulateGrad", exp.nextFunctions().get(0).name());
    }

    @Test
    void requiresGradFalseOnANonLeafFails() {
        Tensor y = Tensor.of(1, 2).requiresGrad_(true).mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad_(false));
        assertTrue(e.getMessage().startsWith("you can only change requires_grad flags of leaf variables."),
                e.getMessage());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad_(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toArray());
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toArray());
        x.grad().zero_();
        x.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toArray());
    }

    @Test
    void gradOfALeafIsNullBeforeAnyBackward() {
        assertNull(Tensor.scalar(1).requiresGrad_(true).grad());
    }

    @Test
    void gradOfANonLeafIsNullAndWarnsOnceUnlessRetained() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Tensor.class.getName());
        logger.addHandler(handler);
        boolean parents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);  // keep the expected warning out of the build log
        resetOneTimeWarning();
        try {
            Tensor x = Tensor.of(1, 2).requiresGrad_(true);
            Tensor y = x.mul(2.0);
            Tensor z = x.mul(3.0).retainGrad();
            y.add(z).sum().backward();

            assertNull(y.grad());
            assertNull(y.grad());
            assertEquals(1, records.size(), "warned exactly once");
            assertTrue(records.get(0).getMessage().startsWith("The .grad attribute of a Tensor that is not a leaf "
                    + "Tensor is being accessed."), records.get(0).getMessage());
            assertTrue(records.get(0).getMessage().contains("use retainGrad() on the non-leaf Tensor"));

            assertTrue(z.retainsGrad());
            assertArrayEquals(new double[] {1, 1}, z.grad().toArray());
            assertEquals(1, records.size(), "a retained non-leaf does not warn");
            assertArrayEquals(new double[] {5, 5}, x.grad().toArray());
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parents);
        }
    }

    /** The warning is once per JVM; earlier tests may have used it up. */
    private static void resetOneTimeWarning() throws ReflectiveOperationException {
        Field f = Tensor.class.getDeclaredField("NON_LEAF_GRAD_WARNED");
        f.setAccessible(true);
        ((AtomicBoolean) f.get(null)).set(false);
    }

    @Test
    void retainGradOnATensorThatRequiresNoGradFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).retainGrad());
        assertEquals("can't retain_grad on Tensor that has requires_grad=False", e.getMessage());
    }

    @Test
    void hooksSeeAndReplaceTheGradientOfLeavesAndNonLeaves() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toArray());
            return null;
        });
        Tensor y = x.mul(3.0);
        y.registerHook(g -> g.mul(10.0));
        y.sum().backward();
        assertArrayEquals(new double[] {30, 30}, x.grad().toArray());
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {30, 30}, seen.get(0));
    }

    @Test
    void hookOnATensorThatRequiresNoGradFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.ones(2).registerHook(g -> g));
        assertEquals("cannot register a hook on a tensor that doesn't require gradient", e.getMessage());
    }

    @Test
    void implicitBackwardNeedsAOneElementOutput() {
        Tensor y = Tensor.of(1, 2).requiresGrad_(true).mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("grad can be implicitly created only for scalar outputs", e.getMessage());
        // one element of any rank is fine, as in PyTorch
        Tensor x = Tensor.ones(1, 1).requiresGrad_(true);
        x.mul(4.0).backward();
        assertArrayEquals(new double[] {4}, x.grad().toArray());
    }

    @Test
    void backwardOfATensorThatRequiresNoGradFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e.getMessage());
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
        Tensor y = Tensor.ones(2, 2).requiresGrad_(true).mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(4)));
        assertEquals("Mismatch in shape: grad_output[0] has a shape of [4] and output[0] has a shape of [2, 2].",
                e.getMessage());
    }

    @Test
    void secondBackwardThroughAFreedGraphFails() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor y = x.mul(x);
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("Specify retainGraph=true (retain_graph=True) if you need to backward "
                + "through the graph a second time"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor y = x.mul(x);
        y.backward(null, true, false);
        y.backward();
        assertEquals(8.0, x.grad().item());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void retainGraphDefaultsToCreateGraph() {
        Tensor x = Tensor.scalar(3).requiresGrad_(true);
        Tensor y = x.pow(3.0);
        y.backward(null, null, true);
        assertEquals(27.0, x.grad().item());
        assertTrue(x.grad().requiresGrad(), "createGraph records the backward pass");
        // the graph was retained: a second backward works
        assertDoesNotThrow(() -> y.backward(null, null, false));
        assertEquals(54.0, x.grad().item());
    }

    @Test
    void aChainOfAHundredThousandOpsBackpropagatesWithoutRecursion() {
        Tensor x = Tensor.scalar(1.0).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.0);
        }
        y.backward();
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void identicalRunsGiveBitIdenticalGradients() {
        double[] first = gradientsOfABranchyGraph();
        double[] second = gradientsOfABranchyGraph();
        assertArrayEquals(first, second);
        for (int i = 0; i < first.length; i++) {
            assertEquals(Double.doubleToRawLongBits(first[i]), Double.doubleToRawLongBits(second[i]));
        }
    }

    private static double[] gradientsOfABranchyGraph() {
        Tensor w = Tensor.randn(new Generator(11), 8, 8).requiresGrad_(true);
        Tensor x = Tensor.randn(new Generator(12), 16, 8);
        Tensor h = x.matmul(w).tanh();
        Tensor loss = h.mul(h.sigmoid()).sum().add(h.softmax(1).log().mean()).add(w.pow(2.0).sum().mul(1e-3));
        for (int i = 0; i < 5; i++) {
            loss = loss.add(h.select(1, i).exp().mean());
        }
        loss.backward();
        return w.grad().toArray();
    }

    @Test
    void backwardOfALeafItselfGivesOnes() {
        Tensor x = Tensor.scalar(5).requiresGrad_(true);
        x.backward();
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void broadcastGradientsAreReducedToEachInputsShape() {
        Tensor a = Tensor.ones(3, 1, 5).requiresGrad_(true);
        Tensor b = Tensor.ones(4, 5).requiresGrad_(true);
        Tensor s = Tensor.scalar(2).requiresGrad_(true);
        a.mul(b).mul(s).sum().backward();
        assertArrayEquals(new int[] {3, 1, 5}, a.grad().shape());
        assertArrayEquals(new int[] {4, 5}, b.grad().shape());
        assertArrayEquals(new int[0], s.grad().shape());
        assertEquals(8.0, a.grad().get(0, 0, 0));
        assertEquals(6.0, b.grad().get(3, 4));
        assertEquals(60.0, s.grad().item());
    }

    @Test
    void leavesReachedByTheSameGradientUnderCreateGraphDoNotShareTheirGradTensor() {
        Tensor x1 = Tensor.scalar(1).requiresGrad_(true);
        Tensor x2 = Tensor.scalar(2).requiresGrad_(true);
        x1.add(x2).backward(null, null, true);
        assertEquals(1.0, x1.grad().item());
        assertEquals(1.0, x2.grad().item());
        x1.mul(5.0).backward();
        assertEquals(6.0, x1.grad().item());
        assertEquals(1.0, x2.grad().item(), "accumulating into x1.grad must not change x2.grad");
    }

    @Test
    void theGradientPassedToBackwardIsNeverAliasedByALeafsGrad() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor gradient = Tensor.of(1, 1);
        x.add(0.0).backward(gradient, null, true);
        x.add(0.0).backward(Tensor.of(3, 3));
        assertArrayEquals(new double[] {4, 4}, x.grad().toArray());
        assertArrayEquals(new double[] {1, 1}, gradient.toArray());
    }

    @Test
    void concurrentBackwardPassesOnSeparateGraphsMatchASequentialOne() throws Exception {
        double[] expected = gradientsOfABranchyGraph();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(BackwardTest::gradientsOfABranchyGraph));
            }
            for (java.util.concurrent.Future<double[]> r : results) {
                assertArrayEquals(expected, r.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHookThatChangesTheGradientsShapeFails() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        x.registerHook(g -> Tensor.ones(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2.0).sum().backward());
        assertEquals("hook has changed the size of value: expected [2], got [3]", e.getMessage());
        assertNull(x.grad());

        Tensor y = Tensor.ones(2).requiresGrad_(true).mul(2.0);
        y.registerHook(g -> g.sum());
        IllegalStateException onNonLeaf = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("hook has changed the size of value: expected [2], got []", onNonLeaf.getMessage());
    }
}
