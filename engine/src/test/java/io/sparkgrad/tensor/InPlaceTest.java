package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.GradMode;
import org.junit.jupiter.api.Test;

/** In-place ops, the version counter they share with views and detached aliases, and autograd's checks. */
class InPlaceTest {
    private static final String MODIFIED = "one of the variables needed for gradient computation has been modified "
            + "by an inplace operation";

    @Test
    void inPlaceOpsWriteThroughAndReturnThis() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        assertSame(x, x.add_(Tensor.of(10, 20)));
        assertArrayEquals(new double[] {11, 22, 13, 24}, x.toArray());
        x.sub_(1.0).mul_(2.0).div_(Tensor.of(new double[][] {{2}, {4}}));
        assertArrayEquals(new double[] {10, 21, 6, 11.5}, x.toArray());
        x.copy_(Tensor.of(7, 8));
        assertArrayEquals(new double[] {7, 8, 7, 8}, x.toArray());
        x.fill_(3);
        assertArrayEquals(new double[] {3, 3, 3, 3}, x.toArray());
        x.zero_();
        assertArrayEquals(new double[4], x.toArray());
        assertEquals(7, x.version());
    }

    @Test
    void inPlaceOpThatWouldGrowTheTensorFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2).add_(Tensor.zeros(2, 2)));
        assertEquals("add_: output with shape [2] doesn't match the broadcast shape [2, 2]", e.getMessage());
    }

    @Test
    void versionIsSharedWithViews() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor row = x.select(0, 1);
        Tensor flat = x.view(6);
        assertEquals(0, x.version());
        row.add_(1.0);
        assertEquals(1, x.version());
        assertEquals(1, flat.version());
        x.mul_(2.0);
        assertEquals(2, row.version());
        assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2}, flat.toArray());
    }

    @Test
    void backwardAfterASavedTensorWasModifiedInPlaceFails() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        Tensor z = y.mul(y);
        y.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().startsWith(MODIFIED), e.getMessage());
        assertTrue(e.getMessage().contains("is at version 1; expected version 0 instead"), e.getMessage());
    }

    @Test
    void modifyingASavedConstantInPlaceAlsoFails() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor a = Tensor.of(3, 4);
        Tensor z = x.mul(a).sum();
        a.mul_(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().startsWith(MODIFIED), e.getMessage());
    }

    @Test
    void modifyingATensorThatWasNotSavedIsFine() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor a = Tensor.of(3, 4);
        Tensor z = x.add(a).sum();
        a.mul_(2.0);
        z.backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toArray());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFailsWithGradModeOn() {
        Tensor w = Tensor.of(1, 2).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.sub_(1.0));
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", e.getMessage());
        IllegalStateException view = assertThrows(IllegalStateException.class, () -> w.select(0, 0).fill_(0));
        assertEquals("a view of a leaf Variable that requires grad is being used in an in-place operation.",
                view.getMessage());
        assertArrayEquals(new double[] {1, 2}, w.toArray());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradWorksUnderNoGrad() {
        Tensor w = Tensor.of(1, 2).requiresGrad_(true);
        try (var off = GradMode.noGrad()) {
            w.sub_(Tensor.of(0.5, 0.5));
        }
        assertArrayEquals(new double[] {0.5, 1.5}, w.toArray());
        assertTrue(w.isLeaf());
        assertTrue(w.requiresGrad());
        assertEquals(1, w.version());
    }

    @Test
    void inPlaceOnANonLeafRebasesItsHistory() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        y.add_(1.0);
        assertEquals("AddBackward", y.gradFn());
        assertArrayEquals(new double[] {3, 5, 7}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toArray());
    }

    @Test
    void inPlaceMulOnANonLeafChainsTheDerivative() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.mul(1.0);
        y.mul_(x);
        y.sum().backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toArray());
    }

    @Test
    void inPlaceWithAnOperandThatRequiresGradMakesThePlainTensorPartOfTheGraph() {
        Tensor w = Tensor.of(3, 4).requiresGrad_(true);
        Tensor buf = Tensor.zeros(2);
        buf.add_(w.mul(2.0));
        assertTrue(buf.requiresGrad());
        assertFalse(buf.isLeaf());
        buf.sum().backward();
        assertArrayEquals(new double[] {2, 2}, w.grad().toArray());
    }

    @Test
    void copyIntoANonLeafSendsTheGradientToTheSourceOnly() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor s = Tensor.of(5, 6).requiresGrad_(true);
        Tensor y = x.mul(3.0);
        y.copy_(s);
        assertArrayEquals(new double[] {5, 6}, y.toArray());
        y.mul(Tensor.of(1, 10)).sum().backward();
        assertArrayEquals(new double[] {1, 10}, s.grad().toArray());
        assertArrayEquals(new double[] {0, 0}, x.grad().toArray());
    }

    @Test
    void detachSharesStorageAndVersionButNeverRequiresGrad() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertFalse(x.mul(2.0).detach().requiresGrad());
        try (var off = GradMode.noGrad()) {
            x.mul_(10.0);
        }
        assertArrayEquals(new double[] {10, 20}, d.toArray());
        d.add_(1.0);
        assertArrayEquals(new double[] {11, 21}, x.toArray());
        assertEquals(2, x.version());
        assertEquals(x.version(), d.version());
    }

    @Test
    void writingThroughADetachedAliasInvalidatesSavedTensors() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.exp();
        y.detach().zero_();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith(MODIFIED), e.getMessage());
    }

    @Test
    void dataSharesStorageWithoutVersionChecks() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.mul(x).sum();
        x.data().sub_(Tensor.of(1, 1));
        assertEquals(0, x.version());
        assertArrayEquals(new double[] {0, 1}, x.toArray());
        assertFalse(x.data().requiresGrad());
        y.backward();
        // the saved x was changed behind autograd's back, exactly as with PyTorch's .data
        assertArrayEquals(new double[] {0, 2}, x.grad().toArray());
    }

    @Test
    void retainedGradOfATensorModifiedInPlaceIsTheGradientOfItsLatestValue() {
        Tensor x = Tensor.of(1, 2).requiresGrad_(true);
        Tensor y = x.mul(2.0).retainGrad();
        y.mul_(3.0);
        y.sum().backward();
        // counted once, for the new value: d(sum y)/dy = 1
        assertArrayEquals(new double[] {1, 1}, y.grad().toArray());
        assertArrayEquals(new double[] {6, 6}, x.grad().toArray());
    }

    @Test
    void inPlaceOnAViewWithAnOperandThatRequiresGradFailsInsteadOfLosingTheGradient() {
        // PyTorch would give buf a CopySlices history; sparkgrad does not rebase a view's base,
        // so it must refuse rather than let buf silently carry no gradient to w
        Tensor w = Tensor.of(3, 4).requiresGrad_(true);
        Tensor buf = Tensor.zeros(2, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> buf.select(0, 1).copy_(w));
        assertTrue(e.getMessage().contains("view"), e.getMessage());
        assertArrayEquals(new double[4], buf.toArray());
        assertFalse(buf.requiresGrad());
        // a view of a tensor that requires no grad, written without grad, is fine
        buf.select(0, 1).copy_(w.detach());
        assertArrayEquals(new double[] {0, 0, 3, 4}, buf.toArray());
    }

    @Test
    void aDetachedViewIsNotADifferentiableView() {
        Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad_(true);
        Tensor v = Tensor.of(10, 20).requiresGrad_(true);
        Tensor d = w.select(0, 0).detach();
        d.add_(v);
        assertArrayEquals(new double[] {11, 22}, d.toArray());
        assertEquals("AddBackward", d.gradFn());
        d.sum().backward();
        assertArrayEquals(new double[] {1, 1}, v.grad().toArray());
        assertNull(w.grad());
    }

    @Test
    void inPlaceOpReadingAnOverlappingViewOfItselfSeesTheOldValues() {
        Tensor x = Tensor.arange(4).view(2, 2);
        x.add_(x.t());
        assertArrayEquals(new double[] {0, 3, 3, 6}, x.toArray());
        Tensor y = Tensor.arange(6).view(2, 3);
        y.sub_(y.select(0, 0));
        assertArrayEquals(new double[] {0, 0, 0, 3, 3, 3}, y.toArray());
        Tensor z = Tensor.arange(4).view(2, 2);
        z.copy_(z.t());
        assertArrayEquals(new double[] {0, 2, 1, 3}, z.toArray());
        Tensor w = Tensor.of(1, 2);
        w.mul_(w);
        assertArrayEquals(new double[] {1, 4}, w.toArray());
    }
}
