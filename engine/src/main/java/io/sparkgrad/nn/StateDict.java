package io.sparkgrad.nn;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Named tensors (a {@link Module#stateDict()}) in a small, documented binary format, written and
 * read back bit for bit (NaN payloads, -0.0 and subnormals included). No Java serialization: the
 * reader only ever builds strings, int shapes and double arrays. Files conventionally end in
 * {@code .sgsd}. All integers are big-endian; the layout, also in {@code engine/FORMATS.md}:
 *
 * <pre>
 *   magic        8 bytes   0x89 'S' 'G' 'S' 'D' 0x0D 0x0A 0x1A
 *   version      int32     1
 *   count        int32     number of entries, >= 0
 *   count times, in map order:
 *     nameLength int32     bytes of the name, 0..65535
 *     name       bytes     UTF-8
 *     rank       int32     0..64 (0 is a scalar)
 *     dims       rank x int32, each >= 0, product < 2^31
 *     values     numel x 8 bytes: IEEE-754 binary64, raw bits, row-major
 *   checksum     uint32    CRC-32 (zlib / java.util.zip.CRC32) of every byte before it
 * </pre>
 *
 * <p>The magic's first byte is not ASCII and it holds CR LF and Ctrl-Z, so a file mangled by a
 * text-mode transfer is rejected at once, as PNG does. {@link #read} fails with an
 * {@link IllegalArgumentException} whose message starts with {@code "state dict: "} and says what
 * is wrong (bad magic, unsupported version, truncation and where, checksum mismatch, bad name,
 * bad shape, duplicate name); it never lets an {@link EOFException} escape. It reads exactly one
 * state dict and leaves any bytes after the checksum in the stream; {@link #load(Path)} refuses a
 * file with trailing bytes.
 */
public final class StateDict {
    /** The 8 magic bytes that open every state dict. */
    static final byte[] MAGIC = {(byte) 0x89, 'S', 'G', 'S', 'D', 0x0D, 0x0A, 0x1A};
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    static final int MAX_NAME_BYTES = 65535;
    static final int MAX_RANK = 64;
    /** The largest Java array. */
    private static final int MAX_NUMEL = Integer.MAX_VALUE - 8;
    /** Doubles read per step, so a corrupted shape cannot make the reader allocate gigabytes up front. */
    private static final int CHUNK = 1 << 16;

    private StateDict() {
    }

    /** Writes {@code tensors} to {@code out} (not closed; flushed). */
    public static void write(Map<String, Tensor> tensors, OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out), crc));
        data.write(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || t == null) {
                throw new IllegalArgumentException("state dict: cannot write a null name or tensor (entry '" + name
                        + "')");
            }
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("state dict: name '" + name.substring(0, 40) + "…' is "
                        + utf8.length + " UTF-8 bytes, more than " + MAX_NAME_BYTES);
            }
            int[] shape = t.shape();
            if (shape.length > MAX_RANK) {
                throw new IllegalArgumentException("state dict: entry '" + name + "' has rank " + shape.length
                        + ", more than " + MAX_RANK);
            }
            data.writeInt(utf8.length);
            data.write(utf8);
            data.writeInt(shape.length);
            for (int d : shape) {
                data.writeInt(d);
            }
            for (double v : t.toArray()) {
                // raw bits: writeDouble would collapse every NaN to the canonical one
                data.writeLong(Double.doubleToRawLongBits(v));
            }
        }
        data.flush();
        int checksum = (int) crc.getValue();
        // after the checksum is taken: these 4 bytes are not part of it
        new DataOutputStream(out).writeInt(checksum);
        out.flush();
    }

    /** Reads one state dict from {@code in} (not closed), validating everything; see the class doc. */
    public static LinkedHashMap<String, Tensor> read(InputStream in) throws IOException {
        return new Reader(in).read();
    }

    /** Writes {@code tensors} to a file, replacing it. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(tensors, out);
        }
    }

    /** Reads a file written by {@link #save}; bytes after the checksum are refused. */
    public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            LinkedHashMap<String, Tensor> out = read(in);
            if (in.read() != -1) {
                throw new IllegalArgumentException("state dict: " + file + " has unexpected bytes after the checksum "
                        + "(file corrupted or not a single state dict)");
            }
            return out;
        }
    }

    /** One read: keeps track of where it is, so that a truncation can be reported precisely. */
    private static final class Reader {
        private final CRC32 crc = new CRC32();
        private final InputStream raw;
        private final DataInputStream data;
        private String where = "in the header";

        Reader(InputStream in) {
            this.raw = in;
            this.data = new DataInputStream(new CheckedInputStream(in, crc));
        }

        LinkedHashMap<String, Tensor> read() throws IOException {
            byte[] magic = bytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt("not a sparkgrad state dict (bad magic bytes " + hex(magic) + ", expected "
                        + hex(MAGIC) + ")");
            }
            int version = int32();
            if (version != VERSION) {
                throw corrupt("unsupported format version " + version + " (this build reads version " + VERSION
                        + ")");
            }
            int count = int32();
            if (count < 0) {
                throw corrupt("negative entry count " + count + " (file corrupted)");
            }
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            String previous = null;
            for (int i = 0; i < count; i++) {
                where = previous == null ? "in entry 0 of " + count : "after entry '" + previous + "' (" + i + " of "
                        + count + " entries read)";
                String name = name(i);
                where = "in entry '" + name + "' (" + (i + 1) + " of " + count + ")";
                if (out.containsKey(name)) {
                    throw corrupt("duplicate entry '" + name + "' (file corrupted)");
                }
                int[] shape = shape(name);
                where = "in the values of entry '" + name + "' (" + (i + 1) + " of " + count + "), shape "
                        + Shape.format(shape);
                out.put(name, Tensor.wrap(values(Shape.numel(shape)), shape));
                previous = name;
            }
            where = count == 0 ? "before the checksum" : "after entry '" + previous + "', before the checksum";
            long computed = crc.getValue();
            long stored = Integer.toUnsignedLong(checksum());
            if (stored != computed) {
                throw corrupt(String.format(Locale.ROOT, "checksum mismatch (file corrupted): stored %08x, computed "
                        + "%08x", stored, computed));
            }
            return out;
        }

        private String name(int i) throws IOException {
            int length = int32();
            if (length < 0 || length > MAX_NAME_BYTES) {
                throw corrupt("entry " + i + " has an invalid name length " + length + " (file corrupted)");
            }
            byte[] utf8 = bytes(length);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw corrupt("the name of entry " + i + " is not valid UTF-8 (file corrupted)");
            }
        }

        private int[] shape(String name) throws IOException {
            int rank = int32();
            if (rank < 0 || rank > MAX_RANK) {
                throw corrupt("entry '" + name + "' has an invalid rank " + rank + " (file corrupted)");
            }
            int[] shape = new int[rank];
            long numel = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = int32();
                if (shape[d] < 0) {
                    throw corrupt("entry '" + name + "' has a negative dimension " + shape[d] + " (file corrupted)");
                }
                // saturating, so the product cannot overflow
                numel = Math.min(numel * shape[d], MAX_NUMEL + 1L);
            }
            if (numel > MAX_NUMEL) {
                throw corrupt("entry '" + name + "' has shape " + Shape.format(shape)
                        + ", too many elements for one tensor (file corrupted)");
            }
            return shape;
        }

        /** Reads numel doubles, growing the array as the bytes actually arrive. */
        private double[] values(int numel) throws IOException {
            double[] values = new double[Math.min(numel, CHUNK)];
            byte[] buffer = new byte[8 * Math.min(numel, CHUNK)];
            int filled = 0;
            while (filled < numel) {
                int n = Math.min(numel - filled, CHUNK);
                if (filled + n > values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(numel, Math.max(2L * values.length, filled + n)));
                }
                readFully(buffer, 8 * n);
                ByteBuffer.wrap(buffer, 0, 8 * n).asDoubleBuffer().get(values, filled, n);
                filled += n;
            }
            return values;
        }

        private int checksum() throws IOException {
            // the checksum itself is read around the CRC
            byte[] b = new byte[4];
            int off = 0;
            while (off < 4) {
                int r = raw.read(b, off, 4 - off);
                if (r < 0) {
                    throw truncated();
                }
                off += r;
            }
            return ByteBuffer.wrap(b).getInt();
        }

        private int int32() throws IOException {
            try {
                return data.readInt();
            } catch (EOFException e) {
                throw truncated();
            }
        }

        private byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            readFully(b, n);
            return b;
        }

        private void readFully(byte[] b, int n) throws IOException {
            try {
                data.readFully(b, 0, n);
            } catch (EOFException e) {
                throw truncated();
            }
        }

        private IllegalArgumentException truncated() {
            // a damaged shape also runs past the end: say so rather than blame the transfer alone
            return corrupt("truncated " + where + (where.startsWith("in the values")
                    ? " (file incomplete, or the shape is corrupted)" : " (file incomplete)"));
        }

        private static IllegalArgumentException corrupt(String message) {
            return new IllegalArgumentException("state dict: " + message);
        }

        private static String hex(byte[] b) {
            StringBuilder sb = new StringBuilder();
            for (byte x : b) {
                sb.append(String.format(Locale.ROOT, "%02x", x & 0xff));
            }
            return sb.toString();
        }
    }
}
