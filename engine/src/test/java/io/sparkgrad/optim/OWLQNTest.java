package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OWL-QN reaches the l1-penalised optimum with exact zeros: against the soft-threshold closed form
 * of a separable quadratic, and against coordinate descent (an independent method) on a lasso
 * with a correlated design; its state resumes bit for bit.
 */
class OWLQNTest {

    /** ½ Σ hᵢ (wᵢ − aᵢ)², separable: the lasso optimum is the soft threshold sign(aᵢ)·max(|aᵢ| − λ/hᵢ, 0). */
    @Test
    void separableQuadraticReachesTheSoftThresholdWithExactZeros() {
        double[] h = {1.0, 2.0, 0.5, 4.0, 1.5, 3.0};
        double[] a = {3.0, -0.2, 0.4, -2.5, 0.05, 1.0};
        double lambda = 0.5;
        Tensor w = Tensor.zeros(6).requiresGrad_(true);
        Tensor hh = Tensor.of(h);
        Tensor aa = Tensor.of(a);
        OWLQN opt = new OWLQN(List.of(w), OWLQN.options().l1(lambda).tolerance(0).toleranceGrad(1e-13).maxIter(200));
        opt.step(() -> {
            opt.zeroGrad();
            Tensor l = w.sub(aa).pow(2.0).mul(hh).sum().mul(0.5);
            l.backward();
            return l;
        });
        double[] got = w.toArray();
        for (int i = 0; i < h.length; i++) {
            double expected = Math.signum(a[i]) * Math.max(Math.abs(a[i]) - lambda / h[i], 0);
            if (expected == 0) {
                assertEquals(0.0, got[i], 0.0, "element " + i + " must be exactly zero");
            } else {
                assertEquals(expected, got[i], 1e-9, "element " + i + " " + opt.lastStep());
            }
        }
        assertTrue(opt.lastStep().stopReason().converged(), opt.lastStep().toString());
        // a = {3, -0.2, 0.4, -2.5, 0.05, 1}: elements 1, 2 and 4 are thresholded to 0
        assertEquals(3, java.util.Arrays.stream(got).filter(v -> v == 0.0).count());
    }

    /** A fixed correlated design X [40, 8] and targets y, of which the lasso keeps some coefficients. */
    private static double[][] design() {
        Generator g = new Generator(7);
        double[] base = Tensor.randn(g, 40, 8).toArray();
        double[] common = Tensor.randn(g, 40).toArray();
        double[][] x = new double[40][8];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = base[i * 8 + j] + 0.5 * common[i];
            }
        }
        return x;
    }

    private static double[] targets(double[][] x) {
        double[] beta = {2.0, 0.0, -1.0, 0.0, 0.3, 0.0, 0.0, 1.5};
        double[] noise = Tensor.randn(new Generator(8), 40).toArray();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 8; j++) {
                y[i] += x[i][j] * beta[j];
            }
            y[i] += 0.3 * noise[i];
        }
        return y;
    }

    /** Cyclic coordinate descent for (1/2n)‖y − Xw‖² + λ‖w‖₁, run to a fixed point (the independent reference). */
    private static double[] coordinateDescent(double[][] x, double[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] w = new double[d];
        double[] r = y.clone();
        for (int sweep = 0; sweep < 100_000; sweep++) {
            double change = 0;
            for (int j = 0; j < d; j++) {
                double xx = 0;
                double xr = 0;
                for (int i = 0; i < n; i++) {
                    xx += x[i][j] * x[i][j];
                    xr += x[i][j] * (r[i] + x[i][j] * w[j]);
                }
                xx /= n;
                xr /= n;
                double next = Math.signum(xr) * Math.max(Math.abs(xr) - lambda, 0) / xx;
                for (int i = 0; i < n; i++) {
                    r[i] -= x[i][j] * (next - w[j]);
                }
                change = Math.max(change, Math.abs(next - w[j]));
                w[j] = next;
            }
            if (change < 1e-15) {
                break;
            }
        }
        return w;
    }

    private static Closure lassoClosure(Optimizer opt, Tensor w, Tensor x, Tensor y) {
        return () -> {
            opt.zeroGrad();
            Tensor l = x.matmul(w).sub(y).pow(2.0).mean().mul(0.5);
            l.backward();
            return l;
        };
    }

    @Test
    void lassoOnACorrelatedDesignMatchesCoordinateDescentZeroForZero() {
        double[][] xs = design();
        double[] ys = targets(xs);
        double lambda = 0.25;
        double[] reference = coordinateDescent(xs, ys, lambda);
        Tensor x = Tensor.of(xs);
        Tensor y = Tensor.of(ys);
        Tensor w = Tensor.zeros(8).requiresGrad_(true);
        OWLQN opt = new OWLQN(List.of(w), OWLQN.options().l1(lambda).tolerance(0).toleranceGrad(1e-13).maxIter(500));
        opt.step(lassoClosure(opt, w, x, y));
        double[] got = w.toArray();
        int zeros = 0;
        for (int j = 0; j < 8; j++) {
            if (reference[j] == 0) {
                zeros++;
                assertEquals(0.0, got[j], 0.0, "coefficient " + j + " must be exactly zero, as coordinate descent's");
            } else {
                assertEquals(reference[j], got[j], 1e-9, "coefficient " + j + " " + opt.lastStep());
            }
        }
        assertTrue(zeros >= 2 && zeros <= 6, "the case must keep some coefficients and drop others: " + zeros + " zeros");
        // optimality: the pseudo-gradient vanishes at the optimum
        opt.zeroGrad();
        Tensor l = x.matmul(w).sub(y).pow(2.0).mean().mul(0.5);
        l.backward();
        double[] pg = opt.pseudoGradient(got, w.grad().toArray());
        for (double v : pg) {
            assertEquals(0.0, v, 1e-10);
        }
    }

    @Test
    void anUnpenalisedBiasMovesFreelyWhileTheWeightIsThresholded() {
        // ½ (w − 0.3)² + ½ (b − 5)² + 1·|w|: w is cut to 0, b reaches 5
        Tensor w = Tensor.scalar(0.0).requiresGrad_(true);
        Tensor b = Tensor.scalar(0.0).requiresGrad_(true);
        OWLQN opt = new OWLQN(List.of(w, b), OWLQN.options().l1PerParameter(1.0, 0.0).tolerance(0).toleranceGrad(1e-13).maxIter(100));
        opt.step(() -> {
            opt.zeroGrad();
            Tensor l = w.sub(0.3).pow(2.0).mul(0.5).add(b.sub(5.0).pow(2.0).mul(0.5));
            l.backward();
            return l;
        });
        assertEquals(0.0, w.item(), 0.0);
        assertEquals(5.0, b.item(), 1e-9, opt.lastStep().toString());
        assertArrayEquals(new double[] {1.0, 0.0}, opt.l1());
    }

    /**
     * Without l1 it minimises a smooth function, though slowly where the l1 term is 0: Breeze's line
     * search takes the start's f without the l1 term as the first trial's value, so with no l1 term
     * the first trial always fails its Armijo test and the step is halved (kept, as MLlib runs it).
     */
    @Test
    void withoutL1ItMinimisesASmoothFunction() {
        Tensor w = Tensor.of(-1.2, 1.0).requiresGrad_(true);
        Tensor a = Tensor.of(1.0, -2.0);
        Tensor h = Tensor.of(3.0, 1.0);
        OWLQN opt = new OWLQN(List.of(w), OWLQN.options().tolerance(0).toleranceGrad(1e-12).maxIter(500));
        opt.step(() -> {
            opt.zeroGrad();
            Tensor d = w.sub(a);
            Tensor l = d.pow(2.0).mul(h).sum().add(d.select(0, 0).mul(d.select(0, 1)));
            l.backward();
            return l;
        });
        assertArrayEquals(new double[] {1.0, -2.0}, w.toArray(), 1e-11, opt.lastStep().toString());
        assertEquals(OWLQN.StopReason.GRADIENT_CONVERGED, opt.lastStep().stopReason());
    }

    private static byte[] bytes(OptimizerState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        return out.toByteArray();
    }

    @Test
    void aRunResumedFromTheStateFileContinuesBitForBit() throws IOException {
        double[][] xs = design();
        Tensor x = Tensor.of(xs);
        Tensor y = Tensor.of(targets(xs));
        OWLQN.Options options = OWLQN.options().l1(0.25).maxIter(1).tolerance(0).toleranceGrad(0);
        Tensor whole = Tensor.zeros(8).requiresGrad_(true);
        OWLQN straight = new OWLQN(List.of(whole), options);
        for (int i = 0; i < 12; i++) {
            straight.step(lassoClosure(straight, whole, x, y));
        }

        Tensor first = Tensor.zeros(8).requiresGrad_(true);
        OWLQN before = new OWLQN(List.of(first), options);
        for (int i = 0; i < 5; i++) {
            before.step(lassoClosure(before, first, x, y));
        }
        byte[] saved = bytes(before.state());
        OptimizerState loaded = OptimizerState.read(new ByteArrayInputStream(saved));
        assertEquals(before.state(), loaded);
        assertTrue(loaded.globalNames().contains("mem_step.0"), loaded.globalNames().toString());
        Tensor second = first.detach().clone().requiresGrad_(true);
        OWLQN after = new OWLQN(List.of(second), OWLQN.options().l1(0.25));
        after.loadState(loaded);
        assertEquals(before.historyLength(), after.historyLength());
        for (int i = 0; i < 7; i++) {
            after.step(lassoClosure(after, second, x, y));
        }
        assertEquals(straight.iterations(), after.iterations());
        double[] a = whole.toArray();
        double[] b = second.toArray();
        for (int j = 0; j < a.length; j++) {
            assertEquals(Double.doubleToRawLongBits(a[j]), Double.doubleToRawLongBits(b[j]), "element " + j);
        }
        assertEquals(straight.state(), after.state());
    }

    @Test
    void badSettingsAndStatesAreRefusedNamingTheProblem() throws IOException {
        Tensor w = Tensor.zeros(3).requiresGrad_(true);
        Tensor b = Tensor.zeros(1).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OWLQN(List.of(w, b), OWLQN.options().l1PerParameter(0.1)));
        assertTrue(e.getMessage().contains("1 values for 2 parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OWLQN(List.of(w), OWLQN.options().l1(-1)));
        assertTrue(e.getMessage().contains("Invalid l1 value -1.0"), e.getMessage());
        OWLQN opt = new OWLQN(List.of(w), OWLQN.options());
        e = assertThrows(IllegalArgumentException.class, opt::step);
        assertTrue(e.getMessage().contains("needs a closure"), e.getMessage());
        OWLQN wider = new OWLQN(List.of(Tensor.zeros(4).requiresGrad_(true)), OWLQN.options());
        e = assertThrows(IllegalArgumentException.class, () -> wider.loadState(opt.state()));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        LBFGS lbfgs = new LBFGS(List.of(w));
        e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(lbfgs.state()));
        assertTrue(e.getMessage().contains("cannot load a LBFGS optimizer state into OWLQN"), e.getMessage());
    }
}
