package io.sparkgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safetensors codec against the specification: what the reference implementation writes,
 * what it accepts, every way it refuses a file (each named in the message), and sparkgrad's
 * checksum.
 */
class SafetensorsTest {

    /** A file from a header string and data bytes, with the header length as given (unpadded). */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    /** Little-endian float64 bytes. */
    static byte[] f64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static Safetensors.Contents read(byte[] b) throws IOException {
        return Safetensors.read(new ByteArrayInputStream(b));
    }

    static String refusal(byte[] b) {
        return assertThrows(IllegalArgumentException.class, () -> read(b)).getMessage();
    }

    static String refusal(String header, byte[] data) {
        return refusal(file(header, data));
    }

    static byte[] written(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(tensors, metadata, out);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- what the writer produces

    @Test
    void writesTheReferenceLayoutPaddedWithSpacesToEightBytes() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[][] {{1.0, -2.0}}));
        m.put("b", Tensor.scalar(0.5));
        byte[] b = written(m, Map.of("k", "v"));
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header length is a multiple of 8");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"k\":\"v\",\"crc32\":\"" + crc(b) + "\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]}}";
        assertEquals(json + " ".repeat((int) n - json.length()), header);
        buf.position(8 + (int) n);
        assertEquals(1.0, buf.getDouble());
        assertEquals(-2.0, buf.getDouble());
        assertEquals(0.5, buf.getDouble());
        assertEquals(b.length, buf.position(), "nothing after the data");
    }

    private static String crc(byte[] file) throws IOException {
        return read(file).metadata().get(Safetensors.CHECKSUM);
    }

    @Test
    void checksumCoversDataThenNamesDtypesShapesThenSortedMetadata() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[][] {{1.0, -2.0}}));
        m.put("s", Tensor.scalar(3.0));
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("zeta", "1");
        meta.put("alpha", "é");
        java.util.zip.CRC32 expected = new java.util.zip.CRC32();
        expected.update(f64(1.0, -2.0, 3.0));
        // each field ends in NUL; the scalar's dimension list is empty
        String index = String.join("\u0000", "w", "F64", "1,2", "s", "F64", "", "alpha", "é", "zeta", "1", "");
        expected.update(index.getBytes(StandardCharsets.UTF_8));
        assertEquals(String.format("%08x", expected.getValue()), crc(written(m, meta)));
    }

    @Test
    void metadataKeysSortByCodePointAsPythonDoes() {
        // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit (0xD83D)
        assertTrue(SafetensorsChecksum.compareCodePoints("\uFF5E", "\uD83D\uDE00") < 0);
        assertTrue("\uFF5E".compareTo("\uD83D\uDE00") > 0);
    }

    @Test
    void writerRefusesWhatItCannotWriteFaithfully() {
        Map<String, Tensor> one = Map.of("x", Tensor.of(1.0));
        assertEquals("a tensor cannot be named __metadata__, the metadata key", assertThrows(
                IllegalArgumentException.class, () -> written(Map.of("__metadata__", Tensor.of(1.0)), Map.of()))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> written(one, Map.of("crc32", "0")))
                .getMessage().contains("write adds it"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> written(one, Map.of("a\0b", "0")))
                .getMessage().contains("contains NUL"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> written(Map.of("\uD800", Tensor.of(1.0)), Map.of())).getMessage().contains("unpaired surrogate"));
    }

    // ---------------------------------------------------------------- what the reader accepts

    @Test
    void readsAReferenceFileWithoutMetadataUnpaddedAndOutOfOrderInDataOrder() throws IOException {
        String header = "{\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8],\"extra\":true}}";
        Safetensors.Contents c = read(file(header, f64(7.0, 1.0, 2.0)));
        assertEquals(List.of("a", "b"), new ArrayList<>(c.tensors().keySet()), "data order");
        assertEquals(7.0, c.tensors().get("a").item());
        assertArrayEquals(new double[] {1.0, 2.0}, c.tensors().get("b").toArray());
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void emptyTensorsMayShareAnOffset() throws IOException {
        String header = "{\"e1\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"e2\":{\"dtype\":\"F64\",\"shape\":[3,0],\"data_offsets\":[0,0]},"
                + "\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Safetensors.Contents c = read(file(header, f64(4.0)));
        assertEquals(List.of("e1", "e2", "x"), new ArrayList<>(c.tensors().keySet()));
        assertArrayEquals(new int[] {3, 0}, c.tensors().get("e2").shape());
    }

    // ---------------------------------------------------------------- every refusal, named

    private static final String ONE = "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";

    @Test
    void streamsShorterThanTheHeaderLengthAreTruncated() {
        assertEquals("truncated: the stream ends after 0 bytes, inside the 8-byte header length (file incomplete, "
                + "or empty)", refusal(new byte[0]));
        assertEquals("truncated: the stream ends after 5 bytes, inside the 8-byte header length (file incomplete, "
                + "or empty)", refusal(new byte[5]));
    }

    @Test
    void headerLengthBeyondTheLimitOrTheStreamIsRefused() {
        byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        assertTrue(refusal(huge).startsWith("bad header: its length 100000001 is more than the 100000000 bytes"));
        byte[] negative = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertTrue(refusal(negative).startsWith("bad header: its length 18446744073709551615 is more than"));
        byte[] f = file(ONE, f64(1.0));
        byte[] cut = java.util.Arrays.copyOf(f, 20);
        assertEquals("truncated: the stream ends 12 bytes into the " + ONE.length() + "-byte header (file incomplete, "
                + "or the header length is corrupted)", refusal(cut));
    }

    @Test
    void headerThatIsNotUtf8NotAnObjectOrNotJsonIsRefused() {
        byte[] latin1 = file("{\"x\u00e9\":1}", new byte[0]);
        latin1[11] = (byte) 0xe9;  // a lone Latin-1 byte where UTF-8 needs two
        latin1[12] = '"';
        assertEquals("bad header: it is not valid UTF-8 (not a safetensors file, or corrupted)", refusal(latin1));
        assertEquals("bad header: it does not start with '{' (not a safetensors file, or corrupted)",
                refusal(" " + ONE, f64(1.0)));
        assertEquals("bad header: it does not start with '{' (not a safetensors file, or corrupted)",
                refusal("[1]", new byte[0]));
        assertTrue(refusal("{\"x\":", new byte[0]).startsWith("bad header JSON: Unexpected end-of-input"));
        assertTrue(refusal(ONE + " x", f64(1.0)).startsWith("bad header JSON: "), "only spaces may follow");
        String dup = "{\"x\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"x\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        assertTrue(refusal(dup, f64(1.0, 2.0)).startsWith("bad header JSON: Duplicate field 'x'"), refusal(dup,
                f64(1.0, 2.0)));
    }

    @Test
    void metadataMustBeAnObjectOfStrings() {
        assertEquals("bad header: __metadata__ is a JSON array, expected an object of strings",
                refusal("{\"__metadata__\":[]}", new byte[0]));
        assertEquals("bad header: __metadata__ value of 'version' is 1, but safetensors metadata values must be "
                + "strings", refusal("{\"__metadata__\":{\"version\":1}}", new byte[0]));
    }

    @Test
    void tensorEntriesMustHaveAKnownDtypeAShapeAndTwoOffsets() {
        assertEquals("bad header: tensor 'x' is described by 3, expected an object with dtype, shape and "
                + "data_offsets", refusal("{\"x\":3}", new byte[0]));
        assertEquals("bad header: tensor 'x' has no dtype",
                refusal("{\"x\":{\"shape\":[],\"data_offsets\":[0,8]}}", f64(1)));
        assertEquals("bad header: tensor 'x' has an unknown dtype \"F63\"",
                refusal(ONE.replace("F64", "F63"), f64(1)));
        assertEquals("wrong dtype: tensor 'x' is F32; sparkgrad reads only F64 (float64) tensors, convert it first "
                + "(numpy: a.astype('<f8'))", refusal(ONE.replace("F64", "F32").replace("8]", "4]"), new byte[4]));
        assertEquals("bad header: tensor 'x' has no shape",
                refusal("{\"x\":{\"dtype\":\"F64\",\"data_offsets\":[0,8]}}", f64(1)));
        assertEquals("bad header: tensor 'x' has shape [-1], expected non-negative integers",
                refusal(ONE.replace("[1]", "[-1]"), f64(1)));
        assertEquals("bad header: tensor 'x' has shape [1.0], expected non-negative integers",
                refusal(ONE.replace("[1]", "[1.0]"), f64(1)));
        assertEquals("bad header: tensor 'x' has shape [65536,65536], more elements than one tensor can hold "
                + "(2^31 - 9)", refusal(ONE.replace("[1]", "[65536,65536]"), f64(1)));
        assertEquals("bad header: tensor 'x' has shape [4294967296], whose size 4294967296 is too large for a tensor "
                + "here", refusal(ONE.replace("[1]", "[4294967296]"), f64(1)));
        assertEquals("bad header: tensor 'x' has data_offsets [0,8,16], expected [begin, end], two non-negative "
                + "integers", refusal(ONE.replace("[0,8]", "[0,8,16]"), f64(1)));
        assertEquals("bad header: tensor 'x' has data_offsets [-8,0], expected [begin, end], two non-negative "
                + "integers", refusal(ONE.replace("[0,8]", "[-8,0]"), f64(1)));
        assertEquals("bad header: tensor 'x' has data_offsets missing, expected [begin, end], two non-negative "
                + "integers", refusal("{\"x\":{\"dtype\":\"F64\",\"shape\":[1]}}", f64(1)));
        assertEquals("bad header: tensor 'x' has data_offsets [8, 0] that end before they begin",
                refusal(ONE.replace("[0,8]", "[8,0]"), f64(1)));
    }

    @Test
    void offsetsMustIndexTheDataWithoutHolesOrOverlapsAndMatchTheShape() {
        assertEquals("tensor 'x' starts at byte 8 of the data, but the first tensor must start at 0 (a hole; "
                + "safetensors requires the data to be indexed without holes or overlaps)",
                refusal(ONE.replace("[0,8]", "[8,16]"), f64(0, 1)));
        String hole = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        assertEquals("tensor 'b' starts at byte 16 of the data, but the tensor before it ends at 8 (a hole; "
                + "safetensors requires the data to be indexed without holes or overlaps)", refusal(hole, f64(0, 1, 2)));
        String overlap = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        assertEquals("tensor 'b' starts at byte 8 of the data, but the tensor before it ends at 16 (an overlap; "
                + "safetensors requires the data to be indexed without holes or overlaps)", refusal(overlap, f64(0, 1)));
        assertEquals("tensor 'x' has shape [2], 16 bytes of F64, but its data_offsets [0, 8] span 8 bytes",
                refusal(ONE.replace("[1]", "[2]"), f64(1)));
    }

    @Test
    void dataShorterOrLongerThanTheHeaderSaysIsRefused() {
        String two = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}";
        assertEquals("truncated: the stream ends in the data of tensor 'b' (shape [2]), 20 of the 24 data bytes the "
                + "header indexes (file incomplete, or the header is corrupted)", refusal(two, new byte[20]));
        assertEquals("the stream goes on after the 24 data bytes its header indexes (corrupted, or something "
                + "appended; safetensors allows nothing after the data)", refusal(two, new byte[25]));
    }

    @Test
    void aHugeDamagedShapeFailsAsTruncationWithoutAllocatingIt() {
        String big = "{\"x\":{\"dtype\":\"F64\",\"shape\":[2000000000],\"data_offsets\":[0,16000000000]}}";
        assertTrue(refusal(big, f64(1, 2, 3)).startsWith("truncated: the stream ends in the data of tensor 'x' "
                + "(shape [2000000000]), 24 of the 16000000000 data bytes"));
    }

    @Test
    void aChecksumMismatchIsNamed() throws IOException {
        byte[] b = written(Map.of("x", Tensor.of(1.0, 2.0)), Map.of());
        b[b.length - 1] ^= 0x01;
        assertTrue(refusal(b).matches("checksum mismatch: crc32 stored [0-9a-f]{8}, computed [0-9a-f]{8} \\(the data, "
                + "a name, a shape or a metadata value is corrupted\\)"), refusal(b));
    }
}
