package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The kernel contract of {@code engine/KERNELS.md}, bit for bit: the selected kernels (the Vector
 * API ones when the module is present) and the scalar ones give identical bits on random shapes,
 * strided views and broadcasts, and both equal a naive implementation of the documented
 * summation order. Run by Maven with the vector kernels at 512 and 256 bits, forced scalar, and
 * without the vector module (see the surefire executions in {@code engine/pom.xml}).
 */
class KernelParityTest {

    @Test
    void theKernelsInUseAreTheOnesTheJvmAllows() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean forcedScalar = "scalar".equals(System.getProperty("sparkgrad.kernels"));
        assertEquals(module && !forcedScalar, Kernels.vectorized(), Kernels.implementation());
        String bits = System.getProperty("sparkgrad.kernels.vectorBits");
        if (Kernels.vectorized() && bits != null) {
            assertEquals("vector-" + bits, Kernels.implementation());
        }
    }

    @RepeatedTest(60)
    void matmulOnRandomShapesAndViewsFollowsTheContractOnBothPaths(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        // sizes straddle the tile edges (4, 8, 12, 24), the depth block (256) and matrix-vector shapes (1)
        int[] sizes = {1, 2, 3, 5, 7, 8, 9, 13, 24, 25, 31, 49, 100, 263};
        int n = sizes[rnd.nextInt(sizes.length)];
        int k = rnd.nextInt(4) == 0 ? 257 + rnd.nextInt(300) : sizes[rnd.nextInt(sizes.length)];
        int m = sizes[rnd.nextInt(sizes.length)];
        Tensor a = randomMatrix(rnd, n, k);
        Tensor b = randomMatrix(rnd, k, m);
        double[] expected = referenceProduct(a, b);
        double[] selected = a.matmul(b).toArray();
        double[] scalar = onScalar(() -> a.matmul(b).toArray());
        String what = "[" + n + ", " + k + "] x [" + k + ", " + m + "] " + layout(a) + " x " + layout(b);
        assertBits(expected, scalar, "scalar " + what);
        assertBits(expected, selected, Kernels.implementation() + " " + what);
    }

    @Test
    void productsSpanningSeveralColumnAndDepthBlocksFollowTheContract() {
        Random rnd = new Random(17);
        // more columns than a block of B (1536) and more depth than a block (512), rows off the tile
        Tensor a = fresh(rnd, 9, 1100);
        Tensor b = fresh(rnd, 1100, 1700);
        assertBits(referenceProduct(a, b), a.matmul(b).toArray(), "row-major");
        assertBits(referenceProduct(a, b), onScalar(() -> a.matmul(b).toArray()), "scalar row-major");
        Tensor at = fresh(rnd, 1100, 9).t();
        assertBits(referenceProduct(at, b), at.matmul(b).toArray(), "transposed A");
    }

    @Test
    void linearIsTheProductPlusTheBiasOnBothPathsAndAnyThreadCount() {
        Random rnd = new Random(23);
        // depth over one block, columns over one block, an edge tile, a matrix-vector shape
        int[][] shapes = {{300, 600, 205}, {9, 40, 500}, {37, 100, 1}, {1, 3, 2}};
        for (int[] s : shapes) {
            Tensor x = fresh(rnd, s[0], s[1]);
            Tensor w = fresh(rnd, s[2], s[1]);
            Tensor b = fresh(rnd, s[2]);
            double[] expected = x.matmul(w.t()).add(b).toArray();
            String what = Arrays.toString(s);
            assertBits(expected, Fused.linear(x, w, b).toArray(), what);
            assertBits(expected, onScalar(() -> Fused.linear(x, w, b).toArray()), "scalar " + what);
            try {
                Kernels.setNumThreads(2);
                assertBits(expected, Fused.linear(x, w, b).toArray(), "2 threads " + what);
            } finally {
                Kernels.setNumThreads(1);
            }
        }
    }

    @Test
    void batchedMatmulWithBroadcastBatchesFollowsTheContract() {
        Tensor a = Tensor.randn(new Generator(3), 3, 1, 30, 17);
        Tensor b = Tensor.randn(new Generator(4), 4, 17, 26).transpose(-1, -2).contiguous().transpose(-1, -2);
        Tensor out = a.matmul(b);
        assertArrayEquals(new int[] {3, 4, 30, 26}, out.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double[] expected = referenceProduct(a.select(0, i).select(0, 0), b.select(0, j));
                assertBits(expected, out.select(0, i).select(0, j).toArray(), "batch " + i + ", " + j);
            }
        }
        assertBits(out.toArray(), onScalar(() -> a.matmul(b).toArray()), "scalar batched");
    }

    @Test
    void matrixVectorProductsUseTheirDocumentedOrders() {
        Random rnd = new Random(11);
        for (int k : new int[] {1, 7, 8, 9, 100, 1001}) {
            Tensor x = fresh(rnd, 37, k);
            Tensor w = fresh(rnd, k);
            Tensor g = fresh(rnd, 37);
            // X·w: a dot product per row in 8 lanes
            double[] xw = x.matmul(w).toArray();
            for (int i = 0; i < 37; i++) {
                assertEquals(Double.doubleToRawLongBits(referenceDot(x.select(0, i), w)),
                        Double.doubleToRawLongBits(xw[i]), "X·w row " + i + ", k " + k);
            }
            assertBits(xw, onScalar(() -> x.matmul(w).toArray()), "scalar X·w, k " + k);
            // Xᵀ·g and gᵀ·X: the strict order of the matrix product
            double[] xtg = x.t().matmul(g).toArray();
            assertBits(referenceProduct(x.t(), g.unsqueeze(1)), xtg, "Xᵀ·g, k " + k);
            assertBits(xtg, onScalar(() -> x.t().matmul(g).toArray()), "scalar Xᵀ·g, k " + k);
            assertBits(xtg, g.matmul(x).toArray(), "gᵀ·X, k " + k);
            // a strided vector is read in place or gathered, with the same result
            Tensor wide = fresh(rnd, k, 3);
            assertBits(x.matmul(wide.select(1, 1).contiguous()).toArray(), x.matmul(wide.select(1, 1)).toArray(),
                    "strided w, k " + k);
        }
    }

    @RepeatedTest(40)
    void elementwiseKernelsAgreeOnSpecialValuesViewsAndBroadcasts(RepetitionInfo info) {
        Random rnd = new Random(2000 + info.getCurrentRepetition());
        int rows = 1 + rnd.nextInt(5);
        int cols = 1 + rnd.nextInt(40);
        Tensor a = special(rnd, rows, cols);
        Tensor b = special(rnd, rows, cols);
        Tensor column = special(rnd, rows, 1);
        Tensor s = Tensor.scalar(rnd.nextBoolean() ? 0.0 : rnd.nextGaussian());
        Supplier<double[]> all = () -> concat(
                a.add(b), a.sub(b), a.mul(b), a.div(b), a.add(s), s.sub(a), a.mul(s), s.div(a), a.div(column),
                a.maximum(b), a.minimum(s), a.gt(b), a.le(s), a.eq(b), a.t().add(b.t()), a.narrow(1, 0, 1).mul(b),
                a.neg(), a.abs(), a.sqrt(), a.relu(), a.clamp(-0.5, 0.5), a.pow(2.0), a.exp(), a.sigmoid(), a.tanh(),
                a.t().relu(), a.expand(2, rows, cols).neg(),
                Fused.activationBackward(Fused.Activation.SIGMOID, b, a.sigmoid()),
                Fused.activationBackward(Fused.Activation.TANH, b, a.tanh()),
                Fused.activationBackward(Fused.Activation.RELU, b, a.relu()),
                Fused.activationBackward(Fused.Activation.RELU, s, a));
        assertBits(all.get(), onScalar(all), "elementwise " + rows + " x " + cols);
    }

    @RepeatedTest(30)
    void sumsFollowTheEightLaneOrderOnBothPaths(RepetitionInfo info) {
        Random rnd = new Random(3000 + info.getCurrentRepetition());
        int rows = 1 + rnd.nextInt(9);
        int cols = 1 + rnd.nextInt(70);
        Tensor x = fresh(rnd, rows, cols);
        double[] flat = x.toArray();
        assertEquals(Double.doubleToRawLongBits(referenceSum(flat)), Double.doubleToRawLongBits(x.sum().item()));
        double[] rowSums = x.sum(1, false).toArray();
        double[] colSums = x.sum(0, false).toArray();
        for (int i = 0; i < rows; i++) {
            assertEquals(Double.doubleToRawLongBits(referenceSum(Arrays.copyOfRange(flat, i * cols, (i + 1) * cols))),
                    Double.doubleToRawLongBits(rowSums[i]), "row " + i);
        }
        for (int j = 0; j < cols; j++) {
            double s = 0.0;
            for (int i = 0; i < rows; i++) {
                s += flat[i * cols + j];
            }
            assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(colSums[j]), "column " + j);
        }
        Supplier<double[]> all = () -> concat(x.sum(), x.sum(0, true), x.sum(1, false), x.mean(), x.mean(1, false),
                x.t().sum(), x.t().sum(1, false), x.softmax(1), x.logSoftmax(0));
        assertBits(all.get(), onScalar(all), "reductions " + rows + " x " + cols);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random rnd = new Random(5);
        Tensor a = fresh(rnd, 301, 270);
        Tensor b = fresh(rnd, 270, 205);
        Tensor x = fresh(rnd, 3000, 70);
        Tensor w = fresh(rnd, 70);
        Tensor g = fresh(rnd, 3000);
        Supplier<double[]> all = () -> concat(a.matmul(b), a.t().matmul(a), x.matmul(w), x.t().matmul(g));
        double[] one = all.get();
        try {
            Kernels.setNumThreads(2);
            assertBits(one, all.get(), "2 threads");
            Kernels.setNumThreads(3);
            assertBits(one, all.get(), "3 threads");
        } finally {
            Kernels.setNumThreads(1);
        }
        assertEquals(1, Kernels.numThreads());
    }

    // ---------------------------------------------------------------- the contract, naively

    /** C[i][j] = fma(A[i][k-1], B[k-1][j], … fma(A[i][0], B[0][j], +0.0)), except X·w's 8 lanes. */
    static double[] referenceProduct(Tensor a, Tensor b) {
        int n = a.shape[0];
        int k = a.shape[1];
        int m = b.shape[1];
        double[] c = new double[n * m];
        boolean dot = m == 1 && a.strides[1] == 1;
        double[] av = a.toArray();
        double[] bv = b.toArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                if (dot) {
                    c[i * m + j] = referenceDot(a.select(0, i), b.select(1, j));
                    continue;
                }
                double acc = 0.0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(av[i * k + p], bv[p * m + j], acc);
                }
                c[i * m + j] = acc;
            }
        }
        return c;
    }

    /** Lane l = p mod 8 accumulates fma in increasing p from +0.0; then the fixed tree. */
    static double referenceDot(Tensor x, Tensor w) {
        double[] lanes = new double[8];
        for (int p = 0; p < x.numel(); p++) {
            lanes[p % 8] = Math.fma(x.get(p), w.get(p), lanes[p % 8]);
        }
        return tree(lanes);
    }

    static double referenceSum(double[] v) {
        double[] lanes = new double[8];
        for (int i = 0; i < v.length; i++) {
            lanes[i % 8] += v[i];
        }
        return tree(lanes);
    }

    private static double tree(double[] l) {
        return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
    }

    // ---------------------------------------------------------------- operands

    /** An n×k matrix as one of: fresh, a transposed copy, a narrowed window, a row broadcast (stride 0). */
    private static Tensor randomMatrix(Random rnd, int n, int k) {
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> fresh(rnd, n, k);
            case 2 -> fresh(rnd, k, n).t();
            case 3 -> fresh(rnd, n + 3, k + 5).narrow(0, 2, n).narrow(1, 3, k);
            default -> fresh(rnd, 1, k).expand(n, k);
        };
    }

    private static String layout(Tensor t) {
        return Arrays.toString(t.strides);
    }

    static Tensor fresh(Random rnd, int... shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian() * Math.exp(3 * rnd.nextGaussian());
        }
        return Tensor.fromArray(v, shape);
    }

    /** Values with NaN, infinities, signed zeros and subnormals mixed in. */
    private static Tensor special(Random rnd, int rows, int cols) {
        double[] pool = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
            -Double.MIN_NORMAL / 3, 1.0, -1.0, 0.5};
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : rnd.nextGaussian();
        }
        return Tensor.fromArray(v, rows, cols);
    }

    static <T> T onScalar(Supplier<T> body) {
        return Kernels.withBackend(ScalarBackend.INSTANCE, body);
    }

    static double[] concat(Tensor... parts) {
        return Arrays.stream(parts).flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }

    static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
