package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer configuration of {@code fixtures/optimizers.json}, stepped 20 times on the
 * fixture's problem, follows PyTorch 1.13's trajectory: w, b and the loss at every step agree to
 * 1e-10 relative. The third parameter never gets a gradient and must not move.
 */
class OptimizerTrajectoryTest {
    static final double RTOL = 1e-10;

    static Stream<Arguments> cases() {
        return OptimizerFixtures.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0} matches PyTorch for 20 steps")
    @MethodSource("cases")
    void followsPyTorchTrajectory(String name, JsonNode c) {
        Tensor x = OptimizerFixtures.problem("X");
        Tensor y = OptimizerFixtures.problem("Y");
        Tensor w = OptimizerFixtures.problem("w0").requiresGrad_(true);
        Tensor b = OptimizerFixtures.problem("b0").requiresGrad_(true);
        Tensor unused0 = OptimizerFixtures.problem("unused0");
        Tensor unused = unused0.clone().requiresGrad_(true);
        Optimizer opt = OptimizerFixtures.optimizer(c, List.of(w, b, unused));
        boolean maximize = c.get("maximize").asBoolean();
        JsonNode trajectory = c.get("trajectory");
        assertEquals(20, trajectory.size());
        for (int step = 0; step < trajectory.size(); step++) {
            JsonNode expected = trajectory.get(step);
            opt.zeroGrad();
            Tensor loss = OptimizerFixtures.loss(x, y, w, b);
            (maximize ? loss.neg() : loss).backward();
            opt.step();
            String where = name + ", step " + (step + 1);
            assertClose(new double[] {Double.parseDouble(expected.get("loss").asText())}, new double[] {loss.item()}, where + ", loss");
            assertClose(OptimizerFixtures.doubles(expected.get("w")), w.toArray(), where + ", w");
            assertClose(OptimizerFixtures.doubles(expected.get("b")), b.toArray(), where + ", b");
            assertNull(unused.grad(), "unused parameter got a gradient");
            assertArrayEquals(unused0.toArray(), unused.toArray(), "unused parameter moved at " + where);
        }
        OptimizerState state = opt.state();
        assertEquals(20, state.param(0).step());
        assertEquals(0, state.param(2).step());
        assertTrue(state.param(2).bufferNames().isEmpty(), "a parameter never stepped has no buffers");
    }

    @Test
    void fixtureHasEveryConfiguration() {
        assertEquals(18, OptimizerFixtures.cases().size());
    }

    static void assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": length");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= RTOL * Math.abs(expected[i]),
                    where + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (relative error "
                            + err / Math.abs(expected[i]) + ")");
        }
    }
}
