package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.nn.Safetensors;
import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OptimizerState}: exact snapshots, the safetensors file's bit-exact round trip, its
 * layout and its rejection of damaged data, validation on load, and runs resumed from saved state.
 */
class OptimizerStateTest {

    static Stream<Arguments> cases() {
        return OptimizerFixtures.cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    /** The fixture problem, with its own fresh parameters. */
    static final class Run {
        final Tensor x = OptimizerFixtures.problem("X");
        final Tensor y = OptimizerFixtures.problem("Y");
        final Tensor w;
        final Tensor b;
        final Tensor unused = OptimizerFixtures.problem("unused0").requiresGrad_(true);
        final Optimizer opt;
        final boolean maximize;

        Run(JsonNode c, Tensor w0, Tensor b0) {
            w = w0.clone().detach().requiresGrad_(true);
            b = b0.clone().detach().requiresGrad_(true);
            opt = OptimizerFixtures.optimizer(c, List.of(w, b, unused));
            maximize = c.get("maximize").asBoolean();
        }

        Run(JsonNode c) {
            this(c, OptimizerFixtures.problem("w0"), OptimizerFixtures.problem("b0"));
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                opt.zeroGrad();
                Tensor loss = OptimizerFixtures.loss(x, y, w, b);
                (maximize ? loss.neg() : loss).backward();
                opt.step();
            }
        }
    }

    static byte[] bytes(OptimizerState s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(out);
        return out.toByteArray();
    }

    static OptimizerState read(byte[] bytes) throws IOException {
        return OptimizerState.read(new ByteArrayInputStream(bytes));
    }

    static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @ParameterizedTest(name = "{0}: state round trip through bytes is bit-exact")
    @MethodSource("cases")
    void roundTripIsBitExact(String name, JsonNode c) throws IOException {
        Run run = new Run(c);
        run.steps(7);
        OptimizerState state = run.opt.state();
        byte[] written = bytes(state);
        OptimizerState back = read(written);
        assertEquals(state, back);
        assertArrayEquals(written, bytes(back), "rewriting the read state gives the same bytes");
        for (int p = 0; p < state.paramCount(); p++) {
            for (String buffer : state.param(p).bufferNames()) {
                long[] expected = Arrays.stream(state.param(p).values(buffer)).mapToLong(Double::doubleToRawLongBits)
                        .toArray();
                long[] actual = Arrays.stream(back.param(p).values(buffer)).mapToLong(Double::doubleToRawLongBits)
                        .toArray();
                assertArrayEquals(expected, actual, name + " param " + p + " " + buffer);
            }
        }
    }

    @ParameterizedTest(name = "{0}: a run resumed from saved state continues bit-identically")
    @MethodSource("cases")
    void resumedRunContinuesBitIdentically(String name, JsonNode c) throws IOException {
        Run straight = new Run(c);
        straight.steps(20);

        Run first = new Run(c);
        first.steps(10);
        byte[] saved = bytes(first.opt.state());
        Tensor w10 = first.w.detach().clone();
        Tensor b10 = first.b.detach().clone();

        Run resumed = new Run(c, w10, b10);
        resumed.opt.setLr(123.0);  // overwritten by the saved lr
        resumed.opt.loadState(read(saved));
        resumed.steps(10);

        assertArrayEquals(bits(straight.w), bits(resumed.w), name + ": w after 20 steps");
        assertArrayEquals(bits(straight.b), bits(resumed.b), name + ": b after 20 steps");
        assertEquals(straight.opt.state(), resumed.opt.state(), name + ": optimizer state after 20 steps");
    }

    @Test
    void stateIsASnapshotNotAView() {
        Run run = new Run(OptimizerFixtures.cases().get(7));  // Adam
        run.steps(2);
        OptimizerState s = run.opt.state();
        double[] before = s.param(0).values(AdamBase.EXP_AVG);
        run.steps(1);
        assertArrayEquals(before, s.param(0).values(AdamBase.EXP_AVG));
        assertEquals(2, s.param(0).step());
        assertEquals(3, run.opt.state().param(0).step());
    }

    @Test
    void stateHoldsStepsBuffersAndHyperparameters() {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor q = Tensor.zeros(3).requiresGrad_(true);
        Adam adam = new Adam(List.of(p, q), Adam.options().lr(0.05).betas(0.8, 0.99).amsgrad(true));
        p.setGrad(Tensor.of(0.5, -1.0));
        adam.step();
        OptimizerState s = adam.state();
        assertEquals("Adam", s.kind());
        assertEquals(0.05, s.lr());
        assertEquals(0.8, s.number("beta1"));
        assertEquals(0.99, s.number("beta2"));
        assertEquals(1e-8, s.number("eps"));
        assertEquals(0.0, s.number("weight_decay"));
        assertTrue(s.flag("amsgrad"));
        assertFalse(s.flag("maximize"));
        assertEquals(1, s.param(0).step());
        assertEquals(List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), s.param(0).bufferNames());
        // first step from zeros: m = (1 - beta1) g, v = (1 - beta2) g^2
        assertArrayEquals(new double[] {(1 - 0.8) * 0.5, (1 - 0.8) * -1.0}, s.param(0).values("exp_avg"));
        assertArrayEquals(new double[] {(1 - 0.99) * 0.5 * 0.5, (1 - 0.99) * -1.0 * -1.0},
                s.param(0).values("exp_avg_sq"));
        assertEquals(0, s.param(1).step());
        assertTrue(s.param(1).bufferNames().isEmpty());
        assertArrayEquals(new int[] {3}, s.param(1).shape());
        assertArrayEquals(new int[] {2}, s.param(0).buffer("exp_avg").shape());
    }

    @Test
    void isASafetensorsFileWithBuffersAsTensorsAndHyperparametersAsReadableMetadata() throws IOException {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor q = Tensor.zeros(3, 1).requiresGrad_(true);
        Adam adam = new Adam(List.of(p, q), Adam.options().lr(0.001).eps(1e-8).amsgrad(true));
        p.setGrad(Tensor.of(0.5, -1.0));
        adam.step();
        Safetensors.Contents c = Safetensors.read(new ByteArrayInputStream(bytes(adam.state())));
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq"),
                new ArrayList<>(c.tensors().keySet()));
        assertArrayEquals(adam.state().param(0).values("exp_avg"), c.tensors().get("state.0.exp_avg").toArray());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("format", "sparkgrad.optimizer_state");
        expected.put("version", "1");
        expected.put("kind", "Adam");
        expected.put("params", "2");
        expected.put("param.0.shape", "[2]");
        expected.put("param.0.step", "1");
        expected.put("param.1.shape", "[3,1]");
        expected.put("param.1.step", "0");
        expected.put("float.lr", "0.001");
        expected.put("float.beta1", "0.9");
        expected.put("float.beta2", "0.999");
        expected.put("float.eps", "1.0E-8");
        expected.put("float.weight_decay", "0.0");
        expected.put("bool.amsgrad", "true");
        expected.put("bool.maximize", "false");
        expected.put("crc32", c.metadata().get("crc32"));
        assertEquals(expected, c.metadata());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(c.metadata().keySet()), "in this order");
    }

    /** The Adam state of the committed file: the fixture's amsgrad case after 4 steps. */
    static OptimizerState committedAdamState() {
        Run run = new Run(OptimizerFixtures.cases().get(13));
        run.steps(4);
        return run.opt.state();
    }

    @Test
    void writesTheCommittedBytesThatPythonVerified() throws IOException {
        // java_adam_state.safetensors was checked once with safetensors_fixtures.py (FORMATS.md)
        byte[] committed;
        try (java.io.InputStream in = getClass().getResourceAsStream("/fixtures/java_adam_state.safetensors")) {
            committed = in.readAllBytes();
        }
        assertArrayEquals(committed, bytes(committedAdamState()));
        assertEquals(committedAdamState(), read(committed));
    }

    @Test
    void doubleToStringReadsBackAsTheSameBitsForEveryNonNanDouble() {
        // the file relies on it for hyperparameters; checked here on this JDK for a million random bit patterns
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(x)) {
                assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(
                        Double.toString(x))), Double.toString(x));
            }
        }
        for (double x : new double[] {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, 1e-3, 0.1,
                2e-3, 1e23, 8.41e21}) {
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(
                    Double.toString(x))), Double.toString(x));
        }
    }

    @Test
    void readRefusesBytesAfterTheFile() throws IOException {
        byte[] b = sampleBytes();
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        IOException e = assertThrows(IOException.class, () -> read(longer));
        assertTrue(e.getMessage().startsWith("optimizer state: the stream goes on after the "), e.getMessage());
    }

    // ---------------------------------------------------------------- damaged data

    static byte[] sampleBytes() throws IOException {
        Run run = new Run(OptimizerFixtures.cases().get(13));  // Adam, amsgrad, weight decay
        run.steps(4);
        return bytes(run.opt.state());
    }

    @Test
    void everyTruncationIsRejectedAsTruncated() throws IOException {
        byte[] b = sampleBytes();
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            IOException e = assertThrows(IOException.class, () -> read(cut), "prefix of " + n + " bytes");
            assertTrue(e.getMessage().startsWith("optimizer state: truncated: "), "prefix of " + n + " bytes: "
                    + e.getMessage());
        }
    }

    @Test
    void everySingleByteCorruptionIsRejected() throws IOException {
        // the checksum covers the hyperparameters in the metadata too: a changed lr is refused like a changed buffer
        byte[] b = sampleBytes();
        for (int i = 0; i < b.length; i++) {
            byte[] bad = b.clone();
            bad[i] ^= (byte) 0x5A;
            IOException e = assertThrows(IOException.class, () -> read(bad), "byte " + i + " flipped");
            assertTrue(e.getMessage().startsWith("optimizer state: "), e.getMessage());
        }
    }

    @Test
    void aChangedValueOrHyperparameterIsReportedAsChecksumMismatch() throws IOException {
        byte[] b = sampleBytes();
        byte[] bad = b.clone();
        bad[b.length - 20] ^= 1;  // inside the last buffer's values
        IOException e = assertThrows(IOException.class, () -> read(bad));
        assertTrue(e.getMessage().startsWith("optimizer state: checksum mismatch: "), e.getMessage());
        String text = new String(b, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\"float.lr\":\"0.01\""), "the fixture case's lr is in the header");
        byte[] otherLr = text.replace("\"float.lr\":\"0.01\"", "\"float.lr\":\"0.02\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        e = assertThrows(IOException.class, () -> read(otherLr));
        assertTrue(e.getMessage().startsWith("optimizer state: checksum mismatch: "), e.getMessage());
    }

    /** A file with these tensors and metadata and a valid checksum, to reach the checks after it. */
    static byte[] crafted(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(tensors, metadata, out);
        return out.toByteArray();
    }

    static LinkedHashMap<String, String> sgdMetadata() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put("format", "sparkgrad.optimizer_state");
        m.put("version", "1");
        m.put("kind", "SGD");
        m.put("params", "1");
        m.put("param.0.shape", "[2]");
        m.put("param.0.step", "1");
        m.put("float.lr", "0.1");
        return m;
    }

    /** A safetensors file with this header and no data, written by hand. */
    static byte[] rawFile(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(8 + h.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(h.length)
                .put(h).array();
    }

    static String refusal(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] b = crafted(tensors, metadata);
        return assertThrows(IOException.class, () -> read(b)).getMessage();
    }

    @Test
    void aCraftedFileIsReadWhenItFollowsTheLayout() throws IOException {
        OptimizerState s = read(crafted(Map.of("state.0.momentum_buffer", Tensor.of(1.0, 2.0)), sgdMetadata()));
        assertEquals("SGD", s.kind());
        assertEquals(0.1, s.lr());
        assertEquals(1, s.param(0).step());
        assertArrayEquals(new double[] {1.0, 2.0}, s.param(0).values("momentum_buffer"));
    }

    @Test
    void otherFormatsAndVersionsAreRejectedByName() throws IOException {
        ByteArrayOutputStream sd = new ByteArrayOutputStream();
        io.sparkgrad.nn.StateDict.write(Map.of("w", Tensor.of(1.0)), sd);
        IOException e = assertThrows(IOException.class, () -> read(sd.toByteArray()));
        assertEquals("optimizer state: not a sparkgrad optimizer state: __metadata__ \"format\" is "
                + "\"sparkgrad.state_dict\", expected \"sparkgrad.optimizer_state\"", e.getMessage());
        LinkedHashMap<String, String> v2 = sgdMetadata();
        v2.put("version", "2");
        assertEquals("optimizer state: format version \"2\" is not supported; this build reads version 1",
                refusal(Map.of(), v2));
        byte[] noCrc = rawFile("{\"__metadata__\":{\"format\":\"sparkgrad.optimizer_state\","
                + "\"version\":\"1\"}}");
        e = assertThrows(IOException.class, () -> read(noCrc));
        assertEquals("optimizer state: __metadata__ has no \"crc32\" checksum, which every sparkgrad optimizer state "
                + "carries", e.getMessage());
    }

    @Test
    void metadataAndTensorsOutsideTheLayoutAreNamed() throws IOException {
        LinkedHashMap<String, String> m = sgdMetadata();
        m.put("learning_rate", "0.1");
        assertEquals("optimizer state: unknown metadata key 'learning_rate'", refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("bool.nesterov", "yes");
        assertEquals("optimizer state: metadata 'bool.nesterov' is \"yes\", expected \"true\" or \"false\"",
                refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("param.0.step", "-1");
        assertEquals("optimizer state: metadata 'param.0.step' is \"-1\", expected a non-negative decimal integer up "
                + "to 9223372036854775807", refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("param.0.shape", "(2,)");
        assertEquals("optimizer state: metadata 'param.0.shape' is \"(2,)\", expected a shape such as \"[3,2]\" or "
                + "\"[]\"", refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("float.lr", "fast");
        assertEquals("optimizer state: metadata 'float.lr' is \"fast\", expected a number such as \"0.001\" or "
                + "\"1.0E-8\"", refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("params", "2");
        assertEquals("optimizer state: metadata has no 'param.1.shape' though 'params' is 2", refusal(Map.of(), m));
        m = sgdMetadata();
        m.put("param.1.step", "0");
        assertEquals("optimizer state: param.1.step refers to parameter 1, but 'params' is 1", refusal(Map.of(), m));
        m = sgdMetadata();
        m.remove("kind");
        assertEquals("optimizer state: __metadata__ has no 'kind'", refusal(Map.of(), m));
        assertEquals("optimizer state: tensor 'state.0.momentum_buffer' has shape [3], expected parameter 0's [2]",
                refusal(Map.of("state.0.momentum_buffer", Tensor.zeros(3)), sgdMetadata()));
        assertEquals("optimizer state: tensor 'state.1.momentum_buffer' refers to parameter 1, but 'params' is 1",
                refusal(Map.of("state.1.momentum_buffer", Tensor.zeros(2)), sgdMetadata()));
        assertEquals("optimizer state: unknown tensor 'momentum' (expected state.<i>.<buffer> or global.<name>)",
                refusal(Map.of("momentum", Tensor.zeros(2)), sgdMetadata()));
    }

    @Test
    void emptyStreamIsTruncated() {
        IOException e = assertThrows(IOException.class, () -> read(new byte[0]));
        assertTrue(e.getMessage().startsWith("optimizer state: truncated: "), e.getMessage());
    }

    // ---------------------------------------------------------------- validation on load

    static Tensor leaf(int... shape) {
        return Tensor.zeros(shape).requiresGrad_(true);
    }

    @Test
    void loadingAnotherOptimizerKindIsRejected() {
        OptimizerState sgd = new SGD(List.of(leaf(2)), 0.1).state();
        Adam adam = new Adam(List.of(leaf(2)), 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(sgd));
        assertEquals("cannot load a SGD optimizer state into Adam", e.getMessage());
        OptimizerState adamState = adam.state();
        var e2 = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(leaf(2)), 0.1).loadState(adamState));
        assertTrue(e2.getMessage().contains("Adam optimizer state into AdamW"), e2.getMessage());
    }

    @Test
    void loadingWithAnotherParameterCountIsRejected() {
        OptimizerState s = new SGD(List.of(leaf(2), leaf(3)), 0.1).state();
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(leaf(2)), 0.1).loadState(s));
        assertEquals("loaded SGD state has 2 parameters, this optimizer has 1", e.getMessage());
    }

    @Test
    void loadingWithAnotherShapeIsRejectedNamingTheParameter() {
        OptimizerState s = new Adam(List.of(leaf(2), leaf(3, 2)), 0.1).state();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(leaf(2), leaf(2, 3)), 0.1).loadState(s));
        assertEquals("loaded Adam state: parameter 1 has shape [3, 2], this optimizer's parameter 1 has shape [2, 3]",
                e.getMessage());
    }

    static OptimizerState handMade(String kind, Map<String, Double> numbers, Map<String, Boolean> flags, long step,
            Map<String, double[]> buffers) {
        OptimizerState.Builder b = OptimizerState.builder(kind);
        numbers.forEach(b::number);
        flags.forEach(b::flag);
        return b.param(new int[] {2}, step, buffers).build();
    }

    static Map<String, Double> sgdNumbers(double momentum) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", 0.1);
        m.put("momentum", momentum);
        m.put("dampening", 0.0);
        m.put("weight_decay", 0.0);
        return m;
    }

    static Map<String, Boolean> sgdFlags() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("nesterov", false);
        m.put("maximize", false);
        return m;
    }

    @Test
    void unknownOrMissingBuffersAreRejected() {
        SGD sgd = new SGD(List.of(leaf(2)), 0.1);
        OptimizerState unknown = handMade("SGD", sgdNumbers(0.9), sgdFlags(), 1, Map.of("exp_avg", new double[2]));
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(unknown));
        assertTrue(e.getMessage().contains("unknown buffer 'exp_avg'"), e.getMessage());
        OptimizerState missing = handMade("SGD", sgdNumbers(0.9), sgdFlags(), 3, Map.of());
        var e2 = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(missing));
        assertEquals("loaded SGD state: parameter 0 was stepped 3 times but has no 'momentum_buffer' buffer",
                e2.getMessage());
        Map<String, Double> noMomentum = sgdNumbers(0.9);
        noMomentum.remove("momentum");
        OptimizerState noHyper = handMade("SGD", noMomentum, sgdFlags(), 0, Map.of());
        var e3 = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(noHyper));
        assertTrue(e3.getMessage().contains("no numeric hyperparameter 'momentum'"), e3.getMessage());
    }

    @Test
    void aRejectedLoadChangesNothing() {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad_(true);
        SGD sgd = new SGD(List.of(p), SGD.options().lr(0.1).momentum(0.5));
        p.setGrad(Tensor.of(1.0, 1.0));
        sgd.step();
        OptimizerState before = sgd.state();
        OptimizerState bad = handMade("SGD", sgdNumbers(0.9), sgdFlags(), 3, Map.of());
        assertThrows(IllegalArgumentException.class, () -> sgd.loadState(bad));
        assertEquals(before, sgd.state());
    }

    @Test
    void loadRestoresLrAndHyperparametersAsPyTorch() {
        AdamW source = new AdamW(List.of(leaf(2)), AdamW.options().lr(0.02).betas(0.7, 0.95).eps(1e-6)
                .weightDecay(0.3).amsgrad(true).maximize(true));
        AdamW target = new AdamW(List.of(leaf(2)), 0.5);
        target.loadState(source.state());
        assertEquals(0.02, target.lr());
        assertEquals(0.7, target.beta1());
        assertEquals(0.95, target.beta2());
        assertEquals(1e-6, target.eps());
        assertEquals(0.3, target.weightDecay());
        assertTrue(target.amsgrad());
        assertTrue(target.maximize());
        assertEquals(source.state(), target.state());
    }

    @Test
    void statesDifferingInOneBitAreNotEqual() {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad_(true);
        SGD sgd = new SGD(List.of(p), SGD.options().lr(0.1).momentum(0.5));
        p.setGrad(Tensor.of(1.0, 1.0));
        sgd.step();
        OptimizerState s = sgd.state();
        double[] buf = s.param(0).values(SGD.MOMENTUM_BUFFER);
        buf[1] = Math.nextUp(buf[1]);
        OptimizerState t = handMade("SGD", s.numbers(), s.flags(), 1, Map.of(SGD.MOMENTUM_BUFFER, buf));
        assertNotEquals(s, t);
    }
}
