package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Elementwise kernels: values, NumPy/PyTorch broadcasting, strided operands. */
class ElementwiseTest {
    private static final double EPS = 1e-12;

    @Test
    void broadcastsAColumnAgainstARow() {
        Tensor col = Tensor.of(new double[][] {{1}, {2}, {3}});
        Tensor row = Tensor.of(10, 20);
        Tensor sum = col.add(row);
        assertArrayEquals(new int[] {3, 2}, sum.shape());
        assertArrayEquals(new double[] {11, 21, 12, 22, 13, 23}, sum.toArray());
        assertArrayEquals(new double[] {-9, -19, -8, -18, -7, -17}, col.sub(row).toArray());
        assertArrayEquals(new double[] {10, 20, 20, 40, 30, 60}, col.mul(row).toArray());
    }

    @Test
    void broadcastsLeadingDimsAndSizeOneDims() {
        Tensor a = Tensor.arange(6).view(3, 1, 2);
        Tensor b = Tensor.arange(8).view(4, 2);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 4, 2}, c.shape());
        // c[i, j, k] = a[i, 0, k] + b[j, k]
        assertEquals(2 + 6, c.get(1, 3, 0));
        assertEquals(5 + 7, c.get(2, 3, 1));
        assertEquals(0 + 0, c.get(0, 0, 0));
    }

    @Test
    void scalarOperandsBroadcastEverywhere() {
        Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {3, 4, 5, 6}, m.add(2.0).toArray());
        assertArrayEquals(new double[] {-1, 0, 1, 2}, m.sub(2.0).toArray());
        assertArrayEquals(new double[] {2, 4, 6, 8}, m.mul(2.0).toArray());
        assertArrayEquals(new double[] {0.5, 1, 1.5, 2}, m.div(2.0).toArray());
        assertArrayEquals(new double[] {1, 4, 9, 16}, m.pow(2.0).toArray());
        assertArrayEquals(new double[] {2, 4, 8, 16}, Tensor.scalar(2.0).pow(m).toArray());
        assertArrayEquals(new int[] {2, 2}, Tensor.scalar(1.0).add(m).shape());
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 2).add(Tensor.zeros(3)));
        assertEquals("add: shapes [3, 2] and [3] cannot be broadcast (size 2 vs 3 at dimension 1)", e.getMessage());
    }

    @Test
    void unaryFunctionsMatchJavaMath() {
        double[] x = {-2.0, -0.5, 0.0, 0.75, 3.0};
        Tensor t = Tensor.of(x);
        double[] exp = t.exp().toArray();
        double[] sin = t.sin().toArray();
        double[] cos = t.cos().toArray();
        double[] tanh = t.tanh().toArray();
        double[] sigmoid = t.sigmoid().toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i]), exp[i], EPS);
            assertEquals(Math.sin(x[i]), sin[i], EPS);
            assertEquals(Math.cos(x[i]), cos[i], EPS);
            assertEquals(Math.tanh(x[i]), tanh[i], EPS);
            assertEquals(1 / (1 + Math.exp(-x[i])), sigmoid[i], EPS);
        }
        assertArrayEquals(new double[] {2, 0.5, 0, 0.75, 3}, t.abs().toArray());
        assertArrayEquals(new double[] {2, 0.5, -0.0, -0.75, -3}, t.neg().toArray());
        assertArrayEquals(new double[] {0, 0, 0, 0.75, 3}, t.relu().toArray());
        assertArrayEquals(new double[] {-1, -1, 0, 1, 1}, t.sign().toArray());
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.75, 1}, t.clamp(-1, 1).toArray());
        assertArrayEquals(new double[] {0, 0, 0, 0.75, 3}, t.clampMin(0).toArray());
        assertArrayEquals(new double[] {-2, -0.5, 0, 0.75, 1}, t.clampMax(1).toArray());
        Tensor p = Tensor.of(1, 4, Math.E);
        assertArrayEquals(new double[] {0, Math.log(4), 1}, p.log().toArray(), EPS);
        assertArrayEquals(new double[] {1, 2, Math.sqrt(Math.E)}, p.sqrt().toArray(), EPS);
        assertEquals(1e-20, Tensor.scalar(1e-20).log1p().item(), 1e-35);
    }

    @Test
    void sigmoidDoesNotOverflowForLargeInputs() {
        Tensor s = Tensor.of(-1000, 1000).sigmoid();
        assertArrayEquals(new double[] {0, 1}, s.toArray());
    }

    @Test
    void maximumAndMinimumPropagateNaN() {
        Tensor a = Tensor.of(1, Double.NaN, 5);
        Tensor b = Tensor.of(2, 0, 3);
        assertArrayEquals(new double[] {2, Double.NaN, 5}, a.maximum(b).toArray());
        assertArrayEquals(new double[] {1, Double.NaN, 3}, a.minimum(b).toArray());
        assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).relu().item()));
        assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).clamp(0, 1).item()));
    }

    @Test
    void comparisonsGiveOnesAndZerosWithoutAGraph() {
        Tensor a = Tensor.of(1, 2, 3).requiresGrad_(true);
        Tensor b = Tensor.of(3, 2, 1);
        assertArrayEquals(new double[] {0, 0, 1}, a.gt(b).toArray());
        assertArrayEquals(new double[] {0, 1, 1}, a.ge(b).toArray());
        assertArrayEquals(new double[] {1, 0, 0}, a.lt(b).toArray());
        assertArrayEquals(new double[] {1, 1, 0}, a.le(b).toArray());
        assertArrayEquals(new double[] {0, 1, 0}, a.eq(b).toArray());
        assertArrayEquals(new double[] {1, 0, 1}, a.ne(b).toArray());
        assertFalse(a.gt(b).requiresGrad());
        assertFalse(a.sign().requiresGrad());
    }

    @Test
    void whereBroadcastsConditionAndBothBranches() {
        Tensor cond = Tensor.of(new double[][] {{1}, {0}});
        Tensor x = Tensor.of(1, 2, 3);
        Tensor r = Tensor.where(cond, x, Tensor.scalar(-1.0));
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertArrayEquals(new double[] {1, 2, 3, -1, -1, -1}, r.toArray());
    }

    @Test
    void stridedOperandsGiveTheSameValuesAsContiguousOnes() {
        Tensor m = Tensor.arange(6).view(2, 3);
        Tensor t = m.t();
        assertFalse(t.isContiguous());
        assertArrayEquals(new double[] {0, 6, 2, 8, 4, 10}, t.add(t.contiguous()).toArray());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.exp().log().toArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2}, m.narrow(1, 1, 1).reshape(-1).sub(Tensor.of(0, 2)).toArray());
    }

    @Test
    void clampRejectsNaNBounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2).clamp(Double.NaN, 1));
        assertEquals("clamp: bounds must not be NaN, got [NaN, 1.0]", e.getMessage());
    }
}
