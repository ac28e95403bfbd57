package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.nn.Safetensors;
import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LBFGS' state: everything PyTorch's {@code state} holds, written and read back bit for bit, so a
 * run resumed from a file continues bit-identically; and what {@code loadState} refuses.
 */
class LBFGSStateTest {

    static Stream<Arguments> cases() {
        return LBFGSFixtures.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    static byte[] bytes(OptimizerState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        return out.toByteArray();
    }

    static OptimizerState read(byte[] b) throws IOException {
        return OptimizerState.read(new ByteArrayInputStream(b));
    }

    static long[] bits(List<Tensor> params) {
        return params.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.toArray()))
                .mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** A fixture case's optimizer over its own fresh parameters. */
    record Run(String problem, List<Tensor> params, LBFGS opt) {
        static Run of(JsonNode c, List<Tensor> start) {
            String problem = c.get("problem").asText();
            List<Tensor> params = new ArrayList<>();
            start.forEach(p -> params.add(p.detach().clone().requiresGrad_(true)));
            return new Run(problem, params, LBFGSFixtures.optimizer(c, params));
        }

        void steps(int n) {
            Closure closure = LBFGSFixtures.closure(opt, problem, params);
            for (int i = 0; i < n; i++) {
                opt.step(closure);
            }
        }
    }

    @ParameterizedTest(name = "{0}: a run resumed from its saved state continues bit-identically")
    @MethodSource("cases")
    void resumedRunContinuesBitIdentically(String name, JsonNode c) throws IOException {
        List<Tensor> start = LBFGSFixtures.startingPoint(c.get("problem").asText());
        int total = c.get("steps").size() + 1;
        int split = (total + 1) / 2;
        Run straight = Run.of(c, start);
        straight.steps(total);

        Run first = Run.of(c, start);
        first.steps(split);
        byte[] saved = bytes(first.opt.state());
        // another configuration: the saved hyperparameters replace it, as in PyTorch's load_state_dict
        Run resumed = new Run(first.problem, new ArrayList<>(), null);
        first.params.forEach(p -> resumed.params.add(p.detach().clone().requiresGrad_(true)));
        LBFGS opt = new LBFGS(resumed.params, LBFGS.options().lr(7).historySize(2).maxIter(1));
        opt.loadState(read(saved));
        Run continued = new Run(resumed.problem, resumed.params, opt);
        continued.steps(total - split);

        assertArrayEquals(bits(straight.params), bits(continued.params), name + ": parameters");
        assertEquals(straight.opt.state(), continued.opt.state(), name + ": state");
        assertEquals(straight.opt.funcEvals(), continued.opt.funcEvals());
        assertEquals(straight.opt.nIter(), continued.opt.nIter());
    }

    @ParameterizedTest(name = "{0}: stateView writes the same bytes as state and resumes the same, with no copy")
    @MethodSource("cases")
    void stateViewIsTheStateWithoutACopy(String name, JsonNode c) throws IOException {
        List<Tensor> start = LBFGSFixtures.startingPoint(c.get("problem").asText());
        int total = c.get("steps").size() + 1;
        int split = (total + 1) / 2;
        Run straight = Run.of(c, start);
        straight.steps(total);

        Run first = Run.of(c, start);
        first.steps(split);
        OptimizerState copy = first.opt.state();
        OptimizerState view = first.opt.stateView();
        assertEquals(copy, view, name + ": the view holds the state's values");
        byte[] saved = bytes(view);
        assertArrayEquals(bytes(copy), saved, name + ": the same file");
        Run resumed = new Run(first.problem, new ArrayList<>(), null);
        first.params.forEach(p -> resumed.params.add(p.detach().clone().requiresGrad_(true)));
        LBFGS opt = new LBFGS(resumed.params, LBFGS.options());
        opt.loadState(read(saved));
        new Run(resumed.problem, resumed.params, opt).steps(total - split);
        assertArrayEquals(bits(straight.params), bits(resumed.params), name + ": parameters resumed from the view");
        assertEquals(straight.opt.state(), opt.state(), name + ": state resumed from the view");

        if (view.hasGlobal("d")) {
            // the view reads the optimizer's own direction: a further step shows through it, not through the copy
            double[] d = view.global("d").toArray();
            first.steps(total - split);
            assertArrayEquals(bits(List.of(Tensor.of(d))), bits(List.of(copy.global("d"))), name + ": the copy stays");
            assertArrayEquals(bits(List.of(first.opt.state().global("d"))), bits(List.of(view.global("d"))),
                    name + ": the view shows the live direction");
        }
    }

    @ParameterizedTest(name = "{0}: state round trip through bytes is bit-exact")
    @MethodSource("cases")
    void roundTripIsBitExact(String name, JsonNode c) throws IOException {
        Run run = Run.of(c, LBFGSFixtures.startingPoint(c.get("problem").asText()));
        run.steps(c.get("steps").size());
        OptimizerState state = run.opt.state();
        byte[] written = bytes(state);
        OptimizerState back = read(written);
        assertEquals(state, back);
        assertArrayEquals(written, bytes(back), "rewriting the read state gives the same bytes");
        for (String g : state.globalNames()) {
            assertArrayEquals(bits(List.of(state.global(g))), bits(List.of(back.global(g))), name + " " + g);
        }
    }

    @Test
    void theFileHoldsPyTorchsStateUnderPyTorchsNames() throws IOException {
        JsonNode c = LBFGSFixtures.named("rosenbrock/line_search_fn=strong_wolfe/history_size=3");
        Run run = Run.of(c, LBFGSFixtures.startingPoint("rosenbrock"));
        run.steps(2);
        Safetensors.Contents file = Safetensors.read(new ByteArrayInputStream(bytes(run.opt.state())));
        assertEquals(List.of("global.d", "global.t", "global.old_dirs.0", "global.old_dirs.1", "global.old_dirs.2",
                "global.old_stps.0", "global.old_stps.1", "global.old_stps.2", "global.ro", "global.H_diag",
                "global.prev_flat_grad", "global.prev_loss", "global.al"), new ArrayList<>(file.tensors().keySet()));
        assertArrayEquals(new int[0], file.tensors().get("global.t").shape());
        assertArrayEquals(new int[] {3}, file.tensors().get("global.ro").shape());
        assertArrayEquals(new int[] {3}, file.tensors().get("global.al").shape(), "every entry of al was set");
        Map<String, String> m = file.metadata();
        assertEquals("LBFGS", m.get("kind"));
        assertEquals("1", m.get("params"));
        assertEquals("[2]", m.get("param.0.shape"));
        assertEquals("0", m.get("param.0.step"), "LBFGS keeps no per-parameter steps");
        assertEquals("1.0", m.get("float.lr"));
        assertEquals("1.0E-7", m.get("float.tolerance_grad"));
        assertEquals("1.0E-9", m.get("float.tolerance_change"));
        assertEquals("20", m.get("int.max_iter"));
        assertEquals("25", m.get("int.max_eval"));
        assertEquals("3", m.get("int.history_size"));
        assertEquals("strong_wolfe", m.get("str.line_search_fn"));
        JsonNode torch = c.get("steps").get(1);
        assertEquals(torch.get("n_iter").asText(), m.get("counter.n_iter"));
        assertEquals(torch.get("func_evals").asText(), m.get("counter.func_evals"));
        assertEquals("none", Safetensors.read(new ByteArrayInputStream(bytes(new LBFGS(List.of(Tensor.of(1.0)
                .requiresGrad_(true))).state()))).metadata().get("str.line_search_fn"), "Python's None");
    }

    /** The LBFGS state of the committed file: strong Wolfe, history 3, on Rosenbrock after 2 steps. */
    static OptimizerState committedLbfgsState() {
        JsonNode c = LBFGSFixtures.named("rosenbrock/line_search_fn=strong_wolfe/history_size=3");
        Run run = Run.of(c, LBFGSFixtures.startingPoint("rosenbrock"));
        run.steps(2);
        return run.opt.state();
    }

    @Test
    void writesTheCommittedBytesThatPythonVerified() throws IOException {
        // java_lbfgs_state.safetensors was checked once with safetensors_fixtures.py (FORMATS.md)
        byte[] committed;
        try (java.io.InputStream in = getClass().getResourceAsStream("/fixtures/java_lbfgs_state.safetensors")) {
            committed = in.readAllBytes();
        }
        assertArrayEquals(committed, bytes(committedLbfgsState()));
        assertEquals(committedLbfgsState(), read(committed));
    }

    @Test
    void aStateTakenBeforeAnyStepHasNoMemoryAndLoadsAsSuch() {
        LBFGS opt = new LBFGS(List.of(Tensor.of(1.0, 2.0).requiresGrad_(true)));
        OptimizerState s = opt.state();
        assertTrue(s.counters().isEmpty());
        assertTrue(s.globalNames().isEmpty());
        LBFGS other = new LBFGS(List.of(Tensor.of(1.0, 2.0).requiresGrad_(true)), LBFGS.options().maxIter(2));
        other.loadState(s);
        assertEquals(20, other.maxIter());
        assertEquals(0, other.nIter());
        assertEquals(s, other.state());
    }

    @Test
    void loadStateForgetsTheLastStepReport() {
        Tensor x = Tensor.of(1.0).requiresGrad_(true);
        LBFGS opt = new LBFGS(List.of(x));
        opt.step(LBFGSTest.closure(opt, LBFGSTest::square, x));
        assertEquals(LBFGS.StopReason.TOLERANCE_GRAD, opt.lastStep().stopReason());
        opt.loadState(opt.state());
        assertNull(opt.lastStep());
    }

    // ---------------------------------------------------------------- what loadState refuses

    /**
     * A stepped LBFGS state over one parameter of shape [2], rebuilt without the integers,
     * counters and tensors named in {@code drop} and with {@code change} applied.
     */
    static OptimizerState edited(Consumer<OptimizerState.Builder> change, String... drop) {
        Tensor x = Tensor.of(-1.2, 1.0).requiresGrad_(true);
        LBFGS opt = new LBFGS(List.of(x), LBFGS.options().historySize(3));
        opt.step(LBFGSFixtures.closure(opt, "rosenbrock", List.of(x)));
        OptimizerState s = opt.state();
        OptimizerState.Builder b = OptimizerState.builder(s.kind());
        s.numbers().forEach(b::number);
        s.integers().forEach((k, v) -> {
            if (!List.of(drop).contains(k)) {
                b.integer(k, v);
            }
        });
        s.texts().forEach(b::text);
        s.params().forEach(b::param);
        s.counters().forEach((k, v) -> {
            if (!List.of(drop).contains(k)) {
                b.counter(k, v);
            }
        });
        for (String g : s.globalNames()) {
            if (!List.of(drop).contains(g)) {
                b.global(g, s.globalShape(g), s.globalView(g));
            }
        }
        change.accept(b);
        return b.build();
    }

    static String refusal(OptimizerState s) {
        LBFGS target = new LBFGS(List.of(Tensor.of(0.0, 0.0).requiresGrad_(true)));
        OptimizerState before = target.state();
        String message = assertThrows(IllegalArgumentException.class, () -> target.loadState(s)).getMessage();
        assertEquals(before, target.state(), "a refused load changes nothing");
        return message;
    }

    @Test
    void anIntactEditedStateLoads() {
        LBFGS target = new LBFGS(List.of(Tensor.of(0.0, 0.0).requiresGrad_(true)));
        target.loadState(edited(b -> { }));
        assertEquals(3, target.historySize());
    }

    @Test
    void aStateThatDoesNotFitIsRefusedNamingWhat() {
        assertEquals("loaded LBFGS state has no 'd' though n_iter is 20", refusal(edited(b -> { }, "d")));
        assertEquals("loaded LBFGS state has unknown tensors [old_dirs.2, old_stps.2] (a history longer than 'ro' says, or not "
                + "an LBFGS state)", refusal(edited(b -> b.global("ro", new int[] {2}, new double[] {1, 2}),
                "ro")));
        assertEquals("loaded LBFGS state has 'd' of shape [3], expected [2], the parameters' element count",
                refusal(edited(b -> b.global("d", new int[] {3}, new double[3]), "d")));
        assertEquals("loaded LBFGS state has 't' of shape [1], expected a scalar []",
                refusal(edited(b -> b.global("t", new int[] {1}, new double[1]), "t")));
        assertEquals("loaded LBFGS state has a history of 3 pairs, more than history_size 2",
                refusal(edited(b -> b.integer("history_size", 2))));
        assertEquals("loaded LBFGS state has 'func_evals' without 'n_iter'", refusal(edited(b -> { }, "n_iter")));
        assertEquals("loaded LBFGS state has an unknown counter 'steps'", refusal(edited(b -> b.counter("steps", 1))));
        assertEquals("only 'strong_wolfe' is supported as line_search_fn, got 'wolfe' (null for none)",
                refusal(edited(b -> b.text("line_search_fn", "wolfe"))));
        assertEquals("Invalid max_iter value: 0 (at least 1)", refusal(edited(b -> b.integer("max_iter", 0))));
        assertEquals("LBFGS state has no integer hyperparameter 'max_eval'; it has [max_iter, history_size]",
                refusal(edited(b -> { }, "max_eval")));
    }

    @Test
    void otherKindsDoNotLoadIntoEachOther() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_(true);
        OptimizerState lbfgs = edited(b -> { });
        assertEquals("cannot load a LBFGS optimizer state into SGD", assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(x), 0.1).loadState(lbfgs)).getMessage());
        OptimizerState sgd = new SGD(List.of(x), 0.1).state();
        assertEquals("cannot load a SGD optimizer state into LBFGS", assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(List.of(x)).loadState(sgd)).getMessage());
        OptimizerState.Builder b = OptimizerState.builder("SGD");
        sgd.numbers().forEach(b::number);
        sgd.flags().forEach(b::flag);
        sgd.params().forEach(b::param);
        b.counter("n_iter", 3);
        assertEquals("loaded SGD state has optimizer-wide state [n_iter] [] that SGD does not keep",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x), 0.1).loadState(b.build()))
                        .getMessage());
    }
}
