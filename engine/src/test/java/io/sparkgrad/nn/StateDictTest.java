package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
    /** Values whose bits a careless format loses: NaN payloads, -0.0, subnormals, infinities. */
    private static final double[] AWKWARD = {
        Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000abcdefL),
        -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_NORMAL / 3, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Math.PI, -1e-300,
    };

    private static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.fromArray(AWKWARD, 3, 4));
        m.put("fc.bias", Tensor.randn(new Generator(3), 4));
        m.put("scalar", Tensor.scalar(-0.0));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("transposed", Tensor.arange(6).reshape(2, 3).t());
        m.put("ünïcödé.名前", Tensor.of(1.5));
        return m;
    }

    private static byte[] bytes(Map<String, Tensor> m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StateDict.write(m, out);
        return out.toByteArray();
    }

    private static LinkedHashMap<String, Tensor> read(byte[] b) throws IOException {
        return StateDict.read(new ByteArrayInputStream(b));
    }

    private static void assertBitIdentical(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "names in order");
        expected.forEach((name, t) -> {
            Tensor r = actual.get(name);
            assertArrayEquals(t.shape(), r.shape(), name);
            double[] a = t.toArray();
            double[] b = r.toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), name + "[" + i + "]");
            }
        });
    }

    @Test
    void roundTripIsBitExactIncludingNanPayloadsNegativeZeroAndSubnormals() throws IOException {
        LinkedHashMap<String, Tensor> m = sample();
        LinkedHashMap<String, Tensor> back = read(bytes(m));
        assertBitIdentical(m, back);
        assertArrayEquals(bytes(m), bytes(back), "writing what was read gives the same bytes");
    }

    @Test
    void emptyStateDictRoundTrips() throws IOException {
        byte[] b = bytes(new LinkedHashMap<>());
        assertTrue(read(b).isEmpty());
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(8 + n, b.length, "a header and no data");
    }

    @Test
    void isASafetensorsFileWithTheFormatVersionAndChecksumInItsMetadata() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[][] {{1.0, -2.0}}));
        Safetensors.Contents c = Safetensors.read(new ByteArrayInputStream(bytes(m)));
        assertEquals(List.of("format", "version", "crc32"), new ArrayList<>(c.metadata().keySet()));
        assertEquals("sparkgrad.state_dict", c.metadata().get("format"));
        assertEquals("1", c.metadata().get("version"));
        assertTrue(c.metadata().get("crc32").matches("[0-9a-f]{8}"));
        assertArrayEquals(new double[] {1.0, -2.0}, c.tensors().get("w").toArray());
    }

    /** The bytes StateDict.write produced for {@link #committedSample()} when the fixture was made. */
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StateDictTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertTrue(in != null, name + " is on the test classpath");
            return in.readAllBytes();
        }
    }

    /** A state dict with every awkward value, fixed so its bytes can be committed. */
    static LinkedHashMap<String, Tensor> committedSample() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.fromArray(AWKWARD, 3, 4));
        m.put("fc.bias", Tensor.of(0.1, -0.2, 0.3, 1e-300));
        m.put("scalar", Tensor.scalar(-0.0));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("ünïcödé.名前", Tensor.of(1.5));
        return m;
    }

    @Test
    void writesTheCommittedBytesThatPythonVerified() throws IOException {
        // java_state_dict.safetensors was checked once with safetensors_fixtures.py (FORMATS.md)
        assertArrayEquals(fixture("java_state_dict.safetensors"), bytes(committedSample()));
    }

    @Test
    void readsAStateDictWrittenByPythonsSafetensors() throws IOException {
        // safetensors_fixtures.py: safetensors.numpy.save_file with the sparkgrad metadata
        LinkedHashMap<String, Tensor> m = read(fixture("python_state_dict.safetensors"));
        assertEquals(List.of("awkward", "empty", "fc.bias", "fc.weight", "step"), new ArrayList<>(m.keySet()),
                "data order, which Python's writer sorts by name");
        long[] awkward = Arrays.stream(m.get("awkward").toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(new long[] {0x7FF8000000000001L, 0x8000000000000000L, 1L, 0xFFF0000000000000L}, awkward);
        assertArrayEquals(new int[] {0, 2}, m.get("empty").shape());
        assertArrayEquals(new double[] {0.1, -0.2, 1e-300}, m.get("fc.bias").toArray());
        assertArrayEquals(new int[] {2, 3}, m.get("fc.weight").shape());
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) {
            w[i] = (i - 2.5) / 3.0;
        }
        assertArrayEquals(w, m.get("fc.weight").toArray());
        assertArrayEquals(new int[0], m.get("step").shape());
        assertEquals(7.0, m.get("step").item());
    }

    @Test
    void aSafetensorsFileFromAnotherToolIsRefusedByNameButSafetensorsReadsIt() throws IOException {
        byte[] plain = fixture("python_plain.safetensors");
        assertEquals("state dict: not a sparkgrad state dict: __metadata__ has no \"format\" (a safetensors file "
                + "from another tool? read it with Safetensors.read)", message(plain));
        assertEquals(5, Safetensors.read(new ByteArrayInputStream(plain)).tensors().size());
    }

    @Test
    void everyTruncationIsRejectedWithAClearMessageNeverAnEofException() throws IOException {
        byte[] full = bytes(sample());
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("state dict: truncated: "), len + ": " + e.getMessage());
        }
    }

    @Test
    void truncationNamesTheTensorItStoppedIn() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.ones(2, 2));
        m.put("fc.bias", Tensor.ones(2));
        byte[] full = bytes(m);
        assertEquals("state dict: truncated: the stream ends in the data of tensor 'fc.bias' (shape [2]), 40 of the "
                + "48 data bytes the header indexes (file incomplete, or the header is corrupted)",
                message(Arrays.copyOf(full, full.length - 8)));
    }

    @Test
    void anyFlippedBitAnywhereIsRejected() throws IOException {
        // the checksum covers names, shapes and metadata as well as the data, and the rest is JSON syntax
        byte[] full = bytes(sample());
        for (int i = 0; i < full.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = full.clone();
                bad[i] ^= (byte) (1 << bit);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad),
                        "byte " + i + " bit " + bit);
                assertTrue(e.getMessage().startsWith("state dict: "), e.getMessage());
            }
        }
    }

    @Test
    void aChangedValueOrNameIsReportedAsAChecksumMismatch() throws IOException {
        byte[] good = bytes(sample());
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 0x10;  // in the last value
        assertTrue(message(bad).startsWith("state dict: checksum mismatch: crc32 stored "), message(bad));
        String header = new String(good, StandardCharsets.ISO_8859_1);
        byte[] renamed = header.replace("fc.weight", "fc.wEight").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(message(renamed).startsWith("state dict: checksum mismatch: "), message(renamed));
    }

    @Test
    void otherFormatsAndOtherVersionsAreRejectedByName() throws IOException {
        assertTrue(message("PK\u0003\u0004 this is a zip, not a state dict".getBytes(StandardCharsets.UTF_8))
                .startsWith("state dict: bad header: its length "));
        assertEquals("state dict: unsupported format version \"2\" (this build reads version 1)",
                message(withMetadata(Map.of("format", "sparkgrad.state_dict", "version", "2"))));
        assertEquals("state dict: not a sparkgrad state dict: __metadata__ \"format\" is \"sparkgrad.optimizer_state\", "
                + "expected \"sparkgrad.state_dict\"", message(withMetadata(Map.of("format", "sparkgrad.optimizer_state",
                "version", "1"))));
    }

    @Test
    void aStateDictWithoutAChecksumIsRefused() throws IOException {
        byte[] noCrc = SafetensorsTest.file("{\"__metadata__\":{\"format\":\"sparkgrad.state_dict\",\"version\":\"1\"}}",
                new byte[0]);
        assertEquals("state dict: __metadata__ has no \"crc32\" checksum, which every sparkgrad state dict carries",
                message(noCrc));
    }

    private static byte[] withMetadata(Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(Map.of("w", Tensor.of(1.0)), metadata, out);
        return out.toByteArray();
    }

    @Test
    void saveAndLoadUseAFileAndRefuseTrailingBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        StateDict.save(sample(), file);
        assertBitIdentical(sample(), StateDict.load(file));
        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDict.load(file));
        assertTrue(e.getMessage().startsWith("state dict: the stream goes on after the "), e.getMessage());
    }

    @Test
    void moduleStateSurvivesSaveAndLoadIntoAFreshModel() throws IOException {
        Sequential a = new Sequential(new Linear(5, 4, new Generator(1)), new ReLU(), new Linear(4, 2, new Generator(2)));
        Sequential b = new Sequential(new Linear(5, 4, new Generator(8)), new ReLU(), new Linear(4, 2, new Generator(9)));
        b.loadStateDict(read(bytes(a.stateDict())));
        assertBitIdentical(a.stateDict(), b.stateDict());
        Tensor x = Tensor.randn(new Generator(4), 3, 5);
        assertTrue(a.forward(x).equal(b.forward(x)));
    }

    private static String message(byte[] b) {
        return assertThrows(IllegalArgumentException.class, () -> read(b)).getMessage();
    }
}
