package io.sparkgrad.optim;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An exact, immutable snapshot of an {@link Optimizer}, PyTorch's {@code optimizer.state_dict()}
 * for one parameter group: its kind, learning rate and other hyperparameters; for every parameter
 * (in the optimizer's order) its shape, the number of updates applied to it and its named buffers
 * ({@code momentum_buffer}; {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}); and the
 * optimizer-wide state of optimizers that keep one ({@link LBFGS}: its counters {@code n_iter} and
 * {@code func_evals}, and tensors such as the direction {@code d} and the history
 * {@code old_dirs.0}, {@code old_dirs.1}, ...). Restoring it with {@link Optimizer#loadState} into
 * an optimizer over parameters holding the same values makes the run continue bit-identically.
 *
 * <p>{@link Optimizer#stateView()} gives the same state without a copy: it reads the optimizer's
 * own arrays, so it holds them only until the optimizer changes (for a checkpoint written at once).
 *
 * <p>{@link #write} stores it as a safetensors file that Python reads with no sparkgrad code, and
 * {@link #read} reads it back bit for bit; the layout is in {@link OptimizerStateFile} and
 * {@code engine/FORMATS.md}.
 */
public final class OptimizerState {
    /** The {@code format} metadata value of an optimizer state file. */
    public static final String FORMAT = "sparkgrad.optimizer_state";
    /** The format version {@link #write} produces and the only one {@link #read} accepts. */
    public static final int FORMAT_VERSION = 1;

    private final String kind;
    private final Map<String, Double> numbers;
    private final Map<String, Boolean> flags;
    private final Map<String, Long> integers;
    private final Map<String, String> texts;
    private final List<Param> params;
    private final Map<String, Long> counters;
    private final Map<String, Values> globals;

    /** A shape and its row-major values, owned by the state. */
    private record Values(int[] shape, double[] data) {
        boolean sameBits(Values o) {
            return Arrays.equals(shape, o.shape) && OptimizerState.sameBits(data, o.data);
        }
    }

    private OptimizerState(Builder b) {
        this.kind = b.kind;
        this.numbers = Collections.unmodifiableMap(new LinkedHashMap<>(b.numbers));
        this.flags = Collections.unmodifiableMap(new LinkedHashMap<>(b.flags));
        this.integers = Collections.unmodifiableMap(new LinkedHashMap<>(b.integers));
        this.texts = Collections.unmodifiableMap(new LinkedHashMap<>(b.texts));
        this.params = List.copyOf(b.params);
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(b.counters));
        this.globals = Collections.unmodifiableMap(new LinkedHashMap<>(b.globals));
    }

    /** Assembles a state; every array given is copied. */
    static Builder builder(String kind) {
        return new Builder(kind, true);
    }

    /**
     * Assembles a state that keeps the arrays given, not copies: for arrays nobody changes
     * afterwards (read from a file), or for {@link Optimizer#stateView()}.
     */
    static Builder sharing(String kind) {
        return new Builder(kind, false);
    }

    /** Collects the parts of a state in order, then {@link #build()}s it. */
    static final class Builder {
        private final String kind;
        private final LinkedHashMap<String, Double> numbers = new LinkedHashMap<>();
        private final LinkedHashMap<String, Boolean> flags = new LinkedHashMap<>();
        private final LinkedHashMap<String, Long> integers = new LinkedHashMap<>();
        private final LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        private final List<Param> params = new ArrayList<>();
        private final LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
        private final LinkedHashMap<String, Values> globals = new LinkedHashMap<>();
        private final boolean copies;

        private Builder(String kind, boolean copies) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.copies = copies;
        }

        Builder number(String name, double value) {
            numbers.put(name, value);
            return this;
        }

        Builder flag(String name, boolean value) {
            flags.put(name, value);
            return this;
        }

        Builder integer(String name, long value) {
            integers.put(name, value);
            return this;
        }

        Builder text(String name, String value) {
            texts.put(name, Objects.requireNonNull(value, name));
            return this;
        }

        /** Another state's parameter (its arrays are its own already, and never change). */
        Builder param(Param p) {
            params.add(p);
            return this;
        }

        /** A parameter's state: its buffers are copied unless this builder shares its arrays. */
        Builder param(int[] shape, long step, Map<String, double[]> buffers) {
            params.add(new Param(shape, step, buffers, copies));
            return this;
        }

        Builder counter(String name, long value) {
            counters.put(name, value);
            return this;
        }

        Builder global(String name, int[] shape, double[] values) {
            if (Shape.numel(shape) != values.length) {
                throw new IllegalArgumentException("optimizer-wide tensor '" + name + "' has shape "
                        + Shape.format(shape) + " but " + values.length + " values");
            }
            globals.put(name, new Values(shape.clone(), copies ? values.clone() : values));
            return this;
        }

        OptimizerState build() {
            return new OptimizerState(this);
        }
    }

    /** One parameter's state: its shape, the updates applied to it and its named buffers. */
    public static final class Param {
        private final int[] shape;
        private final long step;
        private final Map<String, double[]> buffers;

        private Param(int[] shape, long step, Map<String, double[]> buffers, boolean copies) {
            this.shape = shape.clone();
            this.step = step;
            LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
            buffers.forEach((name, values) -> copy.put(name, copies ? values.clone() : values));
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

        /** The stored arrays themselves, for the optimizer's own copy on load and for writing. */
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

    /** The optimizer's kind: {@code "SGD"}, {@code "Adam"}, {@code "AdamW"} or {@code "LBFGS"}. */
    public String kind() {
        return kind;
    }

    /** The learning rate in force when the snapshot was taken. */
    public double lr() {
        return number("lr");
    }

    /** Floating-point hyperparameters by PyTorch name ({@code lr}, {@code momentum}, {@code beta1}, …), in order. */
    public Map<String, Double> numbers() {
        return numbers;
    }

    /** Boolean hyperparameters by PyTorch name ({@code nesterov}, {@code amsgrad}, {@code maximize}), in order. */
    public Map<String, Boolean> flags() {
        return flags;
    }

    /** Integer hyperparameters by PyTorch name (LBFGS: {@code max_iter}, {@code max_eval}, {@code history_size}). */
    public Map<String, Long> integers() {
        return integers;
    }

    /** String hyperparameters by PyTorch name (LBFGS: {@code line_search_fn}, {@code "none"} for Python's None). */
    public Map<String, String> texts() {
        return texts;
    }

    /** One floating-point hyperparameter; fails naming the missing key. */
    public double number(String name) {
        return get(numbers, name, "numeric hyperparameter");
    }

    /** One boolean hyperparameter; fails naming the missing key. */
    public boolean flag(String name) {
        return get(flags, name, "boolean hyperparameter");
    }

    /** One integer hyperparameter; fails naming the missing key. */
    public long integer(String name) {
        return get(integers, name, "integer hyperparameter");
    }

    /** One string hyperparameter; fails naming the missing key. */
    public String text(String name) {
        return get(texts, name, "string hyperparameter");
    }

    private <V> V get(Map<String, V> map, String name, String what) {
        V v = map.get(name);
        if (v == null) {
            throw new IllegalArgumentException(kind + " state has no " + what + " '" + name + "'; it has "
                    + map.keySet());
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

    /** Optimizer-wide counts by PyTorch name (LBFGS: {@code func_evals}, {@code n_iter}); empty for SGD and Adam. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** One optimizer-wide count; fails naming the missing key. */
    public long counter(String name) {
        return get(counters, name, "counter");
    }

    /** The names of the optimizer-wide tensors, in order (LBFGS: {@code d}, {@code t}, {@code old_dirs.0}, …). */
    public List<String> globalNames() {
        return List.copyOf(globals.keySet());
    }

    /** True when the state holds an optimizer-wide tensor of that name. */
    public boolean hasGlobal(String name) {
        return globals.containsKey(name);
    }

    /** A copy of an optimizer-wide tensor. */
    public Tensor global(String name) {
        Values v = get(globals, name, "optimizer-wide tensor");
        return Tensor.fromArray(v.data, v.shape);
    }

    /** The stored optimizer-wide values themselves, for the optimizer's own copy on load and for writing. */
    double[] globalView(String name) {
        return get(globals, name, "optimizer-wide tensor").data;
    }

    /** An optimizer-wide tensor's shape. */
    int[] globalShape(String name) {
        return get(globals, name, "optimizer-wide tensor").shape.clone();
    }

    // ---------------------------------------------------------------- file format

    /**
     * Writes this state as a safetensors file (layout in {@link OptimizerStateFile}). Flushes but
     * does not close {@code out}.
     */
    public void write(OutputStream out) throws IOException {
        OptimizerStateFile.write(this, out);
    }

    /**
     * Reads a state written by {@link #write}, which must be all that is left in {@code in}.
     * Throws an {@link IOException} whose message starts with {@code "optimizer state: "} and says
     * what is wrong: truncation, a checksum mismatch, bad header JSON, a wrong dtype, bad offsets,
     * another format or version, or metadata and tensors that do not describe an optimizer state.
     */
    public static OptimizerState read(InputStream in) throws IOException {
        return OptimizerStateFile.read(in);
    }

    // ---------------------------------------------------------------- value semantics

    /** True when both hold the same kind, hyperparameters, steps, buffers and optimizer-wide state, bit for bit. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof OptimizerState o)) {
            return false;
        }
        if (!kind.equals(o.kind) || !flags.equals(o.flags) || !integers.equals(o.integers) || !texts.equals(o.texts)
                || !counters.equals(o.counters) || params.size() != o.params.size()
                || !new ArrayList<>(numbers.keySet()).equals(new ArrayList<>(o.numbers.keySet()))
                || !new ArrayList<>(globals.keySet()).equals(new ArrayList<>(o.globals.keySet()))) {
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
        for (String name : globals.keySet()) {
            if (!globals.get(name).sameBits(o.globals.get(name))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode() * 31 + numbers.hashCode();
        h = h * 31 + counters.hashCode();
        for (Param p : params) {
            h = h * 31 + Long.hashCode(p.step);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind).append("State(").append(numbers).append(", ").append(flags);
        if (!integers.isEmpty() || !texts.isEmpty()) {
            sb.append(", ").append(integers).append(", ").append(texts);
        }
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            sb.append(", param ").append(i).append(' ').append(Shape.format(p.shape)).append(" step ").append(p.step)
                    .append(' ').append(p.buffers.keySet());
        }
        if (!counters.isEmpty() || !globals.isEmpty()) {
            sb.append(", ").append(counters).append(", ").append(globals.keySet());
        }
        return sb.append(')').toString();
    }

    static boolean sameBits(double[] a, double[] b) {
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
}
