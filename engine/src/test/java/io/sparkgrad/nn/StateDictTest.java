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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
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
        assertEquals(8 + 4 + 4 + 4, b.length);
        assertTrue(read(b).isEmpty());
    }

    @Test
    void layoutIsTheDocumentedOne() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[][] {{1.0, -2.0}}));
        ByteBuffer b = ByteBuffer.wrap(bytes(m));
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x89, 'S', 'G', 'S', 'D', 0x0D, 0x0A, 0x1A}, magic);
        assertEquals(1, b.getInt(), "version");
        assertEquals(1, b.getInt(), "count");
        assertEquals(1, b.getInt(), "name length");
        assertEquals('w', b.get());
        assertEquals(2, b.getInt(), "rank");
        assertEquals(1, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(1.0, b.getDouble());
        assertEquals(-2.0, b.getDouble());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        assertEquals(crc.getValue(), Integer.toUnsignedLong(b.getInt()), "CRC-32 of everything before it");
        assertEquals(b.capacity(), b.position(), "nothing after the checksum");
    }

    @Test
    void everyTruncationIsRejectedWithAClearMessageNeverAnEofException() throws IOException {
        byte[] full = bytes(sample());
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("state dict: truncated "), len + ": " + e.getMessage());
        }
    }

    @Test
    void truncationNamesTheEntryItStoppedAfter() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.ones(2, 2));
        m.put("fc.bias", Tensor.ones(2));
        byte[] full = bytes(m);
        int afterFirst = 8 + 4 + 4 + (4 + 9 + 4 + 8 + 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Arrays.copyOf(full, afterFirst + 2)));
        assertEquals("state dict: truncated after entry 'fc.weight' (1 of 2 entries read) (file incomplete)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Arrays.copyOf(full, afterFirst + 20)));
        assertEquals("state dict: truncated in the values of entry 'fc.bias' (2 of 2), shape [2] (file incomplete, "
                + "or the shape is corrupted)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Arrays.copyOf(full, full.length - 1)));
        assertEquals("state dict: truncated after entry 'fc.bias', before the checksum (file incomplete)",
                e.getMessage());
    }

    @Test
    void anyFlippedBitIsRejected() throws IOException {
        byte[] full = bytes(sample());
        for (int i = 0; i < full.length; i++) {
            byte[] bad = full.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad), "byte " + i);
            assertTrue(e.getMessage().startsWith("state dict: "), e.getMessage());
        }
    }

    @Test
    void aFlippedValueBitIsReportedAsAChecksumMismatch() throws IOException {
        byte[] bad = bytes(sample());
        bad[16 + 4 + 9 + 4 + 8 + 8] ^= 0x10;  // in the second value of 'fc.weight'
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad));
        assertTrue(e.getMessage().startsWith("state dict: checksum mismatch (file corrupted)"), e.getMessage());
    }

    @Test
    void otherFilesAndOtherVersionsAreRejectedByName() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("PK\u0003\u0004 this is a zip, not a state dict".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("state dict: not a sparkgrad state dict (bad magic bytes"), e.getMessage());
        byte[] v2 = bytes(sample());
        v2[11] = 2;
        e = assertThrows(IllegalArgumentException.class, () -> read(v2));
        assertEquals("state dict: unsupported format version 2 (this build reads version 1)", e.getMessage());
    }

    @Test
    void corruptedHeaderFieldsAreNamed() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.ones(2));
        byte[] good = bytes(m);
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(12, -1);
        assertEquals("state dict: negative entry count -1 (file corrupted)", message(bad));
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(16, 1 << 30);
        assertEquals("state dict: entry 0 has an invalid name length 1073741824 (file corrupted)", message(bad));
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(21, 99);
        assertEquals("state dict: entry 'w' has an invalid rank 99 (file corrupted)", message(bad));
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(25, -2);
        assertEquals("state dict: entry 'w' has a negative dimension -2 (file corrupted)", message(bad));
        bad = good.clone();
        bad[20] = (byte) 0xff;
        assertEquals("state dict: the name of entry 0 is not valid UTF-8 (file corrupted)", message(bad));
    }

    @Test
    void aHugeCorruptedShapeFailsAsTruncationWithoutAllocatingIt() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.ones(2));
        byte[] bad = bytes(m);
        ByteBuffer.wrap(bad).putInt(25, 2_000_000_000);
        assertTrue(message(bad).startsWith("state dict: truncated in the values of entry 'w' (1 of 1), shape "
                + "[2000000000]"), message(bad));
        ByteBuffer.wrap(bad).putInt(21, 2).putInt(25, 1 << 20);
        byte[] twoDims = Arrays.copyOf(bad, bad.length + 4);
        ByteBuffer.wrap(twoDims).putInt(29, 1 << 20);
        assertTrue(message(twoDims).contains("too many elements"), message(twoDims));
    }

    @Test
    void saveAndLoadUseAFileAndRefuseTrailingBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.sgsd");
        StateDict.save(sample(), file);
        assertBitIdentical(sample(), StateDict.load(file));
        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDict.load(file));
        assertTrue(e.getMessage().contains("unexpected bytes after the checksum"), e.getMessage());
    }

    @Test
    void readStopsAtTheChecksumSoStateDictsCanBeConcatenated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StateDict.write(sample(), out);
        LinkedHashMap<String, Tensor> second = new LinkedHashMap<>();
        second.put("other", Tensor.of(7.0));
        StateDict.write(second, out);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertBitIdentical(sample(), StateDict.read(in));
        assertBitIdentical(second, StateDict.read(in));
        assertEquals(-1, in.read());
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
