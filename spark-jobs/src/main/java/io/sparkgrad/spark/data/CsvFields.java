package io.sparkgrad.spark.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV line split as RFC 4180 (and Spark's reader, read with {@code quote} and {@code escape}
 * both {@code "}) splits it: a field that starts with a double quote runs to the next quote that
 * is not doubled, a doubled quote {@code ""} inside it stands for one quote, and delimiters inside
 * it are text; a quote inside an unquoted field is text.
 */
final class CsvFields {
    private CsvFields() {}

    /** The line's fields, quotes removed and {@code ""} read as {@code "} (an unclosed quote runs to the end). */
    static List<String> split(String line, String delimiter) {
        List<String> fields = new ArrayList<>();
        scan(line, delimiter, fields);
        return fields;
    }

    /** How many fields the line holds. */
    static int count(String line, String delimiter) {
        return scan(line, delimiter, null).fields;
    }

    /**
     * What is wrong with a line Spark's reader refused, for a message: a quote that is never
     * closed, text after a closing quote, or its field count against the {@code expected} count
     * of the {@code against} ("header", "first line"). Never a count that agrees with the expected
     * one: a line with the right count and no quote problem is "not a valid CSV record".
     */
    static String problem(String line, String delimiter, int expected, String against) {
        Scan s = scan(line, delimiter, null);
        if (s.unclosedAt >= 0) {
            return "the quote opened at character " + (s.unclosedAt + 1) + " of field " + s.unclosedField
                    + " is never closed (a quoted field cannot hold a line break; a quote inside a quoted field is "
                    + "written \"\")";
        }
        if (s.strayAt >= 0) {
            return "field " + s.strayField + " has text after its closing quote at character " + (s.strayAt + 1)
                    + " (a quote inside a quoted field is written \"\")";
        }
        if (s.fields != expected) {
            return s.fields + " field" + (s.fields == 1 ? "" : "s") + " where the " + against + " has " + expected;
        }
        return "not a valid CSV record (" + s.fields + " fields, as the " + against + ")";
    }

    private static final class Scan {
        int fields = 1;
        int unclosedAt = -1;
        int unclosedField;
        int strayAt = -1;
        int strayField;
    }

    private static Scan scan(String line, String delimiter, List<String> out) {
        Scan s = new Scan();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // at the start of field number s.fields
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int open = i++;
                boolean closed = false;
                while (i < n) {
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(ch);
                        i++;
                    }
                }
                if (!closed) {
                    if (s.unclosedAt < 0) {
                        s.unclosedAt = open;
                        s.unclosedField = s.fields;
                    }
                    add(out, field);
                    return s;
                }
                // after the closing quote: the delimiter, the end of the line, or stray text
                if (i < n && !line.startsWith(delimiter, i)) {
                    if (s.strayAt < 0) {
                        s.strayAt = i;
                        s.strayField = s.fields;
                    }
                    while (i < n && !line.startsWith(delimiter, i)) {
                        field.append(line.charAt(i++));
                    }
                }
            } else {
                while (i < n && !line.startsWith(delimiter, i)) {
                    field.append(line.charAt(i++));
                }
            }
            add(out, field);
            if (i >= n) {
                return s;
            }
            i += delimiter.length();
            s.fields++;
        }
    }

    private static void add(List<String> out, StringBuilder field) {
        if (out != null) {
            out.add(field.toString());
        }
    }
}
