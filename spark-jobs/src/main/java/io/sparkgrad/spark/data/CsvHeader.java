package io.sparkgrad.spark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header of one CSV part file: its first non-blank line (the line Spark's reader takes as the
 * header), read on the driver through the Hadoop file system and the file's compression codec,
 * with a UTF-8 byte order mark removed.
 *
 * @param file the file as Spark lists it (a URI)
 * @param shown the file as a message names it
 * @param line the header's 1-based line number
 * @param text the header line
 * @param names the column names (blank ones as {@code _c<i>})
 */
record CsvHeader(String file, String shown, long line, String text, List<String> names) {
    /** Longest header line a message quotes in full. */
    private static final int SHOWN_CHARS = 120;

    /** The header of {@code file}, or null when it holds no non-blank line (it then holds no rows either). */
    static CsvHeader read(Configuration conf, String path, String file, String delimiter) {
        String shown = RowParser.fileName(path, file);
        Path p = new Path(java.net.URI.create(file));
        try {
            FileSystem fs = p.getFileSystem(conf);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            try (InputStream raw = fs.open(p);
                    BufferedReader r = new BufferedReader(new InputStreamReader(
                            codec != null ? codec.createInputStream(raw) : raw, StandardCharsets.UTF_8), 1 << 16)) {
                long line = 1;
                for (String s; (s = r.readLine()) != null; line++) {
                    if (line == 1 && s.startsWith("\uFEFF")) {
                        s = s.substring(1);
                    }
                    if (!s.isBlank()) {
                        return new CsvHeader(file, shown, line, s, names(shown, s, delimiter));
                    }
                }
                return null;
            }
        } catch (IOException e) {
            throw new DataError(shown + ": cannot read its header: " + e.getMessage());
        }
    }

    /** The names of a header line; a name given twice (compared as Spark SQL does, ignoring case) is an error. */
    private static List<String> names(String shown, String line, String delimiter) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> fields = CsvFields.split(line, delimiter);
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).isBlank() ? "_c" + i : fields.get(i).trim();
            Integer before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            if (before != null) {
                throw new DataError(shown + ": the header names column '" + name + "' twice (columns " + (before + 1)
                        + " and " + (i + 1) + "); every column needs its own name");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The names in sorted order: two parts with the same names in any order are parts of one table. */
    List<String> sortedNames() {
        return names.stream().sorted().toList();
    }

    /** Why this part cannot be read as a part of the table whose header is {@code table}'s. */
    String notTheHeader(CsvHeader table) {
        List<String> missing = new ArrayList<>(table.names());
        missing.removeAll(names);
        List<String> extra = new ArrayList<>(names);
        extra.removeAll(table.names());
        String where = shown + ": line " + line + ": ";
        String also = " (the table's header is line " + table.line() + " of " + table.shown() + ")";
        if (missing.size() < table.names().size()) {
            // a part of a table with other columns
            return where + "the header lists the columns " + names + ", not the table's " + table.names() + " ("
                    + (missing.isEmpty() ? "" : "missing " + missing + (extra.isEmpty() ? "" : "; "))
                    + (extra.isEmpty() ? "" : "not in the table " + extra) + "); every part file of a table needs "
                    + "the same columns" + also;
        }
        String quoted = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
        return where + "'" + quoted + "' is not the table's header " + table.names() + " (every file of the "
                + "directory whose name does not start with _ or . is read as a part of the table; move other files out)";
    }
}
