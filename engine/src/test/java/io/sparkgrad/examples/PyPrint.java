package io.sparkgrad.examples;

import java.util.StringJoiner;

/** Python's {@code print(a, b, …)}: values joined by spaces, with True / False / None spelled as Python does. */
final class PyPrint {
    private PyPrint() {
    }

    static void print(Object... values) {
        StringJoiner line = new StringJoiner(" ");
        for (Object v : values) {
            if (v == null) {
                line.add("None");
            } else if (v instanceof Boolean b) {
                line.add(b ? "True" : "False");
            } else {
                line.add(v.toString());
            }
        }
        System.out.println(line);
    }
}
