package io.sparkgrad.nn;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named float64 tensors and string metadata in a <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> file, the format {@link StateDict} and {@code OptimizerState} files use: an 8-byte
 * little-endian header length N, N bytes of JSON header
 * ({@code {"__metadata__": {...}, "name": {"dtype": "F64", "shape": [...], "data_offsets": [begin, end]}, ...}},
 * padded with spaces to a multiple of 8), then the tensors' little-endian bytes, row-major, at
 * offsets relative to the end of the header. Python's {@code safetensors.numpy.load_file} reads
 * these files, and so do a few lines of numpy ({@code engine/FORMATS.md}).
 *
 * <p>{@link #write} lays the tensors out in map order and adds a {@code crc32} metadata entry, the
 * checksum {@link SafetensorsChecksum} defines (data, names, shapes and metadata). {@link #read}
 * accepts any safetensors file of F64 tensors, verifies {@code crc32} when the file has one, and
 * returns the tensors in data order, which is the writer's map order. It refuses, with an
 * {@link IllegalArgumentException} saying what is wrong, everything the reference implementation
 * refuses and a little more:
 *
 * <ul>
 *   <li>a stream shorter than 8 bytes, or than the header, or than the data the header indexes
 *       ({@code "truncated: ..."});</li>
 *   <li>a header longer than 100,000,000 bytes, not UTF-8, not starting with {@code '{'}, not
 *       JSON, with a duplicate key, or with anything but spaces after the JSON object;</li>
 *   <li>{@code __metadata__} that is not an object of strings; a tensor entry that is not an
 *       object, lacks dtype, shape or data_offsets, or has negative or non-integer numbers;</li>
 *   <li>an unknown dtype, and a known one other than F64 ({@code "wrong dtype: ..."});</li>
 *   <li>data_offsets that end before they begin, leave a hole or overlap, or span another number of
 *       bytes than the shape needs; a tensor too large for a Java array;</li>
 *   <li>bytes after the indexed data (the reference rejects them too: no polyglot files);</li>
 *   <li>a {@code crc32} that does not match ({@code "checksum mismatch: ..."}).</li>
 * </ul>
 *
 * Values are read in chunks as the bytes arrive, so a damaged header cannot make the reader
 * allocate much more than the stream holds. Bits are kept exactly: NaN payloads, -0.0 and
 * subnormals survive a round trip.
 */
public final class Safetensors {
    /** The largest header the reference implementation accepts ({@code MAX_HEADER_SIZE}). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header key of the string-to-string metadata map. */
    public static final String METADATA = "__metadata__";
    /** The metadata key of sparkgrad's checksum, see {@link SafetensorsChecksum}. */
    public static final String CHECKSUM = "crc32";

    /** The largest Java array, which bounds one tensor. */
    static final int MAX_NUMEL = Integer.MAX_VALUE - 8;
    /** Doubles converted per step, so a damaged shape cannot make the reader allocate gigabytes up front. */
    private static final int CHUNK = 1 << 13;

    private Safetensors() {
    }

    /**
     * What a file holds: the tensors in data order (a fresh map, the caller's to keep) and the
     * metadata in header order, {@code crc32} included when the file has one (then verified).
     */
    public record Contents(LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, String> metadata) {
    }

    /**
     * Writes {@code tensors} (in map order) and {@code metadata} plus a {@code crc32} entry to
     * {@code out}, flushed, not closed. Names must be valid Unicode and not {@code __metadata__};
     * names, metadata keys and values must not contain NUL (the checksum's separator), and
     * {@code metadata} must not already hold {@code crc32}.
     */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        List<SafetensorsHeader.Entry> entries = new ArrayList<>(tensors.size());
        List<double[]> values = new ArrayList<>(tensors.size());
        SafetensorsChecksum checksum = new SafetensorsChecksum();
        byte[] chunk = new byte[8 * CHUNK];
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || e.getValue() == null) {
                throw new IllegalArgumentException("cannot write a null name or tensor (entry '" + name + "')");
            }
            checkText("tensor name", name);
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA + ", the metadata key");
            }
            double[] v = e.getValue().toArray();
            entries.add(new SafetensorsHeader.Entry(name, e.getValue().shape(), offset, offset + 8L * v.length));
            values.add(v);
            offset += 8L * v.length;
            // first pass: the checksum goes in the header, before the data
            for (int start = 0; start < v.length; start += CHUNK) {
                int n = toBytes(v, start, chunk);
                checksum.data(chunk, 0, 8 * n);
            }
        }
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((k, val) -> {
            checkText("metadata key", k);
            checkText("value of metadata '" + k + "'", val);
            if (k.equals(CHECKSUM)) {
                throw new IllegalArgumentException("metadata may not set '" + CHECKSUM + "'; write adds it");
            }
            meta.put(k, val);
        });
        meta.put(CHECKSUM, checksum.finish(entries, meta));
        byte[] header = SafetensorsHeader.encode(entries, meta);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (double[] v : values) {
            for (int start = 0; start < v.length; start += CHUNK) {
                int n = toBytes(v, start, chunk);
                out.write(chunk, 0, 8 * n);
            }
        }
        out.flush();
    }

    /**
     * Reads one safetensors file from {@code in} (not closed), which must end where the file
     * ends. See the class doc for what is refused.
     */
    public static Contents read(InputStream in) throws IOException {
        byte[] lengthBytes = in.readNBytes(8);
        if (lengthBytes.length < 8) {
            throw new IllegalArgumentException("truncated: the stream ends after " + lengthBytes.length
                    + " bytes, inside the 8-byte header length (file incomplete, or empty)");
        }
        long n = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("bad header: its length " + Long.toUnsignedString(n)
                    + " is more than the " + MAX_HEADER_BYTES + " bytes safetensors allows (not a safetensors file, "
                    + "or corrupted)");
        }
        byte[] header = in.readNBytes((int) n);
        if (header.length < n) {
            throw new IllegalArgumentException("truncated: the stream ends " + header.length + " bytes into the "
                    + n + "-byte header (file incomplete, or the header length is corrupted)");
        }
        SafetensorsHeader.Parsed parsed = SafetensorsHeader.parse(header);
        SafetensorsChecksum checksum = new SafetensorsChecksum();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : parsed.entries()) {
            tensors.put(e.name(), Tensor.wrap(values(in, e, parsed.dataLength(), checksum), e.shape()));
        }
        if (in.read() != -1) {
            throw new IllegalArgumentException("the stream goes on after the " + parsed.dataLength()
                    + " data bytes its header indexes (corrupted, or something appended; safetensors allows "
                    + "nothing after the data)");
        }
        String stored = parsed.metadata().get(CHECKSUM);
        if (stored != null) {
            String computed = checksum.finish(parsed.entries(), parsed.metadata());
            if (!computed.equals(stored)) {
                throw new IllegalArgumentException("checksum mismatch: " + CHECKSUM + " stored " + stored
                        + ", computed " + computed + " (the data, a name, a shape or a metadata value is corrupted)");
            }
        }
        return new Contents(tensors, parsed.metadata());
    }

    /** Reads one tensor's values, growing the array as the bytes actually arrive. */
    private static double[] values(InputStream in, SafetensorsHeader.Entry e, long dataLength,
            SafetensorsChecksum checksum) throws IOException {
        int numel = Shape.numel(e.shape());
        double[] values = new double[Math.min(numel, CHUNK)];
        byte[] bytes = new byte[8 * Math.min(numel, CHUNK)];
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int filled = 0; filled < numel;) {
            int count = Math.min(CHUNK, numel - filled);
            int got = in.readNBytes(bytes, 0, 8 * count);
            if (got < 8 * count) {
                throw new IllegalArgumentException("truncated: the stream ends in the data of tensor '" + e.name()
                        + "' (shape " + Shape.format(e.shape()) + "), " + (e.begin() + 8L * filled + got) + " of the "
                        + dataLength + " data bytes the header indexes (file incomplete, or the header is corrupted)");
            }
            checksum.data(bytes, 0, 8 * count);
            if (values.length < filled + count) {
                values = Arrays.copyOf(values, (int) Math.min(numel, Math.max(2L * values.length, filled + count)));
            }
            view.clear();
            for (int i = 0; i < count; i++) {
                values[filled + i] = Double.longBitsToDouble(view.getLong());
            }
            filled += count;
        }
        return values;
    }

    /** Little-endian raw bits of up to CHUNK values from {@code start}; returns how many. */
    private static int toBytes(double[] v, int start, byte[] chunk) {
        int n = Math.min(CHUNK, v.length - start);
        ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            // raw bits: doubleToLongBits would collapse every NaN to the canonical one
            b.putLong(Double.doubleToRawLongBits(v[start + i]));
        }
        return n;
    }

    private static void checkText(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException("a " + what + " is null");
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the " + what + " '" + s.replace("\0", "\\0")
                    + "' contains NUL, which the checksum uses as its separator");
        }
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + what + " '" + s + "' is not valid Unicode (an unpaired "
                    + "surrogate), so it has no UTF-8 form");
        }
    }
}
