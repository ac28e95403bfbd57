package io.sparkgrad.spark.data;

/** Counts the fields of one CSV line as Spark's parser splits it: delimiters outside double quotes. */
final class CsvFields {
    private CsvFields() {}

    static int count(String line, String delimiter) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && line.startsWith(delimiter, i)) {
                fields++;
                i += delimiter.length() - 1;
            }
        }
        return fields;
    }
}
