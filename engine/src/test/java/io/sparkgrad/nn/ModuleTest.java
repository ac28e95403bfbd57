package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** A user-defined module with a named child, a nested Sequential and a parameter of its own. */
    static final class Net extends Module {
        final Linear fc1;
        final Sequential block;
        final Tensor scale = registerParameter("scale", Tensor.ones(2).requiresGrad_(true));

        Net(Generator gen) {
            fc1 = registerModule("fc1", new Linear(3, 4, gen));
            block = registerModule("block", new Sequential(new Tanh(), new Linear(4, 2, false, gen)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return block.forward(fc1.forward(x)).mul(scale);
        }
    }

    private static Sequential mlp(long seed) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(3, 4, gen), new ReLU(), new Linear(4, 2, gen));
    }

    @Test
    void sequentialNamesParametersByPositionAsPyTorch() {
        Sequential m = mlp(0);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(m.namedParameters().keySet()));
        Linear first = (Linear) m.get(0);
        Linear last = (Linear) m.get(2);
        List<Tensor> params = m.parameters();
        assertSame(first.weight(), params.get(0));
        assertSame(first.bias(), params.get(1));
        assertSame(last.weight(), params.get(2));
        assertSame(last.bias(), params.get(3));
        assertEquals(3, m.size());
    }

    @Test
    void nestedModulesGiveDottedPathsInRegistrationOrder() {
        Net net = new Net(new Generator(0));
        assertEquals(List.of("scale", "fc1.weight", "fc1.bias", "block.1.weight"),
                new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(List.of("fc1", "block"), new ArrayList<>(net.namedChildren().keySet()));
        assertArrayEquals(new int[] {5, 2}, net.forward(Tensor.ones(5, 3)).shape());
    }

    @Test
    void aParameterSharedByTwoModulesIsListedOnce() {
        Linear shared = new Linear(2, 2, new Generator(0));
        Sequential m = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(m.namedParameters().keySet()));
    }

    @Test
    void linearIsInitialisedUniformlyWithinOneOverSqrtFanInFromTheSeed() {
        Linear a = new Linear(64, 32, new Generator(42));
        double bound = 1.0 / 8.0;
        double[] w = a.weight().toArray();
        double sumSq = 0;
        for (double v : w) {
            assertTrue(v >= -bound && v < bound, "weight " + v + " outside [-1/8, 1/8)");
            sumSq += v * v;
        }
        // U(-b, b) has variance b^2 / 3; 2048 draws put the estimate within a few percent
        assertEquals(bound * bound / 3, sumSq / w.length, 0.1 * bound * bound / 3);
        for (double v : a.bias().toArray()) {
            assertTrue(v >= -bound && v < bound, "bias " + v);
        }
        assertTrue(a.weight().requiresGrad() && a.bias().requiresGrad() && a.weight().isLeaf());
        Linear again = new Linear(64, 32, new Generator(42));
        assertTrue(a.weight().equal(again.weight()) && a.bias().equal(again.bias()), "same seed, same layer");
        assertFalse(a.weight().equal(new Linear(64, 32, new Generator(43)).weight()));
    }

    @Test
    void linearComputesXTimesWeightTransposedPlusBias() {
        Linear layer = new Linear(3, 2, new Generator(1));
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {-1, 0, 0.5}});
        double[][] w = layer.weight().toArray2d();
        double[] b = layer.bias().toArray();
        double[][] y = layer.forward(x).toArray2d();
        double[][] xs = x.toArray2d();
        for (int i = 0; i < 2; i++) {
            for (int o = 0; o < 2; o++) {
                double expected = b[o];
                for (int k = 0; k < 3; k++) {
                    expected += xs[i][k] * w[o][k];
                }
                assertEquals(expected, y[i][o], 1e-15);
            }
        }
        assertArrayEquals(new int[] {2}, layer.forward(Tensor.of(1, 2, 3)).shape(), "unbatched input");
        Linear noBias = new Linear(3, 2, false, new Generator(1));
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), new ArrayList<>(noBias.namedParameters().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.ones(2, 4)));
        assertEquals("linear: expected input [*, 3] for weight [2, 3], got input [2, 4]", e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Dropout drop = new Dropout(0.5, new Generator(0));
        Sequential inner = new Sequential(drop);
        Sequential outer = new Sequential(new Identity(), inner);
        assertTrue(drop.isTraining());
        assertSame(outer, outer.eval());
        assertFalse(outer.isTraining() || inner.isTraining() || drop.isTraining());
        Tensor x = Tensor.ones(4, 4);
        assertSame(x, outer.forward(x), "dropout in eval mode is the identity");
        outer.train();
        assertTrue(drop.isTraining());
        assertFalse(outer.forward(x).equal(x), "dropout in training mode drops");
    }

    @Test
    void zeroGradClearsEveryGradientToNull() {
        Sequential m = mlp(0);
        F.mseLoss(m.forward(Tensor.ones(2, 3)), Tensor.zeros(2, 2)).backward();
        m.parameters().forEach(p -> assertTrue(p.grad() != null));
        m.zeroGrad();
        m.parameters().forEach(p -> assertNull(p.grad()));
    }

    @Test
    void stateDictHoldsDetachedAliasesOfTheParameters() {
        Sequential m = mlp(0);
        LinkedHashMap<String, Tensor> sd = m.stateDict();
        Tensor w = sd.get("0.weight");
        assertFalse(w.requiresGrad());
        assertTrue(w.equal(m.parameters().get(0)));
        m.loadStateDict(mlp(1).stateDict());
        assertTrue(w.equal(m.parameters().get(0)), "the alias follows the load");
    }

    @Test
    void loadStateDictCopiesValuesWithoutRecordingAndKeepsParametersLeaves() {
        Sequential target = mlp(0);
        Sequential source = mlp(7);
        LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> state.put(k, v.clone()));
        Tensor weight = target.parameters().get(0);
        int version = weight.version();
        target.loadStateDict(state);
        assertSame(weight, target.parameters().get(0), "same parameter objects, so optimizers keep working");
        assertTrue(weight.isLeaf() && weight.requiresGrad());
        assertTrue(weight.equal(source.parameters().get(0)));
        assertTrue(weight.version() > version, "the copy is an in-place change");
        state.get("0.weight").fill_(3.0);
        assertFalse(weight.equal(state.get("0.weight")), "values are copied, not aliased");
    }

    @Test
    void strictLoadNamesEveryMissingUnexpectedAndMismatchedKeyAndCopiesNothing() {
        Sequential m = mlp(0);
        Tensor before = m.parameters().get(1).clone();
        LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.weight", Tensor.zeros(4, 5));
        state.put("0.bias", Tensor.zeros(4));
        state.put("3.weight", Tensor.zeros(2, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        assertEquals("Error(s) in loading state_dict for Sequential:\n"
                + "\tMissing key(s) in state_dict: \"2.weight\", \"2.bias\".\n"
                + "\tUnexpected key(s) in state_dict: \"3.weight\".\n"
                + "\tsize mismatch for 0.weight: copying a param with shape [4, 5] from checkpoint, the shape in "
                + "current model is [4, 3].", e.getMessage());
        assertTrue(before.equal(m.parameters().get(1)), "nothing was copied");
    }

    @Test
    void nonStrictLoadReportsKeysButStillRefusesShapeMismatches() {
        Sequential m = mlp(0);
        LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.bias", Tensor.full(new int[] {4}, 2.0));
        state.put("extra", Tensor.zeros(1));
        Module.LoadResult r = m.loadStateDict(state, false);
        assertEquals(List.of("0.weight", "2.weight", "2.bias"), r.missingKeys());
        assertEquals(List.of("extra"), r.unexpectedKeys());
        assertTrue(m.parameters().get(1).equal(Tensor.full(new int[] {4}, 2.0)));
        state.put("0.bias", Tensor.zeros(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("size mismatch for 0.bias"), e.getMessage());
    }

    @Test
    void registrationRefusesBadNamesDuplicatesAndNonLeaves() {
        class Bad extends Module {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        Bad bad = new Bad();
        bad.registerParameter("w", Tensor.ones(1));
        assertThrows(IllegalArgumentException.class, () -> bad.registerParameter("w", Tensor.ones(1)));
        assertThrows(IllegalArgumentException.class, () -> bad.registerModule("a.b", new ReLU()));
        assertThrows(IllegalArgumentException.class, () -> bad.registerParameter("", Tensor.ones(1)));
        Tensor computed = Tensor.ones(1).requiresGrad_(true).mul(2.0);
        assertThrows(IllegalArgumentException.class, () -> bad.registerParameter("c", computed));
    }

    @Test
    void activationModulesApplyTheirFunctions() {
        Tensor x = Tensor.of(-2.0, -0.5, 0.5, 2.0);
        assertTrue(new ReLU().forward(x).equal(F.relu(x)));
        assertTrue(new LeakyReLU(0.2).forward(x).equal(F.leakyRelu(x, 0.2)));
        assertTrue(new LeakyReLU().forward(x).equal(F.leakyRelu(x, 0.01)));
        assertTrue(new GELU().forward(x).equal(F.gelu(x)));
        assertTrue(new GELU("tanh").forward(x).equal(F.gelu(x, "tanh")));
        assertTrue(new ELU(0.5).forward(x).equal(F.elu(x, 0.5)));
        assertTrue(new Softplus(2.0, 3.0).forward(x).equal(F.softplus(x, 2.0, 3.0)));
        assertTrue(new Sigmoid().forward(x).equal(x.sigmoid()));
        assertTrue(new Tanh().forward(x).equal(x.tanh()));
        assertSame(x, new Identity().forward(x));
        assertThrows(IllegalArgumentException.class, () -> new GELU("erf"));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Generator(0)));
    }

    @Test
    void printsLikePyTorch() {
        Sequential m = new Sequential(new Linear(3, 4, new Generator(0)), new ReLU(),
                new Sequential(new Dropout(0.1, new Generator(0)), new Linear(4, 2, false, new Generator(0))));
        assertEquals("Sequential(\n"
                + "  (0): Linear(in_features=3, out_features=4, bias=true)\n"
                + "  (1): ReLU()\n"
                + "  (2): Sequential(\n"
                + "    (0): Dropout(p=0.1)\n"
                + "    (1): Linear(in_features=4, out_features=2, bias=false)\n"
                + "  )\n"
                + ")", m.toString());
        assertNotSame(m.namedChildren(), m.namedChildren());
    }
}
