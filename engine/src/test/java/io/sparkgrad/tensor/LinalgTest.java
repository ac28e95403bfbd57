package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** matmul follows torch.matmul's shape rules; the blocked kernel agrees with a naive product. */
class LinalgTest {

    static Stream<Arguments> matmulShapes() {
        return Stream.of(
                Arguments.of(new int[] {3}, new int[] {3}, new int[0]),
                Arguments.of(new int[] {2, 3}, new int[] {3}, new int[] {2}),
                Arguments.of(new int[] {3}, new int[] {3, 4}, new int[] {4}),
                Arguments.of(new int[] {2, 3}, new int[] {3, 4}, new int[] {2, 4}),
                Arguments.of(new int[] {5, 2, 3}, new int[] {3, 4}, new int[] {5, 2, 4}),
                Arguments.of(new int[] {2, 3}, new int[] {5, 3, 4}, new int[] {5, 2, 4}),
                Arguments.of(new int[] {3}, new int[] {5, 3, 4}, new int[] {5, 4}),
                Arguments.of(new int[] {5, 2, 3}, new int[] {3}, new int[] {5, 2}),
                Arguments.of(new int[] {5, 1, 2, 3}, new int[] {6, 3, 4}, new int[] {5, 6, 2, 4}),
                Arguments.of(new int[] {1, 2, 3}, new int[] {7, 3, 4}, new int[] {7, 2, 4}));
    }

    @ParameterizedTest(name = "matmul {0} x {1} has shape {2}")
    @MethodSource("matmulShapes")
    void matmulHasPyTorchsResultShapeAndValues(int[] a, int[] b, int[] expected) {
        Tensor x = Tensor.randn(new Generator(1), a);
        Tensor y = Tensor.randn(new Generator(2), b);
        Tensor z = x.matmul(y);
        assertArrayEquals(expected, z.shape());
        // every case equals the batched product of 2-d operands, broadcast, then squeezed
        Tensor x2 = a.length == 1 ? x.unsqueeze(0) : x;
        Tensor y2 = b.length == 1 ? y.unsqueeze(1) : y;
        int[] outBatch = Shape.broadcast("test", batch(x2.shape()), batch(y2.shape()));
        Tensor xe = x2.expand(concat(outBatch, last2(x2.shape())));
        Tensor ye = y2.expand(concat(outBatch, last2(y2.shape())));
        double[] expectedValues = naiveBatched(xe, ye);
        assertArrayEquals(expectedValues, z.toArray(), 1e-12);
    }

    @Test
    void mmOfKnownMatrices() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new double[] {19, 22, 43, 50}, a.mm(b).toArray());
        assertArrayEquals(new double[] {26, 30, 38, 44}, a.t().mm(b).toArray());
        assertEquals(11.0, Tensor.of(1, 2).matmul(Tensor.of(3, 4)).item());
    }

    @Test
    void kernelAgreesWithNaiveProductAcrossBlockEdges() {
        // sizes straddle the kernel's 4-row unrolling and its column / depth blocks
        int n = 7;
        int k = 300;
        int m = 261;
        Tensor a = Tensor.randn(new Generator(5), n, k);
        Tensor b = Tensor.randn(new Generator(6), k, m);
        assertArrayEquals(naiveBatched(a, b), a.mm(b).toArray(), 1e-10);
    }

    @Test
    void mismatchedInnerDimensionsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 4).matmul(Tensor.zeros(5, 1)));
        assertEquals("matmul: expected [*, n, k] x [*, k, m], got [2, 4] x [5, 1] (4 != 5)", e.getMessage());
        IllegalArgumentException dot = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2).matmul(Tensor.zeros(3)));
        assertEquals("matmul: 1D tensors expected to have the same size, got [2] x [3]", dot.getMessage());
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> Tensor.scalar(1).matmul(Tensor.zeros(3)));
        assertEquals("matmul: both arguments need at least 1 dimension, got [] x [3]", scalar.getMessage());
        IllegalArgumentException mm = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3).mm(Tensor.zeros(3, 1)));
        assertEquals("mm: expected 2-d tensors, got [3] x [3, 1]", mm.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 1, 3).matmul(Tensor.zeros(3, 3, 1)));
        assertEquals("matmul: shapes [2] and [3] cannot be broadcast (size 2 vs 3 at dimension 0)",
                batch.getMessage());
    }

    @Test
    void tOfAMatrixSwapsItsDimsAndRefusesThreeDims() {
        Tensor m = Tensor.arange(6).view(2, 3);
        assertArrayEquals(new int[] {3, 2}, m.t().shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, m.t().toArray());
        assertArrayEquals(new double[] {0, 1}, Tensor.of(0, 1).t().toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 2, 3).t());
        assertEquals("t() expects a tensor with <= 2 dimensions, but self is 3D", e.getMessage());
    }

    private static double[] naiveBatched(Tensor a, Tensor b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        int n = sa[sa.length - 2];
        int k = sa[sa.length - 1];
        int m = sb[sb.length - 1];
        double[] x = a.toArray();
        double[] y = b.toArray();
        int batches = x.length / (n * k);
        double[] out = new double[batches * n * m];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += x[t * n * k + i * k + p] * y[t * k * m + p * m + j];
                    }
                    out[t * n * m + i * m + j] = s;
                }
            }
        }
        return out;
    }

    private static int[] batch(int[] shape) {
        return java.util.Arrays.copyOf(shape, shape.length - 2);
    }

    private static int[] last2(int[] shape) {
        return java.util.Arrays.copyOfRange(shape, shape.length - 2, shape.length);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor z = Tensor.ones(4, 0).matmul(Tensor.ones(0, 5));
        assertArrayEquals(new int[] {4, 5}, z.shape());
        assertArrayEquals(new double[20], z.toArray());
        assertArrayEquals(new int[] {0, 5}, Tensor.ones(0, 3).matmul(Tensor.ones(3, 5)).shape());
    }

    @Test
    void kernelResultsAreBitIdenticalAcrossCalls() {
        Tensor a = Tensor.randn(new Generator(8), 37, 150);
        Tensor b = Tensor.randn(new Generator(9), 150, 41);
        assertArrayEquals(a.mm(b).toArray(), a.mm(b).toArray());
        // a row computed alone equals the same row computed in a block of four
        assertArrayEquals(a.narrow(0, 5, 1).mm(b).toArray(), a.mm(b).narrow(0, 5, 1).toArray(), 1e-12);
    }
}
