package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlatVectorsTest {

    private static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-3, 4));
        }
        return x;
    }

    private static double sequential(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s = Math.fma(a[i], b[i], s);
        }
        return s;
    }

    @Test
    void shortVectorsSumInOrderAsBlasDdot() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n = 0; n < 16; n++) {
            double[] a = random(r, n);
            double[] b = random(r, n);
            assertEquals(Double.doubleToRawLongBits(sequential(a, b)), Double.doubleToRawLongBits(FlatVectors.dot(a, b)),
                    "n = " + n);
        }
    }

    @Test
    void longVectorsFollowTheEngineDotOrder() {
        SplittableRandom r = new SplittableRandom(5);
        boolean differsFromSequential = false;
        for (int n : new int[] {16, 17, 23, 64, 1001, 1 << 16}) {
            double[] a = random(r, n);
            double[] b = random(r, n);
            // a contiguous [1 x n] times [n x 1]: the dot order of KERNELS.md, on whichever kernel path runs
            double engine = Tensor.wrap(a, 1, n).matmul(Tensor.wrap(b, n, 1)).toArray()[0];
            double dot = FlatVectors.dot(a, b);
            assertEquals(Double.doubleToRawLongBits(engine), Double.doubleToRawLongBits(dot), "n = " + n);
            differsFromSequential |= dot != sequential(a, b);
        }
        assertTrue(differsFromSequential, "the lanes change the rounding somewhere, or the test proves nothing");
    }
}
