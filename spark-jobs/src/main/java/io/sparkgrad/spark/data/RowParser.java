package io.sparkgrad.spark.data;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Turns rows selected by {@link TableReader#selectForParsing} (every data column, then the
 * corrupt-record column, the file and the file block's start) into doubles — the chosen features,
 * then the label if any — checking malformed records, nulls, numbers and the label's range. A
 * problem either fails the job with a {@link DataError} naming the file, the line (or row) and the
 * column, or (with {@code data.invalid = drop}) makes the row invalid.
 */
public final class RowParser implements Serializable {
    private static final long serialVersionUID = 2L;
    /** At most this many of a bad row's first values are shown in its error. */
    private static final int DESCRIBED = 12;

    private final String path;
    private final String format;
    private final boolean header;
    private final String delimiter;
    private final int dataColumns;
    private final List<String> names;
    private final int[] indices;
    private final boolean hasLabel;
    private final boolean hasWeight;
    private final boolean hasOffset;
    private final Task task;
    private final int classes;
    private final boolean dropInvalid;

    /**
     * @param columns feature names followed by the label name when {@code hasLabel}
     */
    public RowParser(TableReader.Table table, List<String> columns, boolean hasLabel, Task task, int classes,
            boolean dropInvalid) {
        this(table, columns, hasLabel, false, task, classes, dropInvalid);
    }

    /**
     * @param columns feature names, then the label name when {@code hasLabel}, then the weight
     *     column's name when {@code hasWeight} (its values must be finite and at least 0)
     */
    public RowParser(TableReader.Table table, List<String> columns, boolean hasLabel, boolean hasWeight, Task task,
            int classes, boolean dropInvalid) {
        this(table, columns, hasLabel, hasWeight, false, task, classes, dropInvalid);
    }

    /**
     * @param columns feature names, then the label name when {@code hasLabel}, then the weight
     *     column's name when {@code hasWeight}, then the offset column's when {@code hasOffset}
     *     (any finite value)
     */
    public RowParser(TableReader.Table table, List<String> columns, boolean hasLabel, boolean hasWeight,
            boolean hasOffset, Task task, int classes, boolean dropInvalid) {
        this.path = table.path();
        this.format = table.format();
        this.header = table.header();
        this.delimiter = table.delimiter();
        this.dataColumns = table.columns().size();
        this.names = List.copyOf(columns);
        this.indices = columns.stream().mapToInt(c -> table.columns().indexOf(c)).toArray();
        this.hasLabel = hasLabel;
        this.hasWeight = hasWeight;
        this.hasOffset = hasOffset;
        this.task = task;
        this.classes = classes;
        this.dropInvalid = dropInvalid;
    }

    /** The number of data columns before the corrupt-record, file and block columns. */
    public int dataColumns() {
        return dataColumns;
    }

    /** How many values a parsed row holds: the features, then the label and the weight if any. */
    int width() {
        return names.size();
    }

    /** The name of the {@code c}-th parsed value's column. */
    String name(int c) {
        return names.get(c);
    }

    /** The position among the data columns of the {@code c}-th parsed value's column. */
    int dataColumn(int c) {
        return indices[c];
    }

    /** How many data columns, from the first, an error message shows the values of. */
    int describedColumns() {
        return Math.min(dataColumns, DESCRIBED);
    }

    /** Whether a located row's record count skips a header line (CSV with a header). */
    boolean skipsHeader() {
        return header && format.equals("csv");
    }

    /**
     * Whether {@link #parse} would keep {@code d} read as the {@code c}-th value of a row: it is
     * finite and, for the label, one of the classes; for the weight, at least 0. A reader that
     * takes values straight from Spark's internal rows keeps such values as they are and hands any
     * other row to {@link #parse}, which names the problem (or drops the row).
     */
    boolean accepts(int c, double d) {
        if (!Double.isFinite(d)) {
            return false;
        }
        if (hasLabel && c == names.size() - 1 - (hasWeight ? 1 : 0)) {
            return labelProblem(d) == null;
        }
        return !(hasWeight && c == names.size() - 1 && d < 0);
    }

    /** What to make of a parsed row: its selected row, its index in the whole input, its values. */
    @FunctionalInterface
    public interface Parsed<T> {
        T of(Row row, long index, double[] values);
    }

    /**
     * Parses a partition's (row, index in the whole input) pairs lazily, in order, into (index,
     * values) pairs; values are null for invalid rows when those are dropped.
     */
    public Iterator<Tuple2<Long, double[]>> parseAll(Iterator<Tuple2<Row, Long>> rows) {
        return parseAll(rows, (row, index, values) -> new Tuple2<>(index, values));
    }

    /** Like {@link #parseAll(Iterator)}, handing each parsed row to {@code as}. */
    public <T> Iterator<T> parseAll(Iterator<Tuple2<Row, Long>> rows, Parsed<T> as) {
        return new Iterator<>() {
            private String file;
            private long blockStart = -1;
            private long inBlock;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public T next() {
                Tuple2<Row, Long> t = rows.next();
                Row row = t._1();
                String f = row.getString(dataColumns + 1);
                long start = row.getLong(dataColumns + 2);
                if (!f.equals(file) || start != blockStart) {
                    file = f;
                    blockStart = start;
                    inBlock = 0;
                }
                DataError.Location loc = new DataError.Location(f, start, inBlock++, t._2(), header && format.equals("csv"));
                return as.of(row, t._2(), parse(row, loc));
            }
        };
    }

    /**
     * Parses one row.
     *
     * @return the values (features, then the label), or null when the row is invalid and invalid
     *     rows are dropped
     */
    public double[] parse(Row row, DataError.Location loc) {
        Object corrupt = row.get(dataColumns);
        if (corrupt != null) {
            if (dropInvalid) {
                return null;
            }
            throw new DataError(where(loc) + ": malformed " + format.toUpperCase(java.util.Locale.ROOT) + " record"
                    + fieldCount(corrupt.toString()) + ": " + shorten(corrupt.toString()), loc);
        }
        double[] out = new double[names.size()];
        for (int c = 0; c < out.length; c++) {
            Object v = row.get(indices[c]);
            String problem = null;
            double d = Double.NaN;
            if (v == null) {
                problem = "null value";
            } else if (v instanceof Number n) {
                d = n.doubleValue();
            } else {
                String s = v.toString().trim();
                try {
                    d = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    problem = "'" + s + "' is not a number";
                }
            }
            if (problem == null && !Double.isFinite(d)) {
                problem = "'" + v + "' is not a finite number";
            }
            int last = out.length - 1 - (hasOffset ? 1 : 0);
            if (problem == null && hasLabel && c == last - (hasWeight ? 1 : 0)) {
                problem = labelProblem(d);
            }
            if (problem == null && hasWeight && c == last && d < 0) {
                problem = "weight " + d + " is negative";
            }
            if (problem != null) {
                if (dropInvalid) {
                    return null;
                }
                throw new DataError(where(loc) + ", column '" + names.get(c) + "': " + problem
                        + " (row values: " + describe(row) + ")", loc);
            }
            out[c] = d;
        }
        return out;
    }

    private String where(DataError.Location loc) {
        boolean lines = format.equals("csv") || format.equals("json");
        return fileName(loc.file()) + ": " + (lines ? DataError.LINE : "row " + loc.row());
    }

    private String fileName(String file) {
        return fileName(path, file);
    }

    /** The file as the user named it when it is {@code path} itself; else its path (local) or URI. */
    static String fileName(String path, String file) {
        if (file == null || file.isEmpty()) {
            return path;
        }
        java.net.URI uri = java.net.URI.create(file);
        String local = "file".equals(uri.getScheme()) ? uri.getPath() : file;
        String given = path.startsWith("file:") ? java.net.URI.create(path).getPath() : path;
        return local.equals(given) || local.endsWith("/" + given) ? path : local;
    }

    /**
     * For CSV, what is wrong with the line: a quote problem first (an unclosed quote also makes
     * the field count wrong), else its field count against the header's.
     */
    private String fieldCount(String line) {
        if (!format.equals("csv")) {
            return "";
        }
        return " (" + CsvFields.problem(line, delimiter, dataColumns, header ? "header" : "first line") + ")";
    }

    private String labelProblem(double label) {
        return labelProblem(task, classes, label);
    }

    /** What is wrong with {@code label} for {@code task}, or null. */
    static String labelProblem(Task task, int classes, double label) {
        if (!task.isClassification()) {
            return null;
        }
        if (label != Math.rint(label) || label < 0 || label >= classes) {
            return "label " + label + " is outside the classes 0.." + (classes - 1);
        }
        return null;
    }

    private String describe(Row row) {
        StringBuilder sb = new StringBuilder("[");
        int n = describedColumns();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(row.get(i));
        }
        return sb.append(dataColumns > n ? ", ...]" : "]").toString();
    }

    private static String shorten(String s) {
        String one = s.replace("\n", "\\n");
        return "'" + (one.length() > 200 ? one.substring(0, 200) + "..." : one) + "'";
    }
}
