package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Creation ops give exactly the values and shapes PyTorch's do. */
class TensorCreationTest {

    @Test
    void scalarIsZeroDimensionalWithOneElement() {
        Tensor s = Tensor.scalar(2.5);
        assertArrayEquals(new int[0], s.shape());
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertEquals(2.5, s.item());
        assertEquals(2.5, s.get());
        assertFalse(s.requiresGrad());
        assertTrue(s.isLeaf());
    }

    @Test
    void ofCopiesOneAndTwoDimensionalArrays() {
        double[] values = {1, 2, 3};
        Tensor v = Tensor.of(values);
        values[0] = 99;
        assertArrayEquals(new int[] {3}, v.shape());
        assertArrayEquals(new double[] {1, 2, 3}, v.toArray());

        Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toArray());
        assertEquals(4.0, m.get(1, 1));
        assertEquals(5.0, m.get(-1, 0));
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}, {5, 6}}, m.toArray2d());
    }

    @Test
    void ofRejectsRaggedRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        assertEquals("of: row 1 has 1 values, expected 2 like row 0", e.getMessage());
    }

    @Test
    void zerosOnesAndFullFillTheirShape() {
        assertArrayEquals(new double[6], Tensor.zeros(2, 3).toArray());
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3).shape());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(2, 2).toArray());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(new int[] {2}, 7.0).toArray());
        assertEquals(1.0, Tensor.ones().item());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertEquals("zeros: negative dimension in shape [2, -1]", e.getMessage());
    }

    @Test
    void arangeCountsFromStartToBeforeEnd() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5).toArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5).toArray());
        assertArrayEquals(new double[] {5, 3, 1}, Tensor.arange(5, 0, -2).toArray());
        assertEquals(10, Tensor.arange(0, 1, 0.1).numel());
        assertEquals(0, Tensor.arange(0).numel());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, Tensor.arange(9).view(3, 3).toArray());
    }

    @Test
    void eyeHasOnesOnTheDiagonalOnly() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toArray());
        Tensor rect = Tensor.eye(2, 3);
        assertArrayEquals(new int[] {2, 3}, rect.shape());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, rect.toArray());
    }

    @Test
    void randAndRandnAreDeterministicForASeed() {
        Tensor a = Tensor.rand(new Generator(42), 4, 5);
        Tensor b = Tensor.rand(new Generator(42), 4, 5);
        Tensor c = Tensor.rand(new Generator(43), 4, 5);
        assertArrayEquals(a.toArray(), b.toArray());
        assertNotEquals(a.toArray()[0], c.toArray()[0]);
        for (double v : a.toArray()) {
            assertTrue(v >= 0 && v < 1, "rand in [0, 1): " + v);
        }
        Tensor n1 = Tensor.randn(new Generator(7), 1000);
        Tensor n2 = Tensor.randn(new Generator(7), 1000);
        assertArrayEquals(n1.toArray(), n2.toArray());
        // 1000 standard normal draws: mean within 4 standard errors, variance near 1
        assertEquals(0.0, n1.mean().item(), 4 / Math.sqrt(1000));
        assertEquals(1.0, n1.pow(2.0).mean().item(), 0.15);
    }

    @Test
    void generatorStateReplaysTheSequence() {
        Generator gen = new Generator(3);
        gen.nextDouble();
        long state = gen.state();
        double next = gen.nextDouble();
        gen.setState(state);
        assertEquals(next, gen.nextDouble());
        assertEquals(new Generator(3).manualSeed(11).nextLong(), new Generator(11).nextLong());
    }

    @Test
    void fromArrayCopiesAndWrapShares() {
        double[] data = {1, 2, 3, 4};
        Tensor copy = Tensor.fromArray(data, 2, 2);
        Tensor shared = Tensor.wrap(data, 2, 2);
        data[0] = 10;
        assertEquals(1.0, copy.get(0, 0));
        assertEquals(10.0, shared.get(0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(data, 3));
        assertEquals("wrap: shape [3] needs 3 values, got 4", e.getMessage());
    }

    @Test
    void itemOfAManyElementTensorFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2).item());
        assertEquals("a Tensor with 2 elements cannot be converted to Scalar", e.getMessage());
        assertEquals(3.0, Tensor.full(new int[] {1, 1}, 3.0).item());
    }

    @Test
    void getChecksIndexCountAndBounds() {
        Tensor m = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> m.get(1));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, 3));
        assertEquals("index 3 is out of bounds for dimension 1 with size 3", e.getMessage());
    }
}
