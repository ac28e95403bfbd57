package io.sparkgrad.spark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * Reads a table with Spark SQL and selects the columns the job uses, checking that they exist
 * and hold numbers. CSV is read as text (no schema inference pass) and parsed cell by cell by
 * {@link RowParser}, so a bad cell is reported with its row and column.
 */
public final class TableReader {
    private TableReader() {}

    /** Reads {@code path} in {@code format} (csv, parquet, json, orc). */
    public static Dataset<Row> read(SparkSession spark, String path, String format, boolean header, String delimiter) {
        try {
            var reader = spark.read().format(format);
            if (format.equals("csv")) {
                reader = reader.option("header", header).option("sep", delimiter).option("inferSchema", false)
                        .option("mode", "PERMISSIVE");
            }
            Dataset<Row> df = reader.load(path);
            if (df.columns().length == 0) {
                throw new DataError(path + ": no columns (empty input?)");
            }
            return df;
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
     * Selects {@code features} (all columns but the label when empty) and the label last, after
     * checking each exists and has a numeric or string type.
     *
     * @return the feature column names in order
     */
    public static List<String> resolveFeatures(Dataset<Row> df, String path, List<String> features, String label) {
        List<String> columns = Arrays.asList(df.columns());
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
            for (String f : features) {
                if (!columns.contains(f)) {
                    throw new DataError(path + ": feature column '" + f + "' not found; columns are " + columns);
                }
                chosen.add(f);
            }
        }
        if (chosen.isEmpty()) {
            throw new DataError(path + ": no feature columns (only the label '" + label + "')");
        }
        for (String c : chosen) {
            checkType(df, path, c);
        }
        if (label != null) {
            checkType(df, path, label);
        }
        return List.copyOf(chosen);
    }

    /** {@code df} with exactly {@code names} in that order. */
    public static Dataset<Row> select(Dataset<Row> df, List<String> names) {
        Column[] cols = names.stream().map(n -> functions.col("`" + n.replace("`", "``") + "`")).toArray(Column[]::new);
        return df.select(cols);
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
