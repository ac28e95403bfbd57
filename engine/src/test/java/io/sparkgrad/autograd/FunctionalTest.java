package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Functional} against closed forms, against each other, and PyTorch's output shapes. */
class FunctionalTest {
    static final double TOL = 1e-12;

    static final Tensor A = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, -6}});
    static final Tensor Q = Tensor.of(new double[][] {{2, 1, 0}, {-3, 1, 4}, {0.5, 2, -1}});

    /** A nonlinear map R^3 -> R^3: [sin(x0) x1, x0^2 + exp(x1), x0 x1 x2]. */
    static Tensor curve(Tensor x) {
        Tensor x0 = x.select(0, 0);
        Tensor x1 = x.select(0, 1);
        Tensor x2 = x.select(0, 2);
        return Tensor.stack(0, x0.sin().mul(x1), x0.pow(2.0).add(x1.exp()), x0.mul(x1).mul(x2));
    }

    static double[][] curveJacobian(double[] x) {
        return new double[][] {
            {Math.cos(x[0]) * x[1], Math.sin(x[0]), 0},
            {2 * x[0], Math.exp(x[1]), 0},
            {x[1] * x[2], x[0] * x[2], x[0] * x[1]}};
    }

    /** A scalar function R^3 -> R: sum(x^3) + x0 x1 + sin(x2) x0. */
    static Tensor bowl(Tensor x) {
        Tensor x0 = x.select(0, 0);
        Tensor x1 = x.select(0, 1);
        Tensor x2 = x.select(0, 2);
        return x.pow(3.0).sum().add(x0.mul(x1)).add(x2.sin().mul(x0));
    }

    static double[][] bowlHessian(double[] x) {
        return new double[][] {
            {6 * x[0], 1, Math.cos(x[2])},
            {1, 6 * x[1], 0},
            {Math.cos(x[2]), 0, 6 * x[2] - Math.sin(x[2]) * x[0]}};
    }

    static void assertClose(double[][] expected, Tensor actual) {
        assertArrayEquals(new int[] {expected.length, expected[0].length}, actual.shape());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.toArray2d()[i], TOL, "row " + i);
        }
    }

    static double[] matVec(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    static double[] vecMat(double[] v, double[][] m) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += v[i] * m[i][j];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- closed forms

    @Test
    void jacobianOfLinearMapIsItsMatrix() {
        Tensor x = Tensor.of(0.3, -0.7);
        Tensor jac = Functional.jacobian(v -> A.matmul(v), x);
        assertArrayEquals(new int[] {3, 2}, jac.shape());
        assertArrayEquals(A.toArray(), jac.toArray(), 0.0);
    }

    @Test
    void jacobianOfNonlinearMapMatchesClosedForm() {
        double[] x = {0.4, -0.2, 1.3};
        assertClose(curveJacobian(x), Functional.jacobian(FunctionalTest::curve, Tensor.of(x)));
    }

    @Test
    void hessianOfQuadraticFormIsAPlusATransposed() {
        Tensor x = Tensor.of(1.0, -2.0, 0.5);
        Tensor h = Functional.hessian(v -> v.matmul(Q.matmul(v)), x);
        assertArrayEquals(new int[] {3, 3}, h.shape());
        assertArrayEquals(Q.add(Q.t()).toArray(), h.toArray(), TOL);
    }

    @Test
    void hessianOfNonlinearFunctionMatchesClosedForm() {
        double[] x = {0.4, -0.2, 1.3};
        assertClose(bowlHessian(x), Functional.hessian(FunctionalTest::bowl, Tensor.of(x)));
    }

    @Test
    void hessianOfLinearFunctionIsZero() {
        Tensor h = Functional.hessian(v -> v.mul(Tensor.of(1.0, 2.0)).sum(), Tensor.of(3.0, 4.0));
        assertArrayEquals(new double[4], h.toArray(), 0.0);
    }

    // ---------------------------------------------------------------- products agree with the matrices

    @Test
    void vjpIsVTransposedTimesJacobian() {
        double[] x = {0.4, -0.2, 1.3};
        double[] v = {1.5, -0.5, 2.0};
        Functional.Result r = Functional.vjp(FunctionalTest::curve, Tensor.of(x), Tensor.of(v));
        assertArrayEquals(curve(Tensor.of(x)).toArray(), r.output().toArray(), 0.0);
        assertArrayEquals(vecMat(v, curveJacobian(x)), r.product().toArray(), TOL);
        Tensor jac = Functional.jacobian(FunctionalTest::curve, Tensor.of(x));
        assertArrayEquals(Tensor.of(v).matmul(jac).toArray(), r.product().toArray(), TOL);
    }

    @Test
    void jvpIsJacobianTimesV() {
        double[] x = {0.4, -0.2, 1.3};
        double[] v = {1.5, -0.5, 2.0};
        Functional.Result r = Functional.jvp(FunctionalTest::curve, Tensor.of(x), Tensor.of(v));
        assertArrayEquals(curve(Tensor.of(x)).toArray(), r.output().toArray(), 0.0);
        assertArrayEquals(matVec(curveJacobian(x), v), r.product().toArray(), TOL);
        Tensor jac = Functional.jacobian(FunctionalTest::curve, Tensor.of(x));
        assertArrayEquals(jac.matmul(Tensor.of(v)).toArray(), r.product().toArray(), TOL);
    }

    @Test
    void jvpOfLinearMapIsMatrixTimesV() {
        Functional.Result r = Functional.jvp(v -> A.matmul(v), Tensor.of(1.0, 1.0), Tensor.of(2.0, -1.0));
        assertArrayEquals(new double[] {0, 2, 16}, r.product().toArray(), TOL);
    }

    @Test
    void hvpAndVhpAreHessianTimesV() {
        double[] x = {0.4, -0.2, 1.3};
        double[] v = {1.5, -0.5, 2.0};
        double[] expected = matVec(bowlHessian(x), v);
        Functional.Result hvp = Functional.hvp(FunctionalTest::bowl, Tensor.of(x), Tensor.of(v));
        Functional.Result vhp = Functional.vhp(FunctionalTest::bowl, Tensor.of(x), Tensor.of(v));
        assertEquals(bowl(Tensor.of(x)).item(), hvp.output().item());
        assertArrayEquals(expected, hvp.product().toArray(), TOL);
        assertArrayEquals(expected, vhp.product().toArray(), TOL);
        Tensor h = Functional.hessian(FunctionalTest::bowl, Tensor.of(x));
        assertArrayEquals(h.matmul(Tensor.of(v)).toArray(), hvp.product().toArray(), TOL);
    }

    @Test
    void hvpOfQuadraticFormIsAPlusATransposedTimesV() {
        Tensor v = Tensor.of(1.0, 0.0, -1.0);
        Functional.Result r = Functional.hvp(x -> x.matmul(Q.matmul(x)), Tensor.of(0.2, 0.3, 0.4), v);
        assertArrayEquals(Q.add(Q.t()).matmul(v).toArray(), r.product().toArray(), TOL);
    }

    @Test
    void vjpOfScalarOutputWithoutVIsTheGradient() {
        double[] x = {0.4, -0.2, 1.3};
        Functional.Result r = Functional.vjp(FunctionalTest::bowl, Tensor.of(x));
        Tensor xs = Tensor.of(x).requiresGrad_(true);
        Tensor[] g = Autograd.grad(bowl(xs), xs);
        assertArrayEquals(g[0].toArray(), r.product().toArray(), 0.0);
    }

    // ---------------------------------------------------------------- createGraph

    @Test
    void jacobianWithCreateGraphCanBeDifferentiatedAgain() {
        // f(x) = x^3 elementwise: J = diag(3 x^2), sum(J) = sum(3 x^2), d/dx = 6 x
        Tensor x = Tensor.of(1.0, -2.0, 0.5).requiresGrad_(true);
        Tensor jac = Functional.jacobian(v -> v.pow(3.0), x, true);
        assertTrue(jac.requiresGrad());
        assertArrayEquals(new double[] {3, 0, 0, 0, 12, 0, 0, 0, 0.75}, jac.toArray(), TOL);
        jac.sum().backward();
        assertArrayEquals(new double[] {6, -12, 3}, x.grad().toArray(), TOL);
    }

    @Test
    void hessianWithCreateGraphGivesThirdDerivatives() {
        // f(x) = sum(x^4): H = diag(12 x^2); trace(H) differentiated is 24 x
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor h = Functional.hessian(v -> v.pow(4.0).sum(), x, true);
        Tensor[] g = Autograd.grad(h.select(0, 0).select(0, 0).add(h.select(0, 1).select(0, 1)), x);
        assertArrayEquals(new double[] {24, 48}, g[0].toArray(), TOL);
    }

    @Test
    void vjpWithCreateGraphIsDifferentiableInX() {
        // vjp of x^2 with v = 1 is 2x; its sum differentiated is 2
        Tensor x = Tensor.of(3.0, 4.0).requiresGrad_(true);
        Functional.Result r = Functional.vjp(v -> v.pow(2.0), x, Tensor.ones(2), true);
        assertTrue(r.product().requiresGrad());
        r.product().sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toArray(), TOL);
    }

    @Test
    void resultsAreDetachedWithoutCreateGraphAndInputsUntouched() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor jac = Functional.jacobian(FunctionalTest::curve, x);
        Functional.Result r = Functional.jvp(FunctionalTest::curve, x, Tensor.ones(3));
        Tensor h = Functional.hessian(FunctionalTest::bowl, x);
        assertFalse(jac.requiresGrad());
        assertFalse(r.output().requiresGrad());
        assertFalse(r.product().requiresGrad());
        assertFalse(h.requiresGrad());
        assertNull(x.grad());
    }

    @Test
    void worksUnderNoGrad() {
        try (var off = GradMode.noGrad()) {
            Tensor jac = Functional.jacobian(v -> A.matmul(v), Tensor.of(1.0, 1.0));
            assertArrayEquals(A.toArray(), jac.toArray(), 0.0);
            assertFalse(GradMode.isEnabled());
        }
    }

    // ---------------------------------------------------------------- independence and errors

    @Test
    void outputIndependentOfInputGivesZeros() {
        Tensor c = Tensor.of(1.0, 2.0);
        Tensor jac = Functional.jacobian(v -> c.mul(2.0), Tensor.of(5.0, 6.0, 7.0));
        assertArrayEquals(new int[] {2, 3}, jac.shape());
        assertArrayEquals(new double[6], jac.toArray(), 0.0);
        Tensor partly = Functional.jacobian(v -> v.select(0, 0).mul(2.0), Tensor.of(5.0, 6.0));
        assertArrayEquals(new double[] {2, 0}, partly.toArray(), 0.0);
        assertArrayEquals(new double[2], Functional.jvp(v -> c, Tensor.of(1.0), Tensor.of(1.0)).product().toArray());
        assertArrayEquals(new double[2],
                Functional.hvp(v -> c.sum(), Tensor.of(1.0, 2.0), Tensor.of(1.0, 1.0)).product().toArray());
    }

    @Test
    void hessianOfNonScalarFunctionIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.hessian(v -> v.mul(2.0), Tensor.of(1.0, 2.0)));
        assertTrue(e.getMessage().contains("should contain a single element"), e.getMessage());
    }

    @Test
    void vectorOfWrongShapeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.vjp(FunctionalTest::curve, Tensor.of(1.0, 2.0, 3.0), Tensor.ones(2)));
        assertTrue(e.getMessage().contains("v has shape [2] but the output has shape [3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.vjp(FunctionalTest::curve, Tensor.ones(3)));
    }

    // ---------------------------------------------------------------- shapes

    static List<int[]> shapes() {
        return List.of(new int[] {}, new int[] {4}, new int[] {2, 3});
    }

    /** An elementwise-then-reshaped map from shape {@code in} to shape {@code out}, depending on every input. */
    static Function<Tensor, Tensor> mapTo(int[] out) {
        return x -> {
            int n = 1;
            for (int s : out) {
                n *= s;
            }
            Tensor total = x.sin().sum();
            Tensor rows = Tensor.arange(n).add(1.0).mul(total);
            return rows.reshape(out);
        };
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void jacobianShapeIsOutputShapeThenInputShape() {
        Generator gen = new Generator(7);
        for (int[] in : shapes()) {
            for (int[] out : shapes()) {
                Tensor x = Tensor.randn(gen, in);
                Tensor jac = Functional.jacobian(mapTo(out), x);
                assertArrayEquals(concat(out, in), jac.shape(),
                        "jacobian of " + java.util.Arrays.toString(out) + " w.r.t. " + java.util.Arrays.toString(in));
                // d/dx_j of (k + 1) * sum(sin x) is (k + 1) cos(x_j)
                double[] cos = x.cos().toArray();
                double[] flat = jac.toArray();
                for (int k = 0; k < flat.length / cos.length; k++) {
                    for (int j = 0; j < cos.length; j++) {
                        assertEquals((k + 1) * cos[j], flat[k * cos.length + j], TOL);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void hessianShapeIsInputShapeTwice(int[] in) {
        Tensor x = Tensor.randn(new Generator(3), in).mul(0.5);
        Tensor h = Functional.hessian(v -> v.pow(3.0).sum(), x);
        assertArrayEquals(concat(in, in), h.shape());
        // H = diag(6 x)
        double[] xs = x.toArray();
        double[] flat = h.toArray();
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                assertEquals(i == j ? 6 * xs[i] : 0.0, flat[i * xs.length + j], TOL);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void productsHaveThePyTorchShapes(int[] in) {
        Tensor x = Tensor.randn(new Generator(5), in);
        Function<Tensor, Tensor> f = mapTo(new int[] {2, 2});
        assertArrayEquals(in, Functional.vjp(f, x, Tensor.ones(2, 2)).product().shape());
        assertArrayEquals(new int[] {2, 2}, Functional.jvp(f, x, Tensor.ones(in)).product().shape());
        assertArrayEquals(in, Functional.hvp(v -> v.pow(3.0).sum(), x, Tensor.ones(in)).product().shape());
        assertArrayEquals(in, Functional.vhp(v -> v.pow(3.0).sum(), x, Tensor.ones(in)).product().shape());
    }

    @Test
    void scalarToScalarJacobianIsAScalar() {
        Tensor jac = Functional.jacobian(v -> v.pow(2.0), Tensor.scalar(3.0));
        assertArrayEquals(new int[] {}, jac.shape());
        assertEquals(6.0, jac.item());
        assertEquals(2.0, Functional.hessian(v -> v.pow(2.0), Tensor.scalar(3.0)).item(), TOL);
        assertEquals(6.0, Functional.jvp(v -> v.pow(2.0), Tensor.scalar(3.0)).product().item(), TOL);
    }

    @Test
    void multiInputJacobianGivesOneBlockPerInput() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(5.0, 6.0);
        List<Tensor> jacs = Functional.jacobian(in -> in.get(0).matmul(in.get(1)), List.of(a, b), false);
        assertArrayEquals(new int[] {2, 2, 2}, jacs.get(0).shape());
        assertArrayEquals(new int[] {2, 2}, jacs.get(1).shape());
        // d(a b)_i / d a_jk = [i == j] b_k ; d(a b)_i / d b_k = a_ik
        assertArrayEquals(new double[] {5, 6, 0, 0, 0, 0, 5, 6}, jacs.get(0).toArray(), 0.0);
        assertArrayEquals(a.toArray(), jacs.get(1).toArray(), 0.0);
    }
}
