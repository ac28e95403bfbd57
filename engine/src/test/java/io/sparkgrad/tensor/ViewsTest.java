package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Views share storage; view refuses what needs a copy, reshape copies; shape errors are explicit. */
class ViewsTest {

    @Test
    void viewSharesStorageWithItsBase() {
        Tensor base = Tensor.arange(6);
        Tensor v = base.view(2, 3);
        assertArrayEquals(new int[] {2, 3}, v.shape());
        v.select(1, 2).fill_(-1);
        assertArrayEquals(new double[] {0, 1, -1, 3, 4, -1}, base.toArray());
        assertEquals(v.version(), base.version());
    }

    @Test
    void viewInfersOneDimension() {
        Tensor x = Tensor.arange(12);
        assertArrayEquals(new int[] {3, 4}, x.view(3, -1).shape());
        assertArrayEquals(new int[] {2, 2, 3}, x.view(2, -1, 3).shape());
        assertArrayEquals(new int[0], Tensor.of(5).view().shape());
        assertArrayEquals(new int[] {12}, x.view(3, 4).flatten(0).shape());
    }

    @Test
    void viewOfAnIncompatibleSizeFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(6).view(4, 2));
        assertEquals("view: shape [4, 2] is invalid for input of size 6 (shape [6])", e.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(6).view(-1, -1));
        assertEquals("view: only one dimension can be inferred, got [-1, -1]", two.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(6).reshape(-1, 4));
        assertEquals("reshape: shape [-1, 4] is invalid for input of size 6 (shape [6])", r.getMessage());
    }

    @Test
    void viewOfANonContiguousTensorFailsButReshapeCopies() {
        Tensor t = Tensor.arange(6).view(2, 3).t();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(6));
        assertTrue(e.getMessage().startsWith("view size is not compatible with input tensor's size and stride"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Use .reshape(...) instead"), e.getMessage());
        Tensor r = t.reshape(6);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, r.toArray());
        r.fill_(9);
        assertEquals(0.0, t.get(0, 0));
    }

    @Test
    void transposeSwapsShapeAndStridesWithoutCopying() {
        Tensor x = Tensor.arange(24).view(2, 3, 4);
        Tensor y = x.transpose(0, 2);
        assertArrayEquals(new int[] {4, 3, 2}, y.shape());
        assertEquals(x.get(1, 2, 3), y.get(3, 2, 1));
        assertFalse(y.isContiguous());
        assertArrayEquals(new int[] {2, 4, 3}, x.transpose(-1, -2).shape());
    }

    @Test
    void unsqueezeAndSqueezeAddAndRemoveSizeOneDims() {
        Tensor x = Tensor.zeros(3, 4);
        assertArrayEquals(new int[] {1, 3, 4}, x.unsqueeze(0).shape());
        assertArrayEquals(new int[] {3, 1, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1}, Tensor.scalar(1).unsqueeze(0).shape());
        Tensor y = Tensor.zeros(1, 3, 1, 4);
        assertArrayEquals(new int[] {3, 4}, y.squeeze().shape());
        assertArrayEquals(new int[] {1, 3, 4}, y.squeeze(2).shape());
        assertArrayEquals(new int[] {1, 3, 1, 4}, y.squeeze(1).shape());
        assertThrows(IllegalArgumentException.class, () -> x.unsqueeze(3));
    }

    @Test
    void expandBroadcastsSizeOneDimsWithZeroStrides() {
        Tensor col = Tensor.of(new double[][] {{1}, {2}});
        Tensor e = col.expand(3, 2, 4);
        assertArrayEquals(new int[] {3, 2, 4}, e.shape());
        assertEquals(2.0, e.get(2, 1, 3));
        assertArrayEquals(new int[] {2, 5}, col.expand(-1, 5).shape());
        assertSame(col, col.expand(2, 1));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> col.expand(3, 4));
        assertEquals("expand: the expanded size of the tensor (3) must match the existing size (2) at non-singleton "
                + "dimension 0.  Target sizes: [3, 4].  Tensor sizes: [2, 1]", bad.getMessage());
        IllegalArgumentException write = assertThrows(IllegalArgumentException.class, () -> e.add_(1.0));
        assertTrue(write.getMessage().contains("more than one element of the written-to tensor refers to a single "
                + "memory location"), write.getMessage());
    }

    @Test
    void selectAndNarrowAreViews() {
        Tensor m = Tensor.arange(12).view(3, 4);
        assertArrayEquals(new double[] {4, 5, 6, 7}, m.select(0, 1).toArray());
        assertArrayEquals(new double[] {3, 7, 11}, m.select(1, -1).toArray());
        assertArrayEquals(new double[] {5, 6, 9, 10}, m.narrow(0, 1, 2).narrow(1, 1, 2).toArray());
        m.narrow(1, 0, 1).fill_(-1);
        assertArrayEquals(new double[] {-1, -1, -1}, m.select(1, 0).toArray());
        IndexOutOfBoundsException sel = assertThrows(IndexOutOfBoundsException.class, () -> m.select(0, 3));
        assertEquals("select(): index 3 out of range for tensor of size [3, 4] at dimension 0", sel.getMessage());
        IndexOutOfBoundsException nar = assertThrows(IndexOutOfBoundsException.class, () -> m.narrow(1, 2, 3));
        assertEquals("narrow(): start (2) + length (3) exceeds dimension size (4) of dimension 1 in shape [3, 4]",
                nar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).select(0, 0));
    }

    @Test
    void cloneAndContiguousCopyOnlyWhenNeeded() {
        Tensor m = Tensor.arange(4).view(2, 2);
        assertSame(m, m.contiguous());
        Tensor t = m.t().contiguous();
        assertTrue(t.isContiguous());
        assertArrayEquals(new double[] {0, 2, 1, 3}, t.toArray());
        Tensor c = m.clone();
        c.fill_(5);
        assertEquals(0.0, m.get(0, 0));
    }
}
