package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** gradcheck and gradgradcheck catch wrong derivatives and say where they are wrong. */
class GradCheckTest {

    @Test
    void gradcheckFailsOnADoubledGradientNamingTheInputAndElement() {
        Tensor a = Tensor.of(0.5, -1.0, 2.0).requiresGrad_(true);
        Tensor b = Tensor.of(1.5, 0.25, -0.75).requiresGrad_(true);
        b.registerHook(g -> g.mul(2.0));

        GradCheck.GradcheckError e = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradcheck(x -> x[0].mul(x[1]), a, b));

        // d(a*b)/db[0] = a[0] = 0.5 numerically; the hook makes autograd report 1.0
        assertTrue(e.getMessage().contains("with respect to input 1 at input element 0, output element 0"),
                e.getMessage());
        assertTrue(e.getMessage().contains("numerical 0.5000000000"), e.getMessage());
        assertTrue(e.getMessage().contains("analytical 1.000000000"), e.getMessage());
    }

    @Test
    void gradgradcheckFailsWhenOnlyTheSecondDerivativeIsWrong() {
        // a hook that detaches the incoming gradient v of z keeps first derivatives right but cuts
        // v out of the backward graph: d(2 y v)/dv comes out 0 instead of 2y. gradgradcheck's
        // inputs are (x, v), so the mismatch is reported for input 1
        java.util.function.Function<Tensor[], Tensor> fn = t -> {
            Tensor y = t[0].mul(1.0);
            Tensor z = y.mul(y);
            if (z.requiresGrad()) {  // gradgradcheck first runs fn under noGrad for the shape
                z.registerHook(Tensor::detach);
            }
            return z;
        };
        Tensor x = Tensor.of(0.5, 1.5).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(fn, x));

        GradCheck.GradcheckError e = assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradgradcheck(fn, x));
        assertTrue(e.getMessage().startsWith("second-order Jacobian mismatch for output 0 with respect to input 1"),
                e.getMessage());
    }

    @Test
    void gradcheckUsesPyTorchsDefaultTolerances() {
        assertEquals(1e-6, GradCheck.DEFAULT_EPS);
        assertEquals(1e-5, GradCheck.DEFAULT_ATOL);
        assertEquals(1e-3, GradCheck.DEFAULT_RTOL);
    }

    @Test
    void gradcheckRejectsNonContiguousInputs() {
        Tensor x = Tensor.ones(2, 3).t().requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.gradcheck(t -> t[0].sum(), x));
        assertTrue(e.getMessage().contains("must be contiguous"), e.getMessage());
    }
}
