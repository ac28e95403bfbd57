package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.nn.F;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A factorization machine's fused pairwise term: the documented summation order bit for bit (so
 * every kernel path, which Maven runs this on, gives the same bits), Rendle's Σ_{j<l} definition
 * to rounding, dense rows equal to their CSR form, and a factor gradient that leaves the rows of
 * absent features untouched.
 */
class FactorInteractionsTest {

    private static Tensor sparseDense(SplittableRandom rng, int rows, int cols, double density) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            if (rng.nextDouble() < density) {
                d[i] = rng.nextDouble(-3, 3) * (rng.nextInt(10) == 0 ? 1e4 : 1);
            }
        }
        return Tensor.fromArray(d, rows, cols);
    }

    private static Tensor dense(SplittableRandom rng, int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return Tensor.fromArray(d, shape);
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    /** The order KERNELS.md writes down, element by element over the dense rows, skipping zeros. */
    private static double[][] documentedOrder(double[] x, double[] v, double[] g, int n, int d, int k) {
        double[] p = new double[n * k];
        double[] s = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                double sum = 0.0;
                double sq = 0.0;
                for (int j = 0; j < d; j++) {
                    double xv = x[i * d + j];
                    if (xv != 0.0) {
                        double t = xv * v[j * k + f];
                        sum += t;
                        sq = Math.fma(t, t, sq);
                    }
                }
                s[i * k + f] = sum;
                p[i * k + f] = 0.5 * Math.fma(sum, sum, -sq);
            }
        }
        double[] dv = new double[d * k];
        for (int j = 0; j < d; j++) {
            for (int f = 0; f < k; f++) {
                double acc = 0.0;
                for (int i = 0; i < n; i++) {
                    double xv = x[i * d + j];
                    if (xv != 0.0) {
                        acc = Math.fma(g[i * k + f] * xv, s[i * k + f] - xv * v[j * k + f], acc);
                    }
                }
                dv[j * k + f] = acc;
            }
        }
        return new double[][] {p, dv};
    }

    @ParameterizedTest(name = "{0} x {1} by {2} factors, density {3}")
    @CsvSource({"1, 1, 1, 1.0", "7, 13, 4, 0.3", "64, 100, 8, 0.05", "33, 40, 3, 0.2", "16, 9, 16, 0.9", "5, 17, 2, 0.0"})
    void valuesAndFactorGradientFollowTheDocumentedOrderBitForBit(int n, int d, int k, double density) {
        SplittableRandom rng = new SplittableRandom(n * 31L + d * 7L + k);
        Tensor x = sparseDense(rng, n, d, density);
        Tensor v = dense(rng, d, k).requiresGrad_(true);
        Tensor g = dense(rng, n, k);
        SparseMatrix csr = SparseMatrix.fromDense(x);
        Tensor p = F.factorInteractions(csr, v);
        Tensor dv = Autograd.grad(List.of(p), List.of(v), Autograd.options().gradOutputs(g))[0];
        double[][] expected = documentedOrder(x.toArray(), v.toArray(), g.toArray(), n, d, k);
        assertBits(expected[0], p.toArray(), "pairwise terms");
        assertBits(expected[1], dv.toArray(), "factor gradient");

        Tensor vd = v.detach().requiresGrad_(true);
        Tensor pd = F.factorInteractions(x, vd);
        Tensor dvd = Autograd.grad(List.of(pd), List.of(vd), Autograd.options().gradOutputs(g))[0];
        assertBits(p.toArray(), pd.toArray(), "dense rows against their CSR form");
        assertBits(dv.toArray(), dvd.toArray(), "dense rows' factor gradient against the CSR one");
    }

    @Test
    void theSumOverFactorsIsRendlesPairwiseInteraction() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 12;
        int d = 20;
        int k = 5;
        Tensor x = sparseDense(rng, n, d, 0.4);
        Tensor v = dense(rng, d, k);
        double[] y = F.factorInteractions(SparseMatrix.fromDense(x), v).sum(1, false).toArray();
        double[] xs = x.toArray();
        double[] vs = v.toArray();
        for (int i = 0; i < n; i++) {
            double naive = 0.0;
            double scale = 0.0;
            for (int j = 0; j < d; j++) {
                for (int l = j + 1; l < d; l++) {
                    double dot = 0.0;
                    for (int f = 0; f < k; f++) {
                        dot += vs[j * k + f] * vs[l * k + f];
                    }
                    naive += dot * xs[i * d + j] * xs[i * d + l];
                    scale += Math.abs(dot * xs[i * d + j] * xs[i * d + l]);
                }
            }
            assertEquals(naive, y[i], 1e-12 * Math.max(scale, 1.0), "row " + i);
        }
    }

    @Test
    void theFactorGradientIsZeroInTheRowsOfFeaturesNoRowStoresAndMatchesTheComposition() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 9;
        int d = 30;
        int k = 4;
        double[] xd = sparseDense(rng, n, d, 0.3).toArray();
        for (int i = 0; i < n; i++) {
            xd[i * d + 7] = 0.0;   // feature 7 and the last stored by no row
            xd[i * d + d - 1] = 0.0;
        }
        Tensor x = Tensor.fromArray(xd, n, d);
        Tensor v = dense(rng, d, k).requiresGrad_(true);
        F.factorInteractions(SparseMatrix.fromDense(x), v).sum().backward();
        double[] dv = v.grad().toArray();
        for (int f = 0; f < k; f++) {
            assertEquals(0L, Double.doubleToRawLongBits(dv[7 * k + f]), "feature 7, factor " + f);
            assertEquals(0L, Double.doubleToRawLongBits(dv[(d - 1) * k + f]), "the last feature, factor " + f);
        }
        // the same function written with plain ops: ½[(x·v)² − x²·v²]
        Tensor vc = v.detach().requiresGrad_(true);
        Tensor s = x.matmul(vc);
        s.mul(s).sub(x.mul(x).matmul(vc.mul(vc))).mul(0.5).sum().backward();
        double[] expected = vc.grad().toArray();
        for (int i = 0; i < dv.length; i++) {
            assertEquals(expected[i], dv[i], 1e-9 * Math.max(1.0, Math.abs(expected[i])), "dv[" + i + "]");
        }
    }

    @Test
    void denseRowsThatRequireGradGetTheCompositionsGradient() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = dense(rng, 4, 6).requiresGrad_(true);
        Tensor v = dense(rng, 6, 3).requiresGrad_(true);
        Tensor[] fused = Autograd.grad(F.factorInteractions(x, v).sum(), x, v);
        Tensor xc = x.detach().requiresGrad_(true);
        Tensor vc = v.detach().requiresGrad_(true);
        Tensor s = xc.matmul(vc);
        Tensor[] plain = Autograd.grad(s.mul(s).sub(xc.mul(xc).matmul(vc.mul(vc))).mul(0.5).sum(), xc, vc);
        for (int t = 0; t < 2; t++) {
            double[] e = plain[t].toArray();
            double[] a = fused[t].toArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-12, (t == 0 ? "dx" : "dv") + "[" + i + "]");
            }
        }
    }

    @Test
    void theNodeIsNamedAndWrongShapesAreNamed() {
        SparseMatrix x = SparseMatrix.fromDense(Tensor.of(new double[][] {{1, 0, 2}, {0, 3, 0}}));
        Tensor v = Tensor.ones(3, 2).requiresGrad_(true);
        Tensor p = F.factorInteractions(x, v);
        assertEquals("FactorInteractionsBackward", p.gradFn());
        assertArrayEquals(new double[] {2, 2, 0, 0}, p.toArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.factorInteractions(x, Tensor.ones(4, 2)));
        assertTrue(e.getMessage().contains("factorInteractions: expected rows [2, 3] and factors [3, k], got factors [4, 2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.factorInteractions(Tensor.ones(3), Tensor.ones(3, 2)));
        assertTrue(e.getMessage().contains("expected rows [n, d] and factors [d, k], got [3] and [3, 2]"), e.getMessage());
    }

    /** Blocks that store different features: the first and last few columns by none, some by one block only. */
    private static Tensor[] blocks(SplittableRandom rng, int count, int n, int d) {
        Tensor[] out = new Tensor[count];
        for (int b = 0; b < count; b++) {
            double[] xd = sparseDense(rng, n, d, 0.15).toArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    if (j < 3 || j >= d - 2 || (j % count == b && j % 5 == 0)) {
                        xd[i * d + j] = j % count == b && j % 5 == 0 && j >= 3 && j < d - 2 && i % 2 == 0 ? 2.5 : 0.0;
                    }
                }
            }
            out[b] = Tensor.fromArray(xd, n, d);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} blocks of {1} x {2} by {3} factors")
    @CsvSource({"1, 8, 40, 4", "4, 16, 60, 8", "3, 5, 25, 3"})
    void backwardAddsEachBlocksRowsIntoTheGradWithTheDenseSumsBits(int count, int n, int d, int k) {
        SplittableRandom rng = new SplittableRandom(count * 131L + n + d + k);
        Tensor[] xs = blocks(rng, count, n, d);
        Tensor v = dense(rng, d, k).requiresGrad_(true);
        Tensor w = dense(rng, k);
        // today's sum: each block's full [d, k] gradient, added in block order (the first one as is)
        double[] expected = null;
        for (Tensor x : xs) {
            Tensor vc = v.detach().requiresGrad_(true);
            double[] dv = Autograd.grad(F.factorInteractions(SparseMatrix.fromDense(x), vc).mul(w).sum(), vc)[0].toArray();
            if (expected == null) {
                expected = dv;
            } else {
                for (int i = 0; i < dv.length; i++) {
                    expected[i] += dv[i];
                }
            }
        }
        for (Tensor x : xs) {
            F.factorInteractions(SparseMatrix.fromDense(x), v).mul(w).sum().backward();
        }
        assertBits(expected, v.grad().toArray(), "CSR blocks' accumulated factor gradient");
        for (int f = 0; f < k; f++) {
            assertEquals(0L, Double.doubleToRawLongBits(v.grad().toArray()[f]), "a feature no block stores");
        }
        // dense rows (x a constant) take the same path and give the same bits
        Tensor vd = v.detach().requiresGrad_(true);
        for (Tensor x : xs) {
            F.factorInteractions(x, vd).mul(w).sum().backward();
        }
        assertBits(expected, vd.grad().toArray(), "dense blocks' accumulated factor gradient");
    }

    @Test
    void backwardWritesOnlyTheRowsOfFeaturesTheBlockStores() {
        // a .grad of −0.0 shows which rows were written: x + +0.0 would turn −0.0 into +0.0
        SplittableRandom rng = new SplittableRandom(23);
        int n = 6;
        int d = 50;
        int k = 3;
        Tensor x = blocks(rng, 1, n, d)[0];
        Tensor v = dense(rng, d, k).requiresGrad_(true);
        double[] minusZero = new double[d * k];
        java.util.Arrays.fill(minusZero, -0.0);
        Tensor grad = Tensor.fromArray(minusZero, d, k);
        v.setGrad(grad);
        F.factorInteractions(SparseMatrix.fromDense(x), v).sum().backward();
        assertTrue(v.grad() == grad, "the gradient is added into the existing .grad");
        double[] got = v.grad().toArray();
        double[] xd = x.toArray();
        Tensor vc = v.detach().requiresGrad_(true);
        double[] dense = Autograd.grad(F.factorInteractions(SparseMatrix.fromDense(x), vc).sum(), vc)[0].toArray();
        int untouched = 0;
        for (int j = 0; j < d; j++) {
            boolean stored = false;
            for (int i = 0; i < n; i++) {
                stored |= xd[i * d + j] != 0.0;
            }
            untouched += stored ? 0 : 1;
            for (int f = 0; f < k; f++) {
                double expected = stored ? -0.0 + dense[j * k + f] : -0.0;
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got[j * k + f]),
                        "feature " + j + " (stored: " + stored + "), factor " + f);
            }
        }
        assertTrue(untouched >= 5, "the test needs features no row stores, got " + untouched);
    }

    @Test
    void factorsUsedTwiceOrHookedGetTheWholeGradient() {
        SplittableRandom rng = new SplittableRandom(29);
        Tensor[] xs = blocks(rng, 2, 7, 30);
        Tensor v = dense(rng, 30, 4).requiresGrad_(true);
        Tensor vc = v.detach().requiresGrad_(true);
        // v feeds two nodes of one graph: the engine sums both before the leaf, as for any op
        F.factorInteractions(SparseMatrix.fromDense(xs[0]), v).add(F.factorInteractions(SparseMatrix.fromDense(xs[1]), v))
                .sum().backward();
        Tensor[] parts = {Autograd.grad(F.factorInteractions(SparseMatrix.fromDense(xs[0]), vc).sum(), vc)[0],
            Autograd.grad(F.factorInteractions(SparseMatrix.fromDense(xs[1]), vc).sum(), vc)[0]};
        assertBits(parts[1].add(parts[0]).toArray(), v.grad().toArray(), "two uses of v in one graph");
        // a hook on the leaf sees the block's whole gradient, of v's shape
        Tensor vh = v.detach().requiresGrad_(true);
        double[][] seen = new double[1][];
        vh.registerHook(gr -> {
            seen[0] = gr.toArray();
            return null;
        });
        F.factorInteractions(SparseMatrix.fromDense(xs[0]), vh).sum().backward();
        assertBits(parts[0].toArray(), seen[0], "what the hook saw");
        assertBits(parts[0].toArray(), vh.grad().toArray(), "the hooked leaf's gradient");
    }
}
