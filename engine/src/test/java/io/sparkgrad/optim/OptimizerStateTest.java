package io.sparkgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OptimizerState}: exact snapshots, the binary format's bit-exact round trip and its
 * rejection of damaged data, validation on load, and runs resumed from saved state.
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
    void twoStatesInOneStreamReadBackInOrder() throws IOException {
        Run sgd = new Run(OptimizerFixtures.cases().get(1));
        Run adam = new Run(OptimizerFixtures.cases().get(7));
        sgd.steps(3);
        adam.steps(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sgd.opt.state().write(out);
        adam.opt.state().write(out);
        out.write(42);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(sgd.opt.state(), OptimizerState.read(in));
        assertEquals(adam.opt.state(), OptimizerState.read(in));
        assertEquals(42, in.read(), "read consumes exactly the state's bytes");
    }

    @Test
    void formatStartsWithMagicAndVersionAndEndsWithCrc32() throws IOException {
        Run run = new Run(OptimizerFixtures.cases().get(1));
        run.steps(2);
        byte[] b = bytes(run.opt.state());
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals('S', b[0]);
        assertEquals('G', b[1]);
        assertEquals('O', b[2]);
        assertEquals('S', b[3]);
        assertEquals(1, buf.getInt(4));
        assertEquals(3, buf.getInt(8));  // "SGD"
        assertEquals("SGD", new String(b, 12, 3, java.nio.charset.StandardCharsets.US_ASCII));
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        assertEquals((int) crc.getValue(), buf.getInt(b.length - 4));
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
            assertTrue(e.getMessage().contains("truncated"), "prefix of " + n + " bytes: " + e.getMessage());
        }
    }

    @Test
    void everySingleByteCorruptionIsRejected() throws IOException {
        byte[] b = sampleBytes();
        for (int i = 0; i < b.length; i++) {
            byte[] bad = b.clone();
            bad[i] ^= (byte) 0x5A;
            assertThrows(IOException.class, () -> read(bad), "byte " + i + " flipped");
        }
    }

    @Test
    void aFlippedValueBitIsReportedAsChecksumMismatch() throws IOException {
        byte[] b = sampleBytes();
        byte[] bad = b.clone();
        bad[b.length - 20] ^= 1;  // inside the last buffer's values
        IOException e = assertThrows(IOException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void wrongMagicSaysItIsNotAnOptimizerState() throws IOException {
        byte[] bad = sampleBytes();
        bad[0] = 'P';
        IOException e = assertThrows(IOException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("not a sparkgrad optimizer state"), e.getMessage());
    }

    @Test
    void unknownVersionIsRejectedNamingIt() throws IOException {
        byte[] bad = sampleBytes();
        bad[7] = 2;
        IOException e = assertThrows(IOException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
    }

    @Test
    void emptyStreamIsTruncated() {
        IOException e = assertThrows(IOException.class, () -> read(new byte[0]));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
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
        return new OptimizerState(kind, numbers, flags, List.of(new OptimizerState.Param(new int[] {2}, step, buffers)));
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
