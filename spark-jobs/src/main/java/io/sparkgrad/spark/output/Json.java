package io.sparkgrad.spark.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The job's JSON, with Jackson (Spark ships it): numbers are written as what they are (a double
 * {@code 1.0} stays {@code 1.0}, Java's shortest round-trip form, so it reads back bit-exact),
 * non-finite doubles as {@code null}; reads check every field and name the file and the key.
 */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code "key": value}, two-space indents, one array element a line: what people write by hand. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Indented, with a final newline. */
    public static String pretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(n).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line, without a newline (a line of a {@code .jsonl} file). */
    public static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a double, or null when it is not finite (JSON has no NaN or infinity). */
    public static ObjectNode putNumber(ObjectNode o, String name, double v) {
        return Double.isFinite(v) ? o.put(name, v) : o.putNull(name);
    }

    public static void putDoubles(ArrayNode a, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }

    /** Parses a whole file. */
    public static JsonNode read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            JsonNode n = MAPPER.readTree(in);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return n;
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": missing");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
    }

    /** Parses one line of a {@code .jsonl} file. */
    public static JsonNode parseLine(String line, Path file, int lineNumber) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Typed, checked access to an object's fields, naming the file and the dotted key on a problem. */
    public record Fields(Path file, String prefix, JsonNode node) {
        public Fields(Path file, JsonNode node) {
            this(file, "", node);
        }

        private JsonNode get(String key, String expected) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw problem(key, "is missing; expected " + expected);
            }
            return v;
        }

        private IllegalArgumentException problem(String key, String what) {
            return new IllegalArgumentException(file + ": '" + prefix + key + "' " + what);
        }

        public String string(String key) {
            JsonNode v = get(key, "a string");
            if (!v.isTextual()) {
                throw problem(key, "is " + v + "; expected a string");
            }
            return v.asText();
        }

        public int integer(String key) {
            JsonNode v = get(key, "an integer");
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw problem(key, "is " + v + "; expected an integer");
            }
            return v.asInt();
        }

        public boolean bool(String key) {
            JsonNode v = get(key, "true or false");
            if (!v.isBoolean()) {
                throw problem(key, "is " + v + "; expected true or false");
            }
            return v.asBoolean();
        }

        public double finiteDouble(String key) {
            JsonNode v = get(key, "a number");
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw problem(key, "is " + v + "; expected a finite number");
            }
            return v.asDouble();
        }

        public Fields object(String key) {
            JsonNode v = get(key, "an object");
            if (!v.isObject()) {
                throw problem(key, "is " + v + "; expected an object");
            }
            return new Fields(file, prefix + key + ".", v);
        }

        private JsonNode array(String key) {
            JsonNode v = get(key, "a list");
            if (!v.isArray()) {
                throw problem(key, "is " + v + "; expected a list");
            }
            return v;
        }

        public List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : array(key)) {
                if (!e.isTextual()) {
                    throw problem(key + "[" + i + "]", "is " + e + "; expected a string");
                }
                out.add(e.asText());
                i++;
            }
            return out;
        }

        public List<Integer> integers(String key) {
            List<Integer> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : array(key)) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw problem(key + "[" + i + "]", "is " + e + "; expected an integer");
                }
                out.add(e.asInt());
                i++;
            }
            return out;
        }

        /** A list of exactly {@code length} finite numbers. */
        public double[] finiteDoubles(String key, int length) {
            JsonNode a = array(key);
            if (a.size() != length) {
                throw problem(key, "has " + a.size() + " values; expected " + length + " (one per feature)");
            }
            double[] out = new double[length];
            for (int i = 0; i < length; i++) {
                JsonNode e = a.get(i);
                if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                    throw problem(key + "[" + i + "]", "is " + e + "; expected a finite number");
                }
                out[i] = e.asDouble();
            }
            return out;
        }

        public List<Fields> objects(String key) {
            List<Fields> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : array(key)) {
                if (!e.isObject()) {
                    throw problem(key + "[" + i + "]", "is " + e + "; expected an object");
                }
                out.add(new Fields(file, prefix + key + "[" + i + "].", e));
                i++;
            }
            return out;
        }
    }
}
