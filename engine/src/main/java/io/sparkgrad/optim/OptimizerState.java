package io.sparkgrad.optim;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * An exact, immutable snapshot of an {@link Optimizer}: its kind, learning rate and other
 * hyperparameters, and for every parameter (in the optimizer's order) its shape, the number of
 * updates applied to it and its named buffers ({@code momentum_buffer}; {@code exp_avg},
 * {@code exp_avg_sq}, {@code max_exp_avg_sq}), PyTorch's {@code optimizer.state_dict()}.
 * Restoring it with {@link Optimizer#loadState} into an optimizer over parameters holding the same
 * values makes the run continue bit-identically.
 *
 * <h2>Binary format, version 1</h2>
 *
 * Written by {@link #write} and read by {@link #read}; no Java serialization. All integers and
 * floats are big-endian; floats are IEEE-754 binary64 written bit for bit, so a round trip is
 * exact (NaN payloads and signed zeros included). A <i>string</i> is an int32 byte length (0 to
 * 1024) followed by that many UTF-8 bytes; a <i>shape</i> is an int32 rank (0 to 64) followed by
 * rank int32 sizes (each &ge; 0).
 *
 * <pre>
 * magic            4 bytes   'S' 'G' 'O' 'S'  (0x53 0x47 0x4F 0x53)
 * version          int32     1
 * kind             string    "SGD", "Adam" or "AdamW"
 * hyperparameters  int32 count, then per entry:
 *                    name string, type byte ('d' or 'z'),
 *                    value: float64 for 'd'; one byte 0 or 1 for 'z'
 * parameters       int32 count, then per parameter, in the optimizer's order:
 *                    shape      shape of the parameter
 *                    step       int64, updates applied so far (0: never stepped, no buffers)
 *                    buffers    int32 count, then per buffer:
 *                                 name string, shape (equal to the parameter's),
 *                                 numel float64 values in row-major order
 * checksum         uint32    CRC-32 (java.util.zip.CRC32, zlib's crc32) of every byte above,
 *                            magic included
 * </pre>
 *
 * {@link #read} consumes exactly the bytes {@link #write} produced, so a state can sit inside a
 * larger stream. It rejects, with an {@link IOException} that says what is wrong, a wrong magic
 * number, an unsupported version, a truncated stream, an out-of-range length, a buffer whose
 * shape differs from its parameter's, and a checksum mismatch (any flipped byte). The same
 * layout is described in {@code engine/FORMATS.md}.
 */
public final class OptimizerState {
    /** The first four bytes of every optimizer state: ASCII {@code SGOS}. */
    public static final int MAGIC = 0x53474F53;
    /** The format version {@link #write} produces and the only one {@link #read} accepts. */
    public static final int FORMAT_VERSION = 1;

    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_RANK = 64;
    private static final byte TYPE_DOUBLE = 'd';
    private static final byte TYPE_BOOLEAN = 'z';
    private static final int CHUNK = 8192;

    private final String kind;
    private final Map<String, Double> numbers;
    private final Map<String, Boolean> flags;
    private final List<Param> params;

    OptimizerState(String kind, Map<String, Double> numbers, Map<String, Boolean> flags, List<Param> params) {
        this.kind = kind;
        this.numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        this.flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
        this.params = List.copyOf(params);
    }

    /** One parameter's state: its shape, the updates applied to it and its named buffers. */
    public static final class Param {
        private final int[] shape;
        private final long step;
        private final Map<String, double[]> buffers;

        Param(int[] shape, long step, Map<String, double[]> buffers) {
            this.shape = shape.clone();
            this.step = step;
            LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
            buffers.forEach((name, values) -> copy.put(name, values.clone()));
            this.buffers = copy;
        }

        /** The parameter's shape. */
        public int[] shape() {
            return shape.clone();
        }

        /** Updates applied to this parameter so far (PyTorch's {@code state['step']}); 0 if never stepped. */
        public long step() {
            return step;
        }

        /** The buffer names, in the order the optimizer created them. */
        public List<String> bufferNames() {
            return List.copyOf(buffers.keySet());
        }

        /** True when this parameter has a buffer of that name. */
        public boolean hasBuffer(String name) {
            return buffers.containsKey(name);
        }

        /** A copy of the named buffer as a tensor of the parameter's shape. */
        public Tensor buffer(String name) {
            return Tensor.fromArray(values(name), shape);
        }

        /** The named buffer's values in row-major order (a copy). */
        public double[] values(String name) {
            double[] v = buffers.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no buffer '" + name + "' in this parameter's state; it has "
                        + buffers.keySet());
            }
            return v.clone();
        }

        /** The stored arrays themselves, for the optimizer's own copy on load. */
        Map<String, double[]> buffersView() {
            return Collections.unmodifiableMap(buffers);
        }

        private boolean sameBits(Param o) {
            List<String> mine = new ArrayList<>(buffers.keySet());
            if (step != o.step || !Arrays.equals(shape, o.shape) || !mine.equals(new ArrayList<>(o.buffers.keySet()))) {
                return false;
            }
            for (String name : mine) {
                if (!OptimizerState.sameBits(buffers.get(name), o.buffers.get(name))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The optimizer's kind: {@code "SGD"}, {@code "Adam"} or {@code "AdamW"}. */
    public String kind() {
        return kind;
    }

    /** The learning rate in force when the snapshot was taken. */
    public double lr() {
        return number("lr");
    }

    /** Numeric hyperparameters by PyTorch name ({@code lr}, {@code momentum}, {@code beta1}, …), in order. */
    public Map<String, Double> numbers() {
        return numbers;
    }

    /** Boolean hyperparameters by PyTorch name ({@code nesterov}, {@code amsgrad}, {@code maximize}), in order. */
    public Map<String, Boolean> flags() {
        return flags;
    }

    /** One numeric hyperparameter; fails naming the missing key. */
    public double number(String name) {
        Double v = numbers.get(name);
        if (v == null) {
            throw new IllegalArgumentException(kind + " state has no numeric hyperparameter '" + name + "'; it has "
                    + numbers.keySet());
        }
        return v;
    }

    /** One boolean hyperparameter; fails naming the missing key. */
    public boolean flag(String name) {
        Boolean v = flags.get(name);
        if (v == null) {
            throw new IllegalArgumentException(kind + " state has no boolean hyperparameter '" + name + "'; it has "
                    + flags.keySet());
        }
        return v;
    }

    /** Number of parameters. */
    public int paramCount() {
        return params.size();
    }

    /** The state of the i-th parameter, in the optimizer's order. */
    public Param param(int i) {
        return params.get(i);
    }

    /** All parameters' states, in the optimizer's order. */
    public List<Param> params() {
        return params;
    }

    /** True when both hold the same kind, hyperparameters, steps and buffers, bit for bit. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof OptimizerState o)) {
            return false;
        }
        if (!kind.equals(o.kind) || !flags.equals(o.flags) || params.size() != o.params.size()
                || !new ArrayList<>(numbers.keySet()).equals(new ArrayList<>(o.numbers.keySet()))) {
            return false;
        }
        for (String name : numbers.keySet()) {
            if (Double.doubleToRawLongBits(numbers.get(name)) != Double.doubleToRawLongBits(o.numbers.get(name))) {
                return false;
            }
        }
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).sameBits(o.params.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode() * 31 + numbers.hashCode();
        for (Param p : params) {
            h = h * 31 + Long.hashCode(p.step);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind).append("State(").append(numbers).append(", ").append(flags);
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            sb.append(", param ").append(i).append(' ').append(Shape.format(p.shape)).append(" step ").append(p.step)
                    .append(' ').append(p.buffers.keySet());
        }
        return sb.append(')').toString();
    }

    private static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- binary format

    /**
     * Writes this state in the binary format described above. Flushes but does not close
     * {@code out}.
     */
    public void write(OutputStream out) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
        DataOutputStream data = new DataOutputStream(checked);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        writeString(data, kind);
        data.writeInt(numbers.size() + flags.size());
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            writeString(data, e.getKey());
            data.writeByte(TYPE_DOUBLE);
            data.writeLong(Double.doubleToRawLongBits(e.getValue()));
        }
        for (Map.Entry<String, Boolean> e : flags.entrySet()) {
            writeString(data, e.getKey());
            data.writeByte(TYPE_BOOLEAN);
            data.writeByte(e.getValue() ? 1 : 0);
        }
        data.writeInt(params.size());
        for (Param p : params) {
            writeShape(data, p.shape);
            data.writeLong(p.step);
            data.writeInt(p.buffers.size());
            for (Map.Entry<String, double[]> e : p.buffers.entrySet()) {
                writeString(data, e.getKey());
                writeShape(data, p.shape);
                writeDoubles(data, e.getValue());
            }
        }
        data.flush();
        // the checksum covers every byte written so far; it is not itself checksummed
        int crc = (int) checked.getChecksum().getValue();
        new DataOutputStream(out).writeInt(crc);
        out.flush();
    }

    /**
     * Reads a state written by {@link #write}, consuming exactly its bytes. Throws an
     * {@link IOException} naming the problem for anything that is not an intact version-1 state.
     */
    public static OptimizerState read(InputStream in) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32());
        Reader r = new Reader(new DataInputStream(checked));
        int magic = r.int32("magic number");
        if (magic != MAGIC) {
            throw corrupt(String.format("not a sparkgrad optimizer state: magic number is 0x%08X, expected 0x%08X "
                    + "('SGOS')", magic, MAGIC));
        }
        int version = r.int32("format version");
        if (version != FORMAT_VERSION) {
            throw corrupt("optimizer state format version " + version + " is not supported; this build reads version "
                    + FORMAT_VERSION);
        }
        String kind = r.string("optimizer kind");
        LinkedHashMap<String, Double> numbers = new LinkedHashMap<>();
        LinkedHashMap<String, Boolean> flags = new LinkedHashMap<>();
        int hyperCount = r.count("hyperparameter count", 1024);
        for (int i = 0; i < hyperCount; i++) {
            String name = r.string("hyperparameter " + i + " name");
            if (numbers.containsKey(name) || flags.containsKey(name)) {
                throw corrupt("hyperparameter '" + name + "' appears twice");
            }
            byte type = r.byte8("type of hyperparameter '" + name + "'");
            if (type == TYPE_DOUBLE) {
                numbers.put(name, Double.longBitsToDouble(r.int64("value of hyperparameter '" + name + "'")));
            } else if (type == TYPE_BOOLEAN) {
                byte b = r.byte8("value of hyperparameter '" + name + "'");
                if (b != 0 && b != 1) {
                    throw corrupt("boolean hyperparameter '" + name + "' holds byte " + b + ", expected 0 or 1");
                }
                flags.put(name, b == 1);
            } else {
                throw corrupt("hyperparameter '" + name + "' has unknown type byte " + type + ", expected 'd' or 'z'");
            }
        }
        int paramCount = r.count("parameter count", Integer.MAX_VALUE);
        List<Param> params = new ArrayList<>(Math.min(paramCount, 1024));
        for (int i = 0; i < paramCount; i++) {
            String where = "parameter " + i;
            int[] shape = r.shape(where + " shape");
            long step = r.int64(where + " step");
            if (step < 0) {
                throw corrupt(where + " has a negative step count " + step);
            }
            int bufferCount = r.count(where + " buffer count", 64);
            LinkedHashMap<String, double[]> buffers = new LinkedHashMap<>();
            for (int b = 0; b < bufferCount; b++) {
                String name = r.string(where + " buffer " + b + " name");
                int[] bufferShape = r.shape(where + " buffer '" + name + "' shape");
                if (!Arrays.equals(bufferShape, shape)) {
                    throw corrupt(where + " buffer '" + name + "' has shape " + Shape.format(bufferShape)
                            + ", expected the parameter's " + Shape.format(shape));
                }
                if (buffers.put(name, r.doubles(where + " buffer '" + name + "'", Shape.numel(shape))) != null) {
                    throw corrupt(where + " has buffer '" + name + "' twice");
                }
            }
            params.add(new Param(shape, step, buffers));
        }
        int computed = (int) checked.getChecksum().getValue();
        int stored = r.int32("checksum");
        if (stored != computed) {
            throw corrupt(String.format("optimizer state checksum mismatch: stored 0x%08X, computed 0x%08X; the data is "
                    + "corrupted", stored, computed));
        }
        return new OptimizerState(kind, numbers, flags, params);
    }

    private static IOException corrupt(String message) {
        return new IOException(message);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME_BYTES + " bytes: " + s);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeShape(DataOutputStream out, int[] shape) throws IOException {
        out.writeInt(shape.length);
        for (int s : shape) {
            out.writeInt(s);
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.min(values.length, CHUNK) * Double.BYTES);
        for (int start = 0; start < values.length; start += CHUNK) {
            int n = Math.min(CHUNK, values.length - start);
            bytes.clear();
            for (int i = 0; i < n; i++) {
                bytes.putLong(Double.doubleToRawLongBits(values[start + i]));
            }
            out.write(bytes.array(), 0, n * Double.BYTES);
        }
    }

    /** Reads fields, turning an early end of stream into a message naming the field. */
    private static final class Reader {
        private final DataInputStream in;

        Reader(DataInputStream in) {
            this.in = in;
        }

        private IOException truncated(String field, EOFException e) {
            IOException io = new IOException("optimizer state is truncated: the stream ended while reading the "
                    + field);
            io.initCause(e);
            return io;
        }

        int int32(String field) throws IOException {
            try {
                return in.readInt();
            } catch (EOFException e) {
                throw truncated(field, e);
            }
        }

        long int64(String field) throws IOException {
            try {
                return in.readLong();
            } catch (EOFException e) {
                throw truncated(field, e);
            }
        }

        byte byte8(String field) throws IOException {
            try {
                return in.readByte();
            } catch (EOFException e) {
                throw truncated(field, e);
            }
        }

        int count(String field, int max) throws IOException {
            int n = int32(field);
            if (n < 0 || n > max) {
                throw corrupt("optimizer state has an invalid " + field + " " + n + " (expected 0 to " + max + ")");
            }
            return n;
        }

        String string(String field) throws IOException {
            int length = count(field + " length", MAX_NAME_BYTES);
            byte[] bytes = new byte[length];
            try {
                in.readFully(bytes);
            } catch (EOFException e) {
                throw truncated(field, e);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        int[] shape(String field) throws IOException {
            int rank = count(field + " rank", MAX_RANK);
            int[] shape = new int[rank];
            long numel = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = int32(field);
                if (shape[d] < 0) {
                    throw corrupt("optimizer state has a negative size " + shape[d] + " in the " + field);
                }
                numel *= shape[d];
                if (numel > Integer.MAX_VALUE - 8) {
                    throw corrupt("optimizer state has a " + field + " with more than 2^31 elements");
                }
            }
            return shape;
        }

        /**
         * Reads n doubles in chunks, growing the array as data arrives: a corrupted size cannot
         * make us allocate more than about twice what the stream really holds.
         */
        double[] doubles(String field, int n) throws IOException {
            double[] values = new double[Math.min(n, CHUNK)];
            byte[] bytes = new byte[Math.min(n, CHUNK) * Double.BYTES];
            ByteBuffer view = ByteBuffer.wrap(bytes);
            for (int start = 0; start < n; start += CHUNK) {
                int count = Math.min(CHUNK, n - start);
                try {
                    in.readFully(bytes, 0, count * Double.BYTES);
                } catch (EOFException e) {
                    throw truncated(field + " values", e);
                }
                if (values.length < start + count) {
                    values = Arrays.copyOf(values, (int) Math.min(n, Math.max(2L * values.length, start + count)));
                }
                view.clear();
                for (int i = 0; i < count; i++) {
                    values[start + i] = Double.longBitsToDouble(view.getLong());
                }
            }
            return values;
        }
    }
}
