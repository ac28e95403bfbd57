package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** LBFGS beyond the PyTorch trajectories: defaults, argument checks, how a step ends, grad modes. */
class LBFGSTest {

    static Tensor leaf(double... values) {
        return Tensor.of(values).requiresGrad_(true);
    }

    /** The closure of API.md for {@code f} over one parameter. */
    static Closure closure(LBFGS opt, Function<Tensor, Tensor> f, Tensor x) {
        return () -> {
            opt.zeroGrad();
            Tensor l = f.apply(x);
            l.backward();
            return l;
        };
    }

    static Tensor square(Tensor x) {
        return x.pow(2.0).sum();
    }

    @Test
    void defaultsArePyTorchs() {
        LBFGS opt = new LBFGS(List.of(leaf(1.0)));
        assertEquals(1.0, opt.lr());
        assertEquals(20, opt.maxIter());
        assertEquals(25, opt.maxEval(), "max_iter * 5 // 4");
        assertEquals(1e-7, opt.toleranceGrad());
        assertEquals(1e-9, opt.toleranceChange());
        assertEquals(100, opt.historySize());
        assertNull(opt.lineSearchFn());
        assertEquals(8, new LBFGS(List.of(leaf(1.0)), LBFGS.options().maxIter(7)).maxEval(), "7 * 5 // 4");
        assertEquals(3, new LBFGS(List.of(leaf(1.0)), LBFGS.options().maxIter(7).maxEval(3)).maxEval());
        assertEquals("strong_wolfe", new LBFGS(List.of(leaf(1.0)), LBFGS.options().lineSearchFn("strong_wolfe"))
                .lineSearchFn());
        assertNull(opt.lastStep());
        assertEquals(0, opt.funcEvals());
        assertEquals(0, opt.nIter());
    }

    @Test
    void invalidOptionsAreRefusedNamingThem() {
        List<Tensor> p = List.of(leaf(1.0));
        assertEquals("only 'strong_wolfe' is supported as line_search_fn, got 'backtracking' (null for none)",
                assertThrows(IllegalArgumentException.class,
                        () -> new LBFGS(p, LBFGS.options().lineSearchFn("backtracking"))).getMessage());
        assertEquals("Invalid max_iter value: 0 (at least 1)", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(p, LBFGS.options().maxIter(0))).getMessage());
        assertEquals("Invalid max_eval value: 0 (at least 1)", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(p, LBFGS.options().maxEval(0))).getMessage());
        assertEquals("Invalid history_size value: 0 (at least 1)", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(p, LBFGS.options().historySize(0))).getMessage());
        assertEquals("Invalid tolerance_grad value: NaN", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(p, LBFGS.options().toleranceGrad(Double.NaN))).getMessage());
        assertEquals("Invalid learning rate: -1.0", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(p, LBFGS.options().lr(-1))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LBFGS(List.of(Tensor.zeros(0)
                .requiresGrad_(true)))).getMessage().startsWith("LBFGS needs parameters with 1 to"));
    }

    @Test
    void aStepNeedsAClosureThatReturnsTheLoss() {
        Tensor x = leaf(1.0);
        LBFGS opt = new LBFGS(List.of(x));
        String needsClosure = "LBFGS.step needs a closure that re-evaluates the model and returns the loss: call "
                + "step(closure)";
        assertEquals(needsClosure, assertThrows(IllegalArgumentException.class, opt::step).getMessage());
        assertEquals(needsClosure, assertThrows(IllegalArgumentException.class, () -> opt.step(null)).getMessage());
        assertEquals("LBFGS: the closure returned null; it must return the loss", assertThrows(
                IllegalArgumentException.class, () -> opt.step(() -> null)).getMessage());
        assertEquals("LBFGS: the closure returned a tensor of shape [2]; it must return the loss, one element",
                assertThrows(IllegalArgumentException.class, () -> opt.step(() -> Tensor.of(1.0, 2.0))).getMessage());
    }

    @Test
    void stepReturnsTheFirstLossRecordsNoGraphAndKeepsParametersLeaves() {
        Tensor x = leaf(3.0, -4.0);
        LBFGS opt = new LBFGS(List.of(x));
        int version = x.version();
        Tensor first = opt.step(closure(opt, LBFGSTest::square, x));
        assertEquals(25.0, first.item(), "the loss at the start of the step, as torch returns orig_loss");
        assertTrue(x.isLeaf());
        assertNull(x.gradFn());
        assertTrue(x.requiresGrad());
        assertTrue(x.version() > version, "updated in place");
        assertTrue(GradMode.isEnabled(), "grad mode restored after the step");
    }

    @Test
    void theClosureRunsWithGradModeOnEvenInsideNoGrad() {
        Tensor x = leaf(3.0, -4.0);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().lineSearchFn("strong_wolfe"));
        boolean[] sawGradMode = {true};
        Closure c = () -> {
            sawGradMode[0] &= GradMode.isEnabled();
            opt.zeroGrad();
            Tensor l = square(x);
            l.backward();
            return l;
        };
        try (var off = GradMode.noGrad()) {
            opt.step(c);
            assertFalse(GradMode.isEnabled(), "the caller's no-grad scope is restored");
        }
        assertTrue(sawGradMode[0]);
        // torch 1.13.1 ends this step at (-2^-50, 1.5 * 2^-50) after 2 iterations and 3 evaluations
        assertArrayEquals(new double[] {-0x1p-50, 0x1.8p-50}, x.toArray());
        assertEquals(2, opt.nIter());
        assertEquals(3, opt.funcEvals());
    }

    @Test
    void aClosureThatSetsGradientsDirectlyIsEquivalentToBackward() {
        // how the Spark job drives it: a distributed pass computes loss and gradient and sets .grad
        Tensor a = leaf(-1.2, 1.0);
        Tensor b = leaf(-1.2, 1.0);
        LBFGS viaBackward = new LBFGS(List.of(a), LBFGS.options().lineSearchFn("strong_wolfe"));
        LBFGS viaSetGrad = new LBFGS(List.of(b), LBFGS.options().lineSearchFn("strong_wolfe"));
        Closure backward = LBFGSFixtures.closure(viaBackward, "rosenbrock", List.of(a));
        Closure setGrad = () -> {
            Tensor l = LBFGSFixtures.loss("rosenbrock", List.of(b));
            b.setGrad(Autograd.grad(l, b)[0]);
            return l.detach();
        };
        for (int i = 0; i < 3; i++) {
            assertEquals(viaBackward.step(backward).item(), viaSetGrad.step(setGrad).item());
            assertArrayEquals(a.toArray(), b.toArray(), "step " + (i + 1));
        }
        assertEquals(viaBackward.funcEvals(), viaSetGrad.funcEvals());
        assertEquals(viaBackward.state(), viaSetGrad.state());
    }

    @Test
    void countersAccumulateOverSteps() {
        Tensor x = leaf(-1.2, 1.0);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().maxIter(3).maxEval(100));
        Closure c = LBFGSFixtures.closure(opt, "rosenbrock", List.of(x));
        opt.step(c);
        assertEquals(3, opt.nIter());
        assertEquals(3, opt.funcEvals(), "1 + a re-evaluation after every iteration but the last");
        opt.step(c);
        assertEquals(6, opt.nIter());
        assertEquals(6, opt.funcEvals());
        assertEquals(3, opt.lastStep().iterations());
        assertEquals(3, opt.lastStep().evaluations());
        assertEquals(LBFGS.StopReason.MAX_ITER, opt.lastStep().stopReason());
        // with the default max_eval = 3 * 5 // 4 = 3 the third evaluation ends the step first, as in torch
        LBFGS budget = new LBFGS(List.of(leaf(-1.2, 1.0)), LBFGS.options().maxIter(3));
        budget.step(LBFGSFixtures.closure(budget, "rosenbrock", budget.params()));
        assertEquals(LBFGS.StopReason.MAX_EVAL, budget.lastStep().stopReason());
        assertEquals(2, budget.nIter());
        assertEquals(3, budget.funcEvals());
    }

    @Test
    void withoutLineSearchTheLastIterationIsNotReEvaluated() {
        Tensor x = leaf(1.0);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().maxIter(1));
        opt.step(closure(opt, LBFGSTest::square, x));
        // t = min(1, 1 / |g|_1) * lr = 0.5 and d = -g = -2 take x to 0, but no evaluation follows
        assertEquals(0.0, x.item());
        LBFGS.StepResult r = opt.lastStep();
        assertEquals(LBFGS.StopReason.MAX_ITER, r.stopReason());
        assertFalse(r.stopReason().converged());
        assertEquals(1, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(1.0, r.initialLoss());
        assertEquals(1.0, r.loss(), "the last loss evaluated, at the start point");
        assertEquals(2.0, r.gradMaxAbs());
        assertEquals(2.0, r.gradNorm());
    }

    @Test
    void aStepAtAnOptimumMakesNoIterationButCountsItsEvaluation() {
        Tensor x = leaf(0.0, 0.0);
        LBFGS opt = new LBFGS(List.of(x));
        opt.step(closure(opt, LBFGSTest::square, x));
        LBFGS.StepResult r = opt.lastStep();
        assertEquals(LBFGS.StopReason.TOLERANCE_GRAD, r.stopReason());
        assertTrue(r.stopReason().converged());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(0, opt.nIter());
        assertEquals(1, opt.funcEvals());
        OptimizerState s = opt.state();
        assertEquals(List.of("func_evals", "n_iter"), List.copyOf(s.counters().keySet()));
        assertTrue(s.globalNames().isEmpty(), "no direction or history before an iteration, as torch's state");
    }

    @Test
    void theStrongWolfeSearchReportsTheGradientAtTheAcceptedPoint() {
        Tensor x = leaf(1.0);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().lineSearchFn("strong_wolfe"));
        opt.step(closure(opt, LBFGSTest::square, x));
        LBFGS.StepResult r = opt.lastStep();
        assertEquals(LBFGS.StopReason.TOLERANCE_GRAD, r.stopReason());
        assertEquals(1, r.iterations());
        assertEquals(2, r.evaluations(), "the start and the accepted trial x = 0");
        assertEquals(0.0, r.loss());
        assertEquals(0.0, r.gradMaxAbs());
        assertEquals(0.0, x.item());
    }

    @Test
    void everyStopReasonIsReportedWhereTorchBreaks() {
        // f = 1e-6 x^2 from 1000: g = 2e-3, so g.d = -4e-6
        Function<Tensor, Tensor> flat = x -> x.pow(2.0).mul(1e-6).sum();
        assertEquals(LBFGS.StopReason.TOLERANCE_CHANGE_DIRECTION, stopOf(flat, leaf(1000.0),
                LBFGS.options().toleranceChange(1e-5)), "g.d = -4e-6 > -1e-5");
        // f = x^2 from 0.25, lr 0.4: t = 0.4, g.d = -0.25, |t d| = 0.2 and x goes to 0.05, |df| = 0.06
        assertEquals(LBFGS.StopReason.TOLERANCE_CHANGE_LOSS, stopOf(LBFGSTest::square, leaf(0.25),
                LBFGS.options().lr(0.4).toleranceChange(0.1)));
        // f = x^2 from 1, lr 1e-3: t = 5e-4, |t d| = 1e-3, g.d = -4
        assertEquals(LBFGS.StopReason.TOLERANCE_CHANGE_STEP, stopOf(LBFGSTest::square, leaf(1.0),
                LBFGS.options().lr(1e-3).toleranceChange(2e-3)));
        assertEquals(LBFGS.StopReason.MAX_EVAL, stopOf(x -> LBFGSFixtures.loss("rosenbrock", List.of(x)),
                leaf(-1.2, 1.0), LBFGS.options().lineSearchFn("strong_wolfe").maxEval(5)));
        assertEquals(LBFGS.StopReason.MAX_ITER, stopOf(LBFGSTest::square, leaf(1.0), LBFGS.options().maxIter(1)));
        assertEquals(LBFGS.StopReason.TOLERANCE_GRAD, stopOf(LBFGSTest::square, leaf(0.0), LBFGS.options()));
    }

    private static LBFGS.StopReason stopOf(Function<Tensor, Tensor> f, Tensor x, LBFGS.Options o) {
        LBFGS opt = new LBFGS(List.of(x), o);
        opt.step(closure(opt, f, x));
        return opt.lastStep().stopReason();
    }

    @Test
    void aScheduledLearningRateIsUsedAndSaved() {
        Tensor x = leaf(1.0);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().maxIter(1));
        opt.setLr(0.25);
        opt.step(closure(opt, LBFGSTest::square, x));
        // t = min(1, 1 / 2) * 0.25
        assertEquals(1.0 - 0.125 * 2.0, x.item());
        assertEquals(0.25, opt.state().lr());
        assertSame(opt.params().get(0), x);
    }
}
