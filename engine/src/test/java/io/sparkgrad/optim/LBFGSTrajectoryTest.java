package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration of {@code fixtures/lbfgs.json} follows PyTorch 1.13.1's
 * {@code torch.optim.LBFGS}: the same iteration and evaluation counts at every step, exactly, and
 * the parameters, losses and step lengths to 1e-10 (relative; a vector relative to its largest
 * entry), and the state PyTorch keeps, under its names. Where the engine evaluates the loss bit for bit as PyTorch (the 1-d and 2-d
 * problems), the whole trajectory is bit for bit PyTorch's.
 *
 * <p>Two ways: closed loop, the engine computing loss and gradient at its own iterates; and
 * replay, the closure handing the optimizer PyTorch's recorded loss and gradients through
 * {@code setGrad} (as the Spark job does), after checking it is called at PyTorch's points. The
 * replay tests the optimizer alone, over whole trajectories; the closed loop is limited to steps
 * where PyTorch itself moves by less than 1e-12 under a 1-ulp change of the gradients.
 */
class LBFGSTrajectoryTest {
    static final double TOL = 1e-10;

    static Stream<Arguments> cases() {
        return LBFGSFixtures.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    static boolean exact(JsonNode c) {
        return LBFGSFixtures.root().get("problems").get(c.get("problem").asText()).get("exact_evaluation").asBoolean();
    }

    @ParameterizedTest(name = "{0} matches PyTorch, engine computing the loss")
    @MethodSource("cases")
    void followsPyTorchStepByStep(String name, JsonNode c) {
        String problem = c.get("problem").asText();
        boolean exact = exact(c);
        List<Tensor> params = LBFGSFixtures.startingPoint(problem);
        List<Tensor> start = params.stream().map(p -> p.detach().clone()).toList();
        LBFGS opt = LBFGSFixtures.optimizer(c, params);
        Closure closure = LBFGSFixtures.closure(opt, problem, params);
        JsonNode steps = c.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            JsonNode expected = steps.get(s);
            String where = name + ", step " + (s + 1);
            Tensor loss = opt.step(closure);
            assertCounts(expected, opt, where);
            double finalLoss;
            try (var off = GradMode.noGrad()) {
                finalLoss = LBFGSFixtures.loss(problem, params).item();
            }
            assertScalar(exact, num(expected.get("loss")), loss.item(), where + ": returned loss");
            assertScalar(exact, num(expected.get("final_loss")), finalLoss, where + ": loss after the step");
            assertScalar(exact, num(expected.get("t")), opt.state().global("t").item(), where + ": t");
            assertVector(exact, flatten(expected.get("params")), flat(params), where + ": parameters");
        }
        if (exact) {
            // elsewhere the gradient-derived state near the optimum (d, prev_flat_grad) carries the
            // evaluation's rounding, relative to its own small size; the replay test checks it
            assertFinalState(true, c.get("final_state"), opt.state(), name);
        }
        if (problem.equals("quadratic")) {
            assertNull(params.get(2).grad(), "the unused parameter never gets a gradient");
            assertTrue(params.get(2).equal(start.get(2)), "the parameter without a gradient did not move");
        }
    }

    @ParameterizedTest(name = "{0} matches PyTorch, replaying PyTorch's evaluations through setGrad")
    @MethodSource("cases")
    void replayOfPyTorchsEvaluationsGivesPyTorchsIterates(String name, JsonNode c) {
        String problem = c.get("problem").asText();
        boolean exact = exact(c);
        List<Tensor> params = LBFGSFixtures.startingPoint(problem);
        LBFGS opt = LBFGSFixtures.optimizer(c, params);
        JsonNode evaluations = c.get("evaluations");
        int[] calls = {0};
        Closure replay = () -> {
            int k = calls[0]++;
            String where = name + ", evaluation " + (k + 1);
            assertTrue(k < evaluations.size(), where + ": PyTorch made only " + evaluations.size());
            JsonNode e = evaluations.get(k);
            assertVector(exact, OptimizerFixtures.doubles(e.get("x")), flat(params), where + ": evaluated at");
            assertTrue(GradMode.isEnabled(), "the closure runs with grad mode on");
            opt.zeroGrad();
            for (int i = 0; i < params.size(); i++) {
                JsonNode g = e.get("grads").get(i);
                if (!g.isNull()) {
                    params.get(i).setGrad(Tensor.fromArray(OptimizerFixtures.doubles(g), params.get(i).shape()));
                }
            }
            return Tensor.scalar(num(e.get("loss")));
        };
        JsonNode steps = c.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            String where = name + ", step " + (s + 1);
            opt.step(replay);
            assertCounts(steps.get(s), opt, where);
            assertVector(exact, flatten(steps.get(s).get("params")), flat(params), where + ": parameters");
        }
        assertEquals(evaluations.size(), calls[0], name + ": closure calls");
        assertFinalState(exact, c.get("final_state"), opt.state(), name + " (replay)");
    }

    @Test
    void fixtureHasEveryConfigurationFromTorch1131() {
        assertEquals(16, LBFGSFixtures.cases().size());
        // Debian's python3-torch 1.13.1+dfsg reports this version string
        assertEquals("1.13.0a0", LBFGSFixtures.root().get("torch").asText());
    }

    static void assertCounts(JsonNode expected, LBFGS opt, String where) {
        assertEquals(expected.get("n_iter").asLong(), opt.nIter(), where + ": n_iter");
        assertEquals(expected.get("func_evals").asLong(), opt.funcEvals(), where + ": func_evals");
        assertEquals(expected.get("history").asLong(),
                opt.state().globalNames().stream().filter(g -> g.startsWith("old_dirs.")).count(),
                where + ": history length");
    }

    /** The saved state holds what PyTorch's state holds, under its names. */
    static void assertFinalState(boolean exact, JsonNode torch, OptimizerState s, String where) {
        assertVector(exact, OptimizerFixtures.doubles(torch.get("d")), s.global("d").toArray(), where + ": d");
        assertScalar(exact, num(torch.get("t")), s.global("t").item(), where + ": t");
        assertScalar(exact, num(torch.get("H_diag")), s.global("H_diag").item(), where + ": H_diag");
        assertScalar(exact, num(torch.get("prev_loss")), s.global("prev_loss").item(), where + ": prev_loss");
        assertVector(exact, OptimizerFixtures.doubles(torch.get("prev_flat_grad")),
                s.global("prev_flat_grad").toArray(), where + ": prev_flat_grad");
        assertVector(exact, OptimizerFixtures.doubles(torch.get("ro")), s.global("ro").toArray(), where + ": ro");
        int k = torch.get("old_dirs").size();
        for (int i = 0; i < k; i++) {
            assertVector(exact, OptimizerFixtures.doubles(torch.get("old_dirs").get(i)),
                    s.global("old_dirs." + i).toArray(), where + ": old_dirs[" + i + "]");
            assertVector(exact, OptimizerFixtures.doubles(torch.get("old_stps").get(i)),
                    s.global("old_stps." + i).toArray(), where + ": old_stps[" + i + "]");
        }
        assertTrue(!s.hasGlobal("old_dirs." + k) && !s.hasGlobal("old_stps." + k), where + ": no more history");
        int alFilled = torch.get("al_filled").asInt();
        assertEquals(alFilled, s.hasGlobal("al") ? s.global("al").numel() : 0, where + ": al entries set");
    }

    static double num(JsonNode n) {
        return Double.parseDouble(n.asText());
    }

    static double[] flatten(JsonNode perParam) {
        List<Double> out = new ArrayList<>();
        perParam.forEach(p -> {
            for (double v : OptimizerFixtures.doubles(p)) {
                out.add(v);
            }
        });
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] flat(List<Tensor> params) {
        return flatten(params);
    }

    private static double[] flatten(List<Tensor> params) {
        int n = params.stream().mapToInt(Tensor::numel).sum();
        double[] out = new double[n];
        int offset = 0;
        for (Tensor p : params) {
            double[] v = p.toArray();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /** Bit for bit when {@code exact}, else to 1e-10 relative. */
    static void assertScalar(boolean exact, double expected, double actual, String where) {
        if (exact) {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                    where + ": expected exactly " + expected + ", got " + actual);
        } else {
            double err = Math.abs(actual - expected);
            assertTrue(err <= TOL * Math.abs(expected), where + ": expected " + expected + ", got " + actual
                    + " (relative error " + err / Math.abs(expected) + ")");
        }
    }

    /** Bit for bit when {@code exact}, else max |a - e| to 1e-10 of max |e|. */
    static void assertVector(boolean exact, double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": length");
        double scale = 0;
        double err = 0;
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (exact) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                        where + "[" + i + "]: expected exactly " + expected[i] + ", got " + actual[i]);
            }
            scale = Math.max(scale, Math.abs(expected[i]));
            if (Math.abs(actual[i] - expected[i]) > err) {
                err = Math.abs(actual[i] - expected[i]);
                worst = i;
            }
        }
        if (err > TOL * scale) {
            fail(where + "[" + worst + "]: expected " + expected[worst] + ", got " + actual[worst] + " (error " + err
                    + ", " + err / scale + " of the largest entry)");
        }
    }
}
