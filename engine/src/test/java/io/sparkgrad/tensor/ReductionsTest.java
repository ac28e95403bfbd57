package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reductions over all elements and over dims, with and without keepdim; the softmax family. */
class ReductionsTest {
    private static final Tensor M = Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}});

    @Test
    void sumAndMeanOfAllElementsAreScalars() {
        assertArrayEquals(new int[0], M.sum().shape());
        assertEquals(21.0, M.sum().item());
        assertEquals(3.5, M.mean().item());
        assertEquals(7.0, Tensor.scalar(7).sum().item());
    }

    @Test
    void sumAndMeanOverADimDropOrKeepIt() {
        assertArrayEquals(new int[] {3}, M.sum(0, false).shape());
        assertArrayEquals(new double[] {5, 7, 9}, M.sum(0, false).toArray());
        assertArrayEquals(new int[] {1, 3}, M.sum(0, true).shape());
        assertArrayEquals(new double[] {9, 12}, M.sum(1, false).toArray());
        assertArrayEquals(new int[] {2, 1}, M.sum(-1, true).shape());
        assertArrayEquals(new double[] {3, 4}, M.mean(1, false).toArray());
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, M.mean(0, true).toArray());
        assertArrayEquals(new int[] {1, 3}, M.mean(0, true).shape());
    }

    @Test
    void sumOverSeveralDims() {
        Tensor x = Tensor.arange(24).view(2, 3, 4);
        Tensor s = x.sum(new int[] {0, 2}, false);
        assertArrayEquals(new int[] {3}, s.shape());
        // sum over i, k of 12 i + 4 j + k = 4*12 + 8*4j + 2*6 = 60 + 32j
        assertArrayEquals(new double[] {60, 92, 124}, s.toArray());
        assertArrayEquals(new int[] {1, 3, 1}, x.sum(new int[] {0, -1}, true).shape());
        assertArrayEquals(new double[] {7.5, 11.5, 15.5}, x.mean(new int[] {2, 0}, false).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.sum(new int[] {1, -2}, false));
        assertEquals("sum: dim 1 appears multiple times in the list of dims", e.getMessage());
    }

    @Test
    void reductionOverAnOutOfRangeDimFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> M.sum(2, false));
        assertEquals("sum: dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
    }

    @Test
    void maxAndMinOfAllElementsAndAlongADim() {
        assertEquals(6.0, M.max().item());
        assertEquals(1.0, M.min().item());
        assertArrayEquals(new double[] {4, 5, 6}, M.max(0, false).toArray());
        assertArrayEquals(new double[] {5, 6}, M.max(1, false).toArray());
        assertArrayEquals(new int[] {2, 1}, M.max(1, true).shape());
        assertArrayEquals(new double[] {1, 2}, M.min(1, false).toArray());
        assertArrayEquals(new double[] {1, 2, 3}, M.min(0, true).toArray());
        assertTrue(Double.isNaN(Tensor.of(1, Double.NaN, 3).max().item()));
    }

    @Test
    void argmaxReturnsTheFirstIndexOfTheLargestValue() {
        assertArrayEquals(new double[] {1, 0, 1}, M.argmax(0).toArray());
        assertArrayEquals(new double[] {1, 2}, M.argmax(1).toArray());
        assertArrayEquals(new int[] {2, 1}, M.argmax(1, true).shape());
        assertEquals(5.0, M.argmax().item());
        assertEquals(1.0, Tensor.of(1, 7, 7, 2).argmax().item());
        assertArrayEquals(new double[] {0, 1}, M.argmin(1).toArray());
    }

    @Test
    void maxOfAnEmptyTensorFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).max());
        assertEquals("max(): Expected reduction dim to be specified for input.numel() == 0.", e.getMessage());
    }

    @Test
    void softmaxRowsSumToOneAndAreStableForLargeInputs() {
        Tensor s = Tensor.of(1000, 1001).softmax(0);
        double e = Math.exp(1);
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e)}, s.toArray(), 1e-15);
        Tensor ls = Tensor.of(1000, 1001).logSoftmax(0);
        assertArrayEquals(new double[] {-Math.log1p(e), 1 - Math.log1p(e)}, ls.toArray(), 1e-12);
        Tensor rows = M.softmax(1);
        assertArrayEquals(new double[] {1, 1}, rows.sum(1, false).toArray(), 1e-15);
        Tensor cols = M.softmax(0);
        assertArrayEquals(new double[] {1, 1, 1}, cols.sum(0, false).toArray(), 1e-15);
        assertArrayEquals(M.softmax(-1).log().toArray(), M.logSoftmax(-1).toArray(), 1e-12);
        assertArrayEquals(new double[] {0, 1}, Tensor.of(-1000, 1000).softmax(0).toArray());
    }
}
