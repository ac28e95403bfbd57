package io.sparkgrad.optim;

import io.sparkgrad.nn.Safetensors;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link OptimizerState} as a safetensors file ({@link Safetensors}; also in
 * {@code engine/FORMATS.md}). Tensors, all F64, in this order:
 *
 * <pre>
 *   state.&lt;i&gt;.&lt;buffer&gt;   parameter i's buffers, in the parameter's shape ("state.0.exp_avg")
 *   global.&lt;name&gt;        optimizer-wide tensors, in the optimizer's order ("global.d",
 *                          "global.old_dirs.0", "global.t" with shape [])
 * </pre>
 *
 * and {@code __metadata__}, every value a string:
 *
 * <pre>
 *   format            "sparkgrad.optimizer_state"
 *   version           "1"
 *   kind              "SGD", "Adam", "AdamW" or "LBFGS"
 *   params            the parameter count, decimal
 *   param.&lt;i&gt;.shape   "[3,2]" ("[]" for a scalar), as JSON
 *   param.&lt;i&gt;.step    updates applied to parameter i, decimal
 *   float.&lt;name&gt;      a floating-point hyperparameter, Java's Double.toString ("0.001", "1.0E-8")
 *   bool.&lt;name&gt;       "true" or "false"
 *   int.&lt;name&gt;        an integer hyperparameter, decimal
 *   str.&lt;name&gt;        a string hyperparameter
 *   counter.&lt;name&gt;    an optimizer-wide count, decimal
 *   crc32             the checksum of {@link Safetensors}, over data, names, shapes and all of the above
 * </pre>
 *
 * Double.toString gives the shortest decimal that reads back as the same double, so
 * hyperparameters round-trip exactly through Java's {@code Double.parseDouble} and Python's
 * {@code float()}; values whose bits matter beyond their number (NaN payloads) are tensors.
 * Reading refuses, with an {@link IOException} starting {@code "optimizer state: "}, whatever
 * {@link Safetensors#read} refuses, another format or version, a missing checksum, and metadata
 * or tensor names outside this layout.
 */
final class OptimizerStateFile {
    private static final Pattern PARAM_KEY = Pattern.compile("param\\.(0|[1-9][0-9]*)\\.(shape|step)");
    private static final Pattern BUFFER_NAME = Pattern.compile("state\\.(0|[1-9][0-9]*)\\.(.+)");
    private static final Pattern SHAPE = Pattern.compile("\\[((0|[1-9][0-9]*)(,(0|[1-9][0-9]*))*)?\\]");
    private static final String GLOBAL = "global.";

    private OptimizerStateFile() {
    }

    static void write(OptimizerState s, OutputStream out) throws IOException {
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("format", OptimizerState.FORMAT);
        meta.put("version", String.valueOf(OptimizerState.FORMAT_VERSION));
        meta.put("kind", s.kind());
        meta.put("params", String.valueOf(s.paramCount()));
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < s.paramCount(); i++) {
            OptimizerState.Param p = s.param(i);
            meta.put("param." + i + ".shape", shape(p.shape()));
            meta.put("param." + i + ".step", String.valueOf(p.step()));
            for (Map.Entry<String, double[]> b : p.buffersView().entrySet()) {
                // wrap, not copy: Safetensors.write only reads
                tensors.put("state." + i + "." + b.getKey(), Tensor.wrap(b.getValue(), p.shape()));
            }
        }
        s.numbers().forEach((k, v) -> meta.put("float." + k, Double.toString(v)));
        s.flags().forEach((k, v) -> meta.put("bool." + k, Boolean.toString(v)));
        s.integers().forEach((k, v) -> meta.put("int." + k, Long.toString(v)));
        s.texts().forEach((k, v) -> meta.put("str." + k, v));
        s.counters().forEach((k, v) -> meta.put("counter." + k, Long.toString(v)));
        for (String name : s.globalNames()) {
            tensors.put(GLOBAL + name, Tensor.wrap(s.globalView(name), s.globalShape(name)));
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out);
        Safetensors.write(tensors, meta, buffered);
        buffered.flush();
    }

    static OptimizerState read(InputStream in) throws IOException {
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(in);
        } catch (IllegalArgumentException e) {
            throw new IOException("optimizer state: " + e.getMessage(), e);
        }
        try {
            return fromContents(contents);
        } catch (IllegalArgumentException e) {
            throw new IOException("optimizer state: " + e.getMessage(), e);
        }
    }

    private static OptimizerState fromContents(Safetensors.Contents contents) {
        Map<String, String> meta = contents.metadata();
        String format = meta.get("format");
        if (!OptimizerState.FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a sparkgrad optimizer state: " + Safetensors.METADATA
                    + (format == null ? " has no \"format\"" : " \"format\" is \"" + format + "\"") + ", expected \""
                    + OptimizerState.FORMAT + "\"");
        }
        String version = meta.get("version");
        if (!String.valueOf(OptimizerState.FORMAT_VERSION).equals(version)) {
            throw new IllegalArgumentException("format version " + (version == null ? "(none given)" : "\"" + version
                    + "\"") + " is not supported; this build reads version " + OptimizerState.FORMAT_VERSION);
        }
        if (!meta.containsKey(Safetensors.CHECKSUM)) {
            throw new IllegalArgumentException(Safetensors.METADATA + " has no \"" + Safetensors.CHECKSUM
                    + "\" checksum, which every sparkgrad optimizer state carries");
        }
        String kind = required(meta, "kind");
        int count = (int) decimal("params", required(meta, "params"), Integer.MAX_VALUE);
        // the arrays below are this read's own (each tensor's toArray copy): the state keeps them
        OptimizerState.Builder b = OptimizerState.sharing(kind);
        // maps, not arrays of `count`: a count is only trusted once every entry it promises is there
        Map<Integer, int[]> shapes = new HashMap<>();
        Map<Integer, Long> steps = new HashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            Matcher param = PARAM_KEY.matcher(key);
            if (List.of("format", "version", "kind", "params", Safetensors.CHECKSUM).contains(key)) {
                continue;
            } else if (param.matches()) {
                int i = index(param.group(1), count, key);
                if (param.group(2).equals("shape")) {
                    shapes.put(i, parseShape(key, value));
                } else {
                    steps.put(i, decimal(key, value, Long.MAX_VALUE));
                }
            } else if (key.startsWith("float.")) {
                b.number(key.substring(6), floating(key, value));
            } else if (key.startsWith("bool.")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("metadata '" + key + "' is \"" + value
                            + "\", expected \"true\" or \"false\"");
                }
                b.flag(key.substring(5), value.equals("true"));
            } else if (key.startsWith("int.")) {
                b.integer(key.substring(4), decimal(key, value, Long.MAX_VALUE));
            } else if (key.startsWith("str.")) {
                b.text(key.substring(4), value);
            } else if (key.startsWith("counter.")) {
                b.counter(key.substring(8), decimal(key, value, Long.MAX_VALUE));
            } else {
                throw new IllegalArgumentException("unknown metadata key '" + key + "'");
            }
        }
        List<LinkedHashMap<String, double[]>> buffers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!shapes.containsKey(i) || !steps.containsKey(i)) {
                throw new IllegalArgumentException("metadata has no 'param." + i + "." + (!shapes.containsKey(i) ? "shape"
                        : "step") + "' though 'params' is " + count);
            }
            buffers.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            Matcher buffer = BUFFER_NAME.matcher(name);
            if (buffer.matches()) {
                int i = index(buffer.group(1), count, "tensor '" + name + "'");
                if (!Arrays.equals(t.shape(), shapes.get(i))) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + Shape.format(t.shape())
                            + ", expected parameter " + i + "'s " + Shape.format(shapes.get(i)));
                }
                buffers.get(i).put(buffer.group(2), t.toArray());
            } else if (name.startsWith(GLOBAL) && name.length() > GLOBAL.length()) {
                b.global(name.substring(GLOBAL.length()), t.shape(), t.toArray());
            } else {
                throw new IllegalArgumentException("unknown tensor '" + name + "' (expected state.<i>.<buffer> or "
                        + "global.<name>)");
            }
        }
        for (int i = 0; i < count; i++) {
            b.param(shapes.get(i), steps.get(i), buffers.get(i));
        }
        return b.build();
    }

    static String shape(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < shape.length; d++) {
            sb.append(d == 0 ? "" : ",").append(shape[d]);
        }
        return sb.append(']').toString();
    }

    private static int[] parseShape(String key, String value) {
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("metadata '" + key + "' is \"" + value
                    + "\", expected a shape such as \"[3,2]\" or \"[]\"");
        }
        String inner = value.substring(1, value.length() - 1);
        int[] shape = inner.isEmpty() ? new int[0]
                : Arrays.stream(inner.split(",")).mapToLong(d -> decimal(key, d, Integer.MAX_VALUE))
                        .mapToInt(d -> (int) d).toArray();
        long numel = 1;
        for (int d : shape) {
            numel = Math.min(numel * d, Integer.MAX_VALUE + 1L);
        }
        if (numel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("metadata '" + key + "' is " + value + ", more than 2^31 elements");
        }
        return shape;
    }

    private static int index(String digits, int count, String where) {
        long i = decimal(where, digits, Integer.MAX_VALUE);
        if (i >= count) {
            throw new IllegalArgumentException(where + " refers to parameter " + i + ", but 'params' is " + count);
        }
        return (int) i;
    }

    private static String required(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException(Safetensors.METADATA + " has no '" + key + "'");
        }
        return v;
    }

    private static long decimal(String key, String value, long max) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 0 || v > max || !Long.toString(v).equals(value)) {
            throw new IllegalArgumentException("metadata '" + key + "' is \"" + value
                    + "\", expected a non-negative decimal integer up to " + max);
        }
        return v;
    }

    private static double floating(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is \"" + value + "\", expected a number such as "
                    + "\"0.001\" or \"1.0E-8\"");
        }
    }
}
