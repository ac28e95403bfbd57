package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class ErfTest {
    /** Reference values from Python's math.erf (the C library's erf, within 1 ulp), printed with repr. */
    private static final double[][] KNOWN = {
        {0.0, 0.0},
        {1e-10, 1.1283791670955126e-10},
        {0.1, 0.1124629160182849},
        {0.25, 0.2763263901682369},
        {0.46875, 0.49261347321793797},
        {0.5, 0.5204998778130465},
        {-0.75, -0.7111556336535151},
        {1.0, 0.8427007929497149},
        {1.5, 0.9661051464753108},
        {2.0, 0.9953222650189527},
        {3.0, 0.9999779095030014},
        {4.5, 0.9999999998033839},
        {6.0, 1.0},
        {30.0, 1.0},
    };

    @Test
    void erfMatchesKnownValuesToAFewUlps() {
        for (double[] row : KNOWN) {
            double got = Tensor.scalar(row[0]).erf().item();
            assertEquals(row[1], got, 4 * Math.ulp(row[1]), "erf(" + row[0] + ")");
        }
    }

    @Test
    void erfIsOddAndSaturatesAtInfinity() {
        for (double x : new double[] {0.3, 0.46875, 0.9, 2.5, 4.0, 7.0}) {
            assertEquals(-Tensor.scalar(x).erf().item(), Tensor.scalar(-x).erf().item(), 0.0, "erf(-" + x + ")");
        }
        assertEquals(1.0, Tensor.scalar(Double.POSITIVE_INFINITY).erf().item());
        assertEquals(-1.0, Tensor.scalar(Double.NEGATIVE_INFINITY).erf().item());
        assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).erf().item()));
    }

    @Test
    void erfGradientIsTwoOverSqrtPiTimesGaussianToAnyOrder() {
        Tensor x = Tensor.of(-2.0, -0.4, 0.3, 1.2, 3.5).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> in[0].erf(), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].erf(), x));
        Tensor g = Autograd.grad(x.erf().sum(), x)[0];
        double[] xs = x.toArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-xs[i] * xs[i]), g.get(i), 1e-16);
        }
        assertEquals("ErfBackward", x.erf().gradFn());
    }
}
