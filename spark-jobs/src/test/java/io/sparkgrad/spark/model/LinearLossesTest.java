package io.sparkgrad.spark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.GradCheck;
import io.sparkgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hinge, one-vs-rest hinge and Huber losses: their values are MLlib's aggregators' formulas
 * (written out here case by case), and autograd's gradients pass gradcheck at points away from
 * their kinks (hinge at s·m = 1; Huber is once differentiable everywhere).
 */
class LinearLossesTest {
    private static Tensor leaf(double... v) {
        return Tensor.fromArray(v.clone(), v.length).requiresGrad_(true);
    }

    @Test
    void hingeIsLinearSvcsSumOfWeightedHinges() {
        Tensor m = Tensor.fromArray(new double[] {0.3, -2.0, 1.5, 0.9}, 4);
        Tensor y = Tensor.fromArray(new double[] {1, 1, 0, 0}, 4);
        Tensor w = Tensor.fromArray(new double[] {1, 2, 0.5, 3}, 4);
        // max(0, 1 - s·m) with s = 2y - 1: 0.7, 3.0, 2.5, 1.9
        assertEquals(0.7 + 2 * 3.0 + 0.5 * 2.5 + 3 * 1.9, Losses.hinge(m, y, w).item(), 1e-12);
        assertEquals(0.7 + 3.0 + 2.5 + 1.9, Losses.hinge(m, y, null).item(), 1e-12);
        // beyond the margin: no loss
        assertEquals(0.0, Losses.hinge(Tensor.fromArray(new double[] {1.0, -4.0}, 2), Tensor.fromArray(new double[] {1, 0}, 2),
                null).item(), 0.0);
    }

    @Test
    void hingeGradientsPassGradcheckAwayFromTheKink() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] mv = new double[12];
        double[] yv = new double[12];
        for (int i = 0; i < mv.length; i++) {
            yv[i] = i % 2;
            do {
                mv[i] = rng.nextDouble(-3, 3);
            } while (Math.abs(1 - (2 * yv[i] - 1) * mv[i]) < 0.05);
        }
        Tensor y = Tensor.fromArray(yv, 12);
        Tensor w = Tensor.fromArray(rng.doubles(12, 0.1, 2).toArray(), 12);
        assertTrue(GradCheck.gradcheck(x -> Losses.hinge(x[0], y, w), leaf(mv)));
        assertTrue(GradCheck.gradcheck(x -> Losses.hinge(x[0], y, null), leaf(mv)));
    }

    @Test
    void oneVsRestHingeIsTheSumOfEachClassAgainstTheRest() {
        double[] mv = {0.5, -0.2, 2.0, -1.5, 0.1, 0.7};  // 2 rows, 3 classes
        Tensor m = Tensor.fromArray(mv, 2, 3);
        Tensor y = Tensor.fromArray(new double[] {2, 0}, 2);
        // row 0 (class 2): max(0, 1 + 0.5) + max(0, 1 - 0.2) + max(0, 1 - 2) = 1.5 + 0.8 + 0
        // row 1 (class 0): max(0, 1 + 1.5) + max(0, 1 + 0.1) + max(0, 1 + 0.7) = 2.5 + 1.1 + 1.7
        assertEquals(2.3 + 2 * 5.3, Losses.oneVsRestHinge(m, y, Tensor.fromArray(new double[] {1, 2}, 2)).item(), 1e-12);
        // it is the binary hinge of each class's margins against "is this class"
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            Tensor mk = Tensor.fromArray(new double[] {mv[k], mv[3 + k]}, 2);
            Tensor yk = Tensor.fromArray(new double[] {k == 2 ? 1 : 0, k == 0 ? 1 : 0}, 2);
            sum += Losses.hinge(mk, yk, null).item();
        }
        assertEquals(sum, Losses.oneVsRestHinge(m, y, null).item(), 1e-12);
        Tensor weights = Tensor.fromArray(new double[] {0.5, 2}, 2);
        assertTrue(GradCheck.gradcheck(x -> Losses.oneVsRestHinge(x[0].reshape(2, 3), y, weights), leaf(mv)));
    }

    /** MLlib's HuberAggregator, case by case: ½(σ + r²/σ) inside εσ, ½(σ + 2ε|r| − σε²) outside. */
    private static double mllibHuber(double r, double sigma, double epsilon) {
        return Math.abs(r) <= sigma * epsilon ? 0.5 * (sigma + r * r / sigma)
                : 0.5 * (sigma + 2 * epsilon * Math.abs(r) - sigma * epsilon * epsilon);
    }

    @Test
    void huberIsMllibsJointScaleFormulation() {
        double sigma = 1.7;
        double eps = 1.35;
        double[] pred = {0.0, 1.0, -3.0, 10.0, 2.0};
        double[] target = {0.5, -1.2, 1.0, 10.1, -2.9};
        double[] weight = {1.0, 0.5, 2.0, 1.0, 3.0};
        double expected = 0;
        for (int i = 0; i < pred.length; i++) {
            expected += weight[i] * mllibHuber(target[i] - pred[i], sigma, eps);
        }
        Tensor got = Losses.huber(Tensor.fromArray(pred, 5), Tensor.fromArray(target, 5),
                Tensor.fromArray(new double[] {sigma}, 1), eps, Tensor.fromArray(weight, 5));
        assertEquals(expected, got.item(), 1e-12);
    }

    @Test
    void huberGradientsInPredictionAndScalePassGradcheck() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] pred = rng.doubles(10, -4, 4).toArray();
        double[] target = rng.doubles(10, -4, 4).toArray();
        Tensor t = Tensor.fromArray(target, 10);
        Tensor w = Tensor.fromArray(rng.doubles(10, 0.1, 2).toArray(), 10);
        // some residuals inside εσ and some beyond at σ = 1.2
        int inside = 0;
        for (int i = 0; i < 10; i++) {
            inside += Math.abs(target[i] - pred[i]) <= 1.35 * 1.2 ? 1 : 0;
        }
        assertTrue(inside > 0 && inside < 10, "both pieces: " + inside);
        assertTrue(GradCheck.gradcheck(x -> Losses.huber(x[0], t, x[1], 1.35, w), leaf(pred), leaf(1.2)));
        assertTrue(GradCheck.gradcheck(x -> Losses.huber(x[0], t, x[1], 2.0, null), leaf(pred), leaf(0.7)));
    }

    @Test
    void lossSettingsRefuseWhatMllibRefuses() {
        assertThrows(IllegalArgumentException.class, () -> LossSettings.huber(1.0));
        assertThrows(IllegalArgumentException.class, () -> new LossSettings("squaredHinge", Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new FeedForwardModel(3, java.util.List.of(), "relu", Task.REGRESSION, 0, LossSettings.HINGE));
    }
}
