package io.sparkgrad.spark.output;

import java.util.List;
import java.util.Map;

/**
 * Writes the small JSON documents the job produces (model.json, metrics.jsonl lines,
 * summary.json) without pulling a JSON library into the application jar. Non-finite numbers are
 * written as {@code null}, as JSON has no NaN.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    private int depth;
    private boolean first = true;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** A writer for a one-line document (metrics.jsonl). */
    public static JsonWriter compact() {
        return new JsonWriter(false);
    }

    /** A writer for an indented document. */
    public static JsonWriter pretty() {
        return new JsonWriter(true);
    }

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** Starts an object member: the next value written is its value. */
    public JsonWriter name(String name) {
        separate();
        out.append(quote(name)).append(pretty ? ": " : ":");
        first = true;
        skipSeparator = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        out.append(s == null ? "null" : quote(s));
        return this;
    }

    public JsonWriter value(double d) {
        separate();
        out.append(number(d));
        return this;
    }

    public JsonWriter value(long n) {
        separate();
        out.append(n);
        return this;
    }

    public JsonWriter value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    public JsonWriter field(String name, String s) {
        return name(name).value(s);
    }

    public JsonWriter field(String name, double d) {
        return name(name).value(d);
    }

    public JsonWriter field(String name, long n) {
        return name(name).value(n);
    }

    public JsonWriter field(String name, boolean b) {
        return name(name).value(b);
    }

    /** An array of numbers, on one line also in an indented document. */
    public JsonWriter field(String name, double[] values) {
        name(name);
        separate();
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            out.append(i > 0 ? (pretty ? ", " : ",") : "").append(number(values[i]));
        }
        out.append(']');
        return this;
    }

    /** An array of integers, on one line also in an indented document. */
    public JsonWriter field(String name, int[] values) {
        return field(name, java.util.Arrays.stream(values).asDoubleStream().toArray());
    }

    public JsonWriter field(String name, List<String> values) {
        name(name).beginArray();
        for (String v : values) {
            value(v);
        }
        return endArray();
    }

    /** An object of numbers, in the map's order. */
    public JsonWriter field(String name, Map<String, Double> values) {
        name(name).beginObject();
        values.forEach(this::field);
        return endObject();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private boolean skipSeparator;

    private JsonWriter open(char c) {
        separate();
        out.append(c);
        depth++;
        first = true;
        return this;
    }

    private JsonWriter close(char c) {
        depth--;
        if (!first && pretty) {
            newline();
        }
        out.append(c);
        first = false;
        return this;
    }

    private void separate() {
        if (skipSeparator) {
            skipSeparator = false;
            first = false;
            return;
        }
        if (!first) {
            out.append(',');
        }
        if (pretty && depth > 0) {
            newline();
        }
        first = false;
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(depth));
    }

    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
