package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** gather, scatterAdd, sliceScatter, cat and stack: values, shapes and errors. */
class IndexingTest {
    private static final Tensor M = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void gatherPicksAlongADim() {
        Tensor rows = M.gather(1, Tensor.of(new double[][] {{2, 0}, {1, 1}}));
        assertArrayEquals(new int[] {2, 2}, rows.shape());
        assertArrayEquals(new double[] {3, 1, 5, 5}, rows.toArray());
        Tensor cols = M.gather(0, Tensor.of(new double[][] {{1, 0, 1}}));
        assertArrayEquals(new double[] {4, 2, 6}, cols.toArray());
        assertArrayEquals(new double[] {6}, M.gather(1, Tensor.of(new double[][] {{-1}, {-1}})).narrow(0, 1, 1)
                .reshape(-1).toArray());
    }

    @Test
    void gatherRejectsOutOfRangeAndFractionalIndices() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> M.gather(1, Tensor.of(new double[][] {{3}})));
        assertEquals("gather: index 3.0 is out of bounds for dimension 1 with size 3", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> M.gather(1, Tensor.of(new double[][] {{0.5}})));
        assertThrows(IllegalArgumentException.class, () -> M.gather(1, Tensor.of(0, 1)));
    }

    @Test
    void scatterAddAccumulatesRepeatedIndices() {
        Tensor out = Tensor.zeros(2, 3).scatterAdd(1, Tensor.of(new double[][] {{0, 0, 2}, {1, 1, 1}}), M);
        assertArrayEquals(new double[] {3, 0, 3, 0, 15, 0}, out.toArray());
    }

    @Test
    void sliceScatterWritesSrcAtAnOffset() {
        Tensor out = Tensor.zeros(2, 4).sliceScatter(Tensor.ones(2, 2), 1, 1);
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1, 1, 0}, out.toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 4).sliceScatter(Tensor.ones(2, 2), 1, 3));
        assertEquals("sliceScatter: src of shape [2, 2] does not fit into [2, 4] at dim 1, start 3", e.getMessage());
    }

    @Test
    void catJoinsAlongAnExistingDim() {
        Tensor rows = Tensor.cat(0, M, Tensor.of(new double[][] {{7, 8, 9}}));
        assertArrayEquals(new int[] {3, 3}, rows.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, rows.toArray());
        Tensor cols = Tensor.cat(-1, M, Tensor.of(new double[][] {{0}, {-1}}));
        assertArrayEquals(new double[] {1, 2, 3, 0, 4, 5, 6, -1}, cols.toArray());
        assertArrayEquals(new double[] {1, 2, 3}, Tensor.cat(0, Tensor.of(1), Tensor.of(2, 3)).toArray());
        assertArrayEquals(new double[] {3, 6}, Tensor.cat(1, M.t().t(), M).narrow(1, 2, 1).reshape(-1).toArray());
    }

    @Test
    void catOfMismatchedShapesNamesTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.cat(0, M, Tensor.zeros(1, 2)));
        assertEquals("cat: sizes of tensors must match except in dimension 0. Expected [2, 3] (except dim 0) but got "
                + "[1, 2] for tensor number 1 in the list", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.scalar(1), Tensor.scalar(2)));
    }

    @Test
    void stackJoinsAlongANewDim() {
        Tensor a = Tensor.of(1, 2);
        Tensor b = Tensor.of(3, 4);
        Tensor s0 = Tensor.stack(0, a, b);
        assertArrayEquals(new int[] {2, 2}, s0.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, s0.toArray());
        Tensor s1 = Tensor.stack(1, a, b);
        assertArrayEquals(new double[] {1, 3, 2, 4}, s1.toArray());
        assertArrayEquals(new int[] {2, 2}, Tensor.stack(-1, a, b).shape());
        assertArrayEquals(new int[] {3}, Tensor.stack(0, Tensor.scalar(1), Tensor.scalar(2), Tensor.scalar(3)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(0, a, Tensor.of(1, 2, 3)));
        assertEquals("stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
                e.getMessage());
    }
}
