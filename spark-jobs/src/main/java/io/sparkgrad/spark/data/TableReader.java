package io.sparkgrad.spark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a table with Spark SQL and selects the columns the job uses, checking that they exist
 * and hold numbers. CSV is read as text (no schema inference pass) and parsed cell by cell by
 * {@link RowParser}, so a bad cell is reported with its file, line and column. Quotes follow RFC
 * 4180: a quoted field may hold the delimiter, and {@code ""} inside it is one quote. Malformed records —
 * a CSV line with more or fewer fields than the header, a JSON line that does not parse — land in
 * a corrupt-record column that never becomes a feature and that {@link RowParser} reports.
 */
public final class TableReader {
    /** Spark's corrupt-record column, under a name no real table uses. */
    public static final String CORRUPT = "_sparkgrad_corrupt_record";
    static final String FILE = "_sparkgrad_file";
    static final String BLOCK_START = "_sparkgrad_block_start";

    private TableReader() {}

    /**
     * A table as read: the data frame, its data columns in order (without the corrupt-record
     * column), and how it was read.
     */
    public record Table(Dataset<Row> df, String path, String format, boolean header, String delimiter,
            List<String> columns, boolean hasCorruptColumn) {}

    /** Reads {@code path} in {@code format} (csv, parquet, json, orc). */
    public static Table read(SparkSession spark, String path, String format, boolean header, String delimiter) {
        try {
            Dataset<Row> df;
            switch (format) {
                case "csv" -> df = header ? readCsvParts(spark, path, delimiter) : readCsv(spark, path, false,
                        delimiter, csvColumns(spark, path, false, delimiter));
                case "json" -> df = spark.read().format("json").option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", CORRUPT).load(path);
                // lines of text: SparseData's LibsvmParser names a bad one by its file and line
                case "libsvm" -> df = spark.read().text(path);
                default -> df = spark.read().format(format).load(path);
            }
            List<String> columns = new ArrayList<>(Arrays.asList(df.columns()));
            boolean corrupt = columns.remove(CORRUPT);
            if (columns.isEmpty()) {
                throw new DataError(path + ": no columns (empty input?)");
            }
            return new Table(df, path, format, header, delimiter, List.copyOf(columns), corrupt);
        } catch (DataError e) {
            throw e;
        } catch (Exception e) {
            // Scala's AnalysisException is checked in Java's eyes but not declared by load()
            if (e instanceof AnalysisException) {
                throw new DataError(path + ": cannot read as " + format + ": " + firstLine(e.getMessage()));
            }
            throw e;
        }
    }

    /**
     * A DataFrame as a table to train on or score: its columns as they are; a bad row is named by
     * its index in the DataFrame and {@code description} (e.g. "the DataFrame given to fit").
     */
    public static Table fromDataFrame(Dataset<Row> df, String description) {
        List<String> columns = new ArrayList<>(Arrays.asList(df.columns()));
        if (columns.isEmpty()) {
            throw new DataError(description + ": no columns");
        }
        return new Table(df, description, "dataframe", false, ",", List.copyOf(columns), false);
    }

    /** Reads {@code paths} as CSV whose columns are {@code names}, in this order, as strings. */
    private static Dataset<Row> readCsv(SparkSession spark, String paths, boolean header, String delimiter,
            List<String> names) {
        return readCsv(spark, new String[] {paths}, header, delimiter, names);
    }

    private static Dataset<Row> readCsv(SparkSession spark, String[] paths, boolean header, String delimiter,
            List<String> names) {
        StructType schema = new StructType();
        for (String n : names) {
            schema = schema.add(n, DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
        return spark.read().format("csv").option("header", header).option("sep", delimiter)
                .option("quote", "\"").option("escape", "\"")
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
                .option("enforceSchema", true).schema(schema).load(paths);
    }

    /**
     * Reads a CSV file or directory with a header in every part file, matching each part's
     * columns by name: Spark would read every part by position under one part's header. The
     * table's header is the one most parts share (ties: the first part's, by name); a part whose
     * header lists the same columns in another order is read under its own header and its columns
     * put in the table's order. A part whose first line is not the table's header (a stray file, a
     * part of another table) is named.
     */
    private static Dataset<Row> readCsvParts(SparkSession spark, String path, String delimiter) {
        String[] files = spark.read().text(path).inputFiles();
        Arrays.sort(files);
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<CsvHeader> headers = new ArrayList<>();
        for (String f : files) {
            CsvHeader h = CsvHeader.read(conf, path, f, delimiter);
            if (h != null) {
                headers.add(h);
            }
        }
        if (headers.isEmpty()) {
            throw new DataError(path + ": no rows (empty input?)");
        }
        // the table's header: the set of names most parts have; its order, the first such part's
        Map<List<String>, Integer> votes = new HashMap<>();
        for (CsvHeader h : headers) {
            votes.merge(h.sortedNames(), 1, Integer::sum);
        }
        CsvHeader table = headers.get(0);
        for (CsvHeader h : headers) {
            if (votes.get(h.sortedNames()) > votes.get(table.sortedNames())) {
                table = h;
            }
        }
        Map<List<String>, List<String>> byOrder = new java.util.LinkedHashMap<>();
        for (CsvHeader h : headers) {
            if (!h.sortedNames().equals(table.sortedNames())) {
                throw new DataError(h.notTheHeader(table));
            }
            byOrder.computeIfAbsent(h.names(), k -> new ArrayList<>()).add(h.file());
        }
        if (byOrder.size() == 1) {
            return readCsv(spark, path, true, delimiter, table.names());
        }
        // every group of parts with one column order is read under its header, then put in the table's order
        Dataset<Row> all = null;
        List<Column> order = new ArrayList<>();
        for (String n : table.names()) {
            order.add(col(n));
        }
        order.add(col(CORRUPT));
        for (Map.Entry<List<String>, List<String>> g : byOrder.entrySet()) {
            Dataset<Row> part = readCsv(spark, g.getValue().toArray(String[]::new), true, delimiter, g.getKey())
                    .select(order.toArray(Column[]::new));
            all = all == null ? part : all.union(part);
        }
        return all;
    }

    /**
     * The CSV's column names as written in its first line (Spark would silently rename
     * duplicates), or {@code _c0, _c1, ...} without a header. Duplicates, compared
     * case-insensitively as Spark SQL does, are an error.
     */
    private static List<String> csvColumns(SparkSession spark, String path, boolean header, String delimiter) {
        Dataset<Row> raw = spark.read().format("csv").option("header", false).option("sep", delimiter)
                .option("quote", "\"").option("escape", "\"").option("inferSchema", false).load(path);
        List<Row> first = raw.limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new DataError(path + ": no rows (empty input?)");
        }
        Row r = first.get(0);
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < r.size(); i++) {
            String name = header && r.get(i) != null && !r.getString(i).isBlank() ? r.getString(i).trim() : "_c" + i;
            Integer before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            if (before != null) {
                throw new DataError(path + ": the header names column '" + name + "' twice (columns " + (before + 1)
                        + " and " + (i + 1) + "); every column needs its own name");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Selects {@code features} (all columns but the label when empty) and the label last, after
     * checking each exists and has a numeric or string type.
     *
     * @return the feature column names in order
     */
    public static List<String> resolveFeatures(Table t, List<String> features, String label) {
        List<String> columns = t.columns();
        String path = t.path();
        if (label != null && !columns.contains(label)) {
            throw new DataError(path + ": label column '" + label + "' not found; columns are " + columns);
        }
        List<String> chosen = new ArrayList<>();
        if (features.isEmpty()) {
            for (String c : columns) {
                if (!c.equals(label)) {
                    chosen.add(c);
                }
            }
        } else {
            List<String> missing = new ArrayList<>();
            for (String f : features) {
                if (!columns.contains(f)) {
                    missing.add(f);
                }
                chosen.add(f);
            }
            if (!missing.isEmpty()) {
                throw new DataError(path + ": feature column" + (missing.size() > 1 ? "s " : " ") + quoted(missing)
                        + " not found; columns are " + columns);
            }
        }
        if (chosen.isEmpty()) {
            throw new DataError(path + ": no feature columns (only the label '" + label + "')");
        }
        for (String c : chosen) {
            checkType(t.df(), path, c);
        }
        if (label != null) {
            checkType(t.df(), path, label);
        }
        return List.copyOf(chosen);
    }

    /**
     * The rows to parse: every data column (so that a CSV line's field count is checked), then
     * the corrupt-record column (null when the table has none), the file and the start of the
     * file block the row came from (to name the line of a bad row).
     */
    public static Dataset<Row> selectForParsing(Table t) {
        List<Column> cols = new ArrayList<>();
        for (String n : t.columns()) {
            cols.add(col(n));
        }
        cols.add(t.hasCorruptColumn() ? col(CORRUPT) : functions.lit(null).cast(DataTypes.StringType).as(CORRUPT));
        cols.add(functions.input_file_name().as(FILE));
        cols.add(functions.input_file_block_start().as(BLOCK_START));
        return t.df().select(cols.toArray(Column[]::new));
    }

    private static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    private static void checkType(Dataset<Row> df, String path, String column) {
        StructField field = df.schema().apply(column);
        DataType t = field.dataType();
        boolean ok = t.equals(DataTypes.StringType) || t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)
                || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType) || t instanceof DecimalType;
        if (!ok) {
            throw new DataError(path + ": column '" + column + "' has type " + t.simpleString() + "; expected a number");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
