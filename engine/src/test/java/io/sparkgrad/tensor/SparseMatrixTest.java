package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradCheck;
import io.sparkgrad.nn.F;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The CSR matrix and its products: the same bits as the dense products of the same values, the
 * dense operand's gradient (first and second order) without densifying, and named errors.
 */
class SparseMatrixTest {

    /** A rows × cols matrix with about {@code density} of its entries nonzero (some of them negative or tiny). */
    private static Tensor sparseDense(SplittableRandom rng, int rows, int cols, double density) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            if (rng.nextDouble() < density) {
                d[i] = rng.nextDouble(-3, 3) * (rng.nextInt(10) == 0 ? 1e-300 : 1);
            }
        }
        return Tensor.fromArray(d, rows, cols);
    }

    private static Tensor dense(SplittableRandom rng, int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-2, 2);
        }
        return Tensor.fromArray(d, shape);
    }

    private static void assertBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + " at " + i + ": " + e[i]
                    + " vs " + a[i]);
        }
    }

    @ParameterizedTest(name = "{0} x {1} by {2} outputs, density {3}")
    @CsvSource({"1, 1, 1, 1.0", "7, 13, 1, 0.3", "64, 100, 1, 0.05", "33, 40, 3, 0.2", "16, 9, 24, 0.5", "50, 300, 10, 0.02",
        "5, 17, 1, 0.0"})
    void productsGiveTheDenseProductsBitsOnTheSameValues(int rows, int cols, int outs, double density) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + cols * 7L + outs);
        Tensor x = sparseDense(rng, rows, cols, density);
        SparseMatrix s = SparseMatrix.fromDense(x);
        assertBits(x, s.toDense(), "round trip");
        Tensor w = dense(rng, cols, outs);
        assertBits(x.matmul(w), s.matmul(w), "X·W");
        Tensor weight = dense(rng, outs, cols);
        Tensor bias = dense(rng, outs);
        assertBits(F.linear(x, weight, bias), F.linear(s, weight, bias), "linear");
        Tensor g = dense(rng, rows, outs);
        assertBits(x.t().matmul(g), s.tmatmul(g), "Xᵀ·g");
        // a transposed (strided) dense operand
        Tensor wt = dense(rng, outs, cols).t();
        assertBits(x.matmul(wt), s.matmul(wt), "X·Wᵀ view");
    }

    @ParameterizedTest(name = "{0} x {1} by {2} outputs, density {3}")
    @CsvSource({"7, 13, 1, 0.3", "64, 100, 1, 0.05", "33, 40, 3, 0.2", "16, 9, 24, 0.5"})
    void aBinaryMatrixKeepsIndicesAloneAndGivesTheSameBits(int rows, int cols, int outs, double density) {
        SplittableRandom rng = new SplittableRandom(rows * 17L + cols);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble() < density ? 1.0 : 0.0;
        }
        Tensor x = Tensor.fromArray(d, rows, cols);
        SparseMatrix s = SparseMatrix.fromDense(x);
        assertTrue(s.isBinary(), "every stored value is 1.0");
        assertNull(s.recordedValues(), "no values array");
        assertBits(x, s.toDense(), "round trip");
        assertBits(x, s.square().toDense(), "1² = 1");
        assertBits(x.narrow(0, 1, rows - 2), s.rowRange(1, rows - 2).toDense(), "row range");
        Tensor w = dense(rng, cols, outs);
        assertBits(x.matmul(w), s.matmul(w), "X·W");
        Tensor g = dense(rng, rows, outs);
        assertBits(x.t().matmul(g), s.tmatmul(g), "Xᵀ·g");
        Tensor weight = dense(rng, outs, cols).requiresGrad_(true);
        Tensor bias = dense(rng, outs).requiresGrad_(true);
        Tensor[] sparseGrads = Autograd.grad(F.linear(s, weight, bias).pow(2.0).sum(), weight, bias);
        Tensor[] denseGrads = Autograd.grad(F.linear(x, weight, bias).pow(2.0).sum(), weight, bias);
        assertBits(denseGrads[0], sparseGrads[0], "d/dW");
        assertBits(denseGrads[1], sparseGrads[1], "d/db");
        Tensor v = dense(rng, cols, 3);
        assertBits(Fused.factorInteractions(x, v), Fused.factorInteractions(s, v), "factor interactions");

        d[rows * cols - 1] = 2.0;
        SparseMatrix valued = SparseMatrix.fromDense(Tensor.fromArray(d, rows, cols));
        assertTrue(!valued.isBinary() && valued.value(valued.nnz() - 1) == 2.0, "one value other than 1 keeps the values");
    }

    @Test
    void linearsGradientsAreTheDenseOnesBitForBit() {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = sparseDense(rng, 40, 30, 0.1);
        SparseMatrix s = SparseMatrix.fromDense(x);
        for (int outs : new int[] {1, 4}) {
            Tensor weight = dense(rng, outs, 30).requiresGrad_(true);
            Tensor bias = dense(rng, outs).requiresGrad_(true);
            Tensor y = Tensor.fromArray(rng.doubles(40L * outs, -1, 1).toArray(), 40, outs);
            Tensor[] viaDense = Autograd.grad(F.linear(x, weight, bias).sub(y).pow(2.0).sum(), weight, bias);
            Tensor[] viaSparse = Autograd.grad(F.linear(s, weight, bias).sub(y).pow(2.0).sum(), weight, bias);
            assertBits(viaDense[0], viaSparse[0], outs + " outputs: weight gradient");
            assertBits(viaDense[1], viaSparse[1], outs + " outputs: bias gradient");
        }
    }

    @Test
    void gradcheckAndGradgradcheckOfTheSparseProducts() {
        SplittableRandom rng = new SplittableRandom(9);
        SparseMatrix s = SparseMatrix.fromDense(sparseDense(rng, 6, 5, 0.4));
        Tensor w = dense(rng, 5, 3).requiresGrad_(true);
        Tensor g = dense(rng, 6, 2).requiresGrad_(true);
        Tensor weight = dense(rng, 2, 5).requiresGrad_(true);
        Tensor bias = dense(rng, 2).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> s.matmul(t[0]), w));
        assertTrue(GradCheck.gradgradcheck(t -> s.matmul(t[0]).pow(2.0), w));
        assertTrue(GradCheck.gradcheck(t -> s.tmatmul(t[0]), g));
        assertTrue(GradCheck.gradgradcheck(t -> s.tmatmul(t[0]).tanh(), g));
        assertTrue(GradCheck.gradcheck(t -> F.linear(s, t[0], t[1]).sigmoid(), weight, bias));
        assertTrue(GradCheck.gradgradcheck(t -> F.linear(s, t[0], t[1]).sigmoid(), weight, bias));
    }

    @Test
    void theSparseMatrixHasNoGradientAndTheProductRecordsItsOwnBackward() {
        SparseMatrix s = SparseMatrix.csr(2, 3, new int[] {0, 1, 3}, new int[] {2, 0, 1}, new double[] {5, 6, 7});
        Tensor w = Tensor.of(new double[][] {{1}, {2}, {3}}).requiresGrad_(true);
        Tensor y = s.matmul(w);
        assertEquals("SparseMmBackward", y.gradFn());
        assertArrayEquals(new double[] {15, 6 + 14}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new double[] {6, 7, 5}, w.grad().toArray(), "Xᵀ·1: each column's entries summed");
        assertNull(s.toDense().grad());
    }

    @Test
    void malformedInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SparseMatrix.csr(2, 3, new int[] {0, 2, 3}, new int[] {1, 1, 0}, new double[] {1, 2, 3}));
        assertEquals("SparseMatrix: row 0 has columns 1 then 1; they must be strictly increasing", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SparseMatrix.csr(1, 3, new int[] {0, 1}, new int[] {3}, new double[] {1}));
        assertEquals("SparseMatrix: row 0 has column 3 outside [0, 3)", e.getMessage());
        SparseMatrix s = SparseMatrix.csr(1, 3, new int[] {0, 1}, new int[] {0}, new double[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> s.matmul(Tensor.zeros(2, 1)));
        assertEquals("sparse matmul: expected [1, 3] x [3, *], got [1, 3] x [2, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.linear(s, Tensor.zeros(1, 4), null));
        assertTrue(e.getMessage().startsWith("linear: expected a weight of shape [*, 3]"), e.getMessage());
        assertEquals(List.of(1, 3), List.of(s.shape()[0], s.shape()[1]));
    }

    @Test
    void rowRangesCopyTheirRows() {
        SparseMatrix s = SparseMatrix.csr(3, 4, new int[] {0, 2, 2, 3}, new int[] {0, 3, 1}, new double[] {1, 2, 3});
        SparseMatrix tail = s.rowRange(1, 2);
        assertEquals(2, tail.rows());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 3, 0, 0}, tail.toDense().toArray());
    }
}
