package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.spark.train.DistributedObjective;
import io.sparkgrad.spark.train.GradientSum;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link TableRows}: reading a Parquet or ORC table from the vectorised reader's column batches,
 * and any other table from Spark's internal rows, gives the bits, the identities, the partitions,
 * the errors and the dropped rows of the reference path through {@code Dataset.javaRDD()}'s Rows.
 */
class TableRowsTest extends LocalSparkTest {
    private static final int ROWS = 3000;
    /** Every numeric type the job reads, a numeric text column, and a text and a date column it does not use. */
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
            .add("when", DataTypes.DateType).add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType)
            .add("i", DataTypes.IntegerType).add("l", DataTypes.LongType).add("s", DataTypes.ShortType)
            .add("b", DataTypes.ByteType).add("m", DataTypes.createDecimalType(12, 4)).add("t", DataTypes.StringType)
            .add("label", DataTypes.IntegerType).add("w", DataTypes.DoubleType);
    private static final List<String> FEATURES = List.of("d", "f", "i", "l", "s", "b", "m", "t");

    private static Object[] row(int k) {
        double d = Math.sin(k * 0.37) * 3;
        float f = (float) Math.cos(k * 1.3);
        String t = k % 5 == 0 ? " " + (k * 0.001) + " " : k % 5 == 1 ? (k * 1.7e-3) + "e2" : String.valueOf(k % 11 - 5.5);
        return new Object[] {"r" + k, java.sql.Date.valueOf("2026-01-0" + (1 + k % 9)), d, f, k % 13 - 6,
            (k * 1000003L) % 977, (short) (k % 300), (byte) (k % 100 - 50), BigDecimal.valueOf((k * 7919L) % 1000000, 4),
            t, d + f > 0.3 ? 1 : 0, 0.5 + k % 3};
    }

    private static List<Row> rows(Function<Integer, Object[]> edit) {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < ROWS; k++) {
            rows.add(RowFactory.create(edit.apply(k)));
        }
        return rows;
    }

    private static String parquet;
    private static String orc;
    private static String csv;
    private static String json;

    @BeforeAll
    static void tables() throws Exception {
        // small splits: the CSV file is read in several partitions, Parquet's and ORC's in some empty ones
        spark.conf().set("spark.sql.files.maxPartitionBytes", "32768");
        var df = spark.createDataFrame(rows(TableRowsTest::row), SCHEMA).repartition(3);
        parquet = dir.resolve("t.parquet").toString();
        orc = dir.resolve("t.orc").toString();
        df.write().parquet(parquet);
        df.write().orc(orc);
        json = dir.resolve("t.json").toString();
        df.write().json(json);
        List<String> lines = new ArrayList<>(List.of(String.join(",", SCHEMA.fieldNames())));
        for (int k = 0; k < ROWS; k++) {
            lines.add(csvLine(row(k)));
        }
        Path p = dir.resolve("t.csv");
        Files.write(p, lines);
        csv = p.toString();
    }

    private static String csvLine(Object[] cells) {
        return String.join(",", Arrays.stream(cells).map(String::valueOf).toList());
    }

    private static TableReader.Table read(String path, String format) {
        return TableReader.read(spark, path, format, true, ",");
    }

    private static RowParser parser(TableReader.Table table, boolean drop) {
        List<String> columns = new ArrayList<>(FEATURES);
        columns.add("label");
        columns.add("w");
        JobConfig cfg = config(table.path());
        return new RowParser(table, columns, true, true, cfg.model().task(), cfg.model().classes(), drop);
    }

    private static JobConfig config(String path) {
        return LocalSpark.config("data { path = \"" + path + "\", label = label, weight = w, validationFraction = 0.25 }\n"
                + "model.type = logistic\n", dir);
    }

    /** Every partition's (identity, values) pairs, values as bits; a dropped row's values as an empty array. */
    private static List<List<Tuple2<Long, long[]>>> partitions(JavaPairRDD<Long, double[]> parsed) {
        List<List<Tuple2<Long, long[]>>> out = new ArrayList<>();
        for (List<Tuple2<Long, double[]>> p : parsed.glom().collect()) {
            List<Tuple2<Long, long[]>> bits = new ArrayList<>();
            for (Tuple2<Long, double[]> t : p) {
                bits.add(new Tuple2<>(t._1(), t._2() == null ? new long[0]
                        : Arrays.stream(t._2()).mapToLong(Double::doubleToRawLongBits).toArray()));
            }
            out.add(bits);
        }
        return out;
    }

    private static void assertSameRows(List<List<Tuple2<Long, long[]>>> expected, List<List<Tuple2<Long, long[]>>> actual) {
        assertEquals(expected.size(), actual.size(), "partitions");
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(expected.get(p).size(), actual.get(p).size(), "rows of partition " + p);
            for (int r = 0; r < expected.get(p).size(); r++) {
                assertEquals(expected.get(p).get(r)._1(), actual.get(p).get(r)._1(), "identity, partition " + p + " row " + r);
                assertArrayEquals(expected.get(p).get(r)._2(), actual.get(p).get(r)._2(), "values, partition " + p + " row " + r);
            }
        }
    }

    private static void assertRoutesAgree(TableReader.Table table, TableRows.Route fast, boolean drop) {
        RowParser parser = parser(table, drop);
        assertEquals(fast, TableRows.route(table, parser), table.path());
        for (String order : List.of("split", "canonical")) {
            var reference = partitions(TableRows.parse(table, parser, order, TableRows.Route.ROWS));
            assertTrue(reference.size() > 1, "several partitions: " + reference.size());
            assertEquals(ROWS, reference.stream().mapToInt(List::size).sum());
            assertSameRows(reference, partitions(TableRows.parse(table, parser, order, fast)));
            assertSameRows(reference, partitions(TableRows.parse(table, parser, order)));
            if (fast == TableRows.Route.COLUMNAR) {
                assertSameRows(reference, partitions(TableRows.parse(table, parser, order, TableRows.Route.INTERNAL)));
            }
        }
    }

    @Test
    void parquetAndOrcAreReadFromColumnBatchesWithTheBitsOfTheRowPath() {
        assertRoutesAgree(read(parquet, "parquet"), TableRows.Route.COLUMNAR, false);
        assertRoutesAgree(read(orc, "orc"), TableRows.Route.COLUMNAR, false);
    }

    @Test
    void csvJsonAndDataFramesAreReadFromInternalRowsWithTheBitsOfTheRowPath() {
        assertRoutesAgree(read(csv, "csv"), TableRows.Route.INTERNAL, false);
        assertRoutesAgree(read(json, "json"), TableRows.Route.INTERNAL, false);
        var df = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows(TableRowsTest::row), 3), SCHEMA);
        assertRoutesAgree(TableReader.fromDataFrame(df, "a DataFrame"), TableRows.Route.INTERNAL, false);
    }

    /** The blocks, statistics and the objective and gradient on them from the rows {@code route} reads. */
    private record Loaded(double[] train, double[] validation, double[] means, double[] stds, long[] counts,
            double loss, double[] gradient) {}

    private static Loaded load(TableReader.Table table, TableRows.Route route) {
        JobConfig cfg = config(table.path());
        JavaPairRDD<Long, double[]> parsed = TableRows.parse(table, parser(table, false), cfg.data().order(), route);
        try (TrainingData data = TrainingData.build(spark, parsed, table.path(), FEATURES, true, cfg.data(), cfg.model(),
                2, null)) {
            double[] theta = new double[FEATURES.size() + 1];
            for (int j = 0; j < theta.length; j++) {
                theta[j] = Math.sin(j + 1.0) * 0.3;
            }
            var model = io.sparkgrad.spark.model.Models.create(cfg.model(), data.numFeatures());
            ParameterVector p = ParameterVector.of(ParameterVector.of(model.initialParameters(3)).unflatten(theta));
            GradientSum g = new DistributedObjective(JavaSparkContext.fromSparkContext(spark.sparkContext()), data.train(),
                    cfg.model(), data.numFeatures(), 2, 1.0, 0).evaluate(p, 1);
            return new Loaded(contents(data.train()), contents(data.validation()), data.means(), data.stds(),
                    new long[] {data.trainRows(), data.validationRows(), data.droppedRows()}, g.lossSum(), g.gradientSum());
        }
    }

    private static double[] contents(org.apache.spark.api.java.JavaRDD<Block> blocks) {
        List<Double> all = new ArrayList<>();
        for (Block b : blocks.collect()) {
            all.add((double) b.rows());
            for (double v : b.labels()) {
                all.add(v);
            }
            for (double v : b.weights()) {
                all.add(v);
            }
            for (double v : b.features()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theBlocksTheStatisticsAndTheObjectiveAreTheBitsOfTheRowPath() {
        for (var table : List.of(read(parquet, "parquet"), read(csv, "csv"))) {
            Loaded expected = load(table, TableRows.Route.ROWS);
            Loaded actual = load(table, TableRows.route(table, parser(table, false)));
            assertEquals(ROWS, expected.counts()[0] + expected.counts()[1]);
            assertArrayEquals(expected.counts(), actual.counts());
            assertArrayEquals(bits(expected.train()), bits(actual.train()));
            assertArrayEquals(bits(expected.validation()), bits(actual.validation()));
            assertArrayEquals(bits(expected.means()), bits(actual.means()));
            assertArrayEquals(bits(expected.stds()), bits(actual.stds()));
            assertEquals(Double.doubleToRawLongBits(expected.loss()), Double.doubleToRawLongBits(actual.loss()));
            assertArrayEquals(bits(expected.gradient()), bits(actual.gradient()));
        }
    }

    private static long[] bits(double[] a) {
        return Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The located error of parsing {@code table} by {@code route}, or null when it parses. */
    private static String error(TableReader.Table table, TableRows.Route route) {
        try {
            TableRows.parse(table, parser(table, false), "split", route).count();
            return null;
        } catch (Exception e) {
            DataError located = LineLocator.locate(spark.sparkContext().hadoopConfiguration(), e);
            assertNotNull(located, "not a DataError: " + e);
            return located.userMessage();
        }
    }

    /** A copy of the table with row {@code at} edited by {@code edit}, written as {@code format}. */
    private static TableReader.Table withBadRow(String name, String format, int at, Function<Object[], Object[]> edit)
            throws Exception {
        Function<Integer, Object[]> rows = k -> k == at ? edit.apply(row(k)) : row(k);
        Path p = dir.resolve(name + "." + format);
        if (format.equals("csv")) {
            List<String> lines = new ArrayList<>(List.of(String.join(",", SCHEMA.fieldNames())));
            for (int k = 0; k < ROWS; k++) {
                lines.add(csvLine(rows.apply(k)));
            }
            Files.write(p, lines);
        } else {
            spark.createDataFrame(rows(rows), SCHEMA).repartition(2).write().format(format).save(p.toString());
        }
        return read(p.toString(), format);
    }

    private static Function<Object[], Object[]> set(int column, Object value) {
        return cells -> {
            Object[] c = cells.clone();
            c[column] = value;
            return c;
        };
    }

    @Test
    void aBadRowGetsTheErrorOfTheRowPathOrIsDroppedAlike() throws Exception {
        List<TableReader.Table> bad = new ArrayList<>();
        int n = 0;
        for (String format : List.of("parquet", "orc", "csv")) {
            bad.add(withBadRow("null-" + n++, format, 1700, set(2, null)));
            bad.add(withBadRow("nan-" + n++, format, 1700, set(3, Float.NaN)));
            bad.add(withBadRow("label-" + n++, format, 1700, set(10, 7)));
            bad.add(withBadRow("weight-" + n++, format, 1700, set(11, -1.0)));
            bad.add(withBadRow("text-" + n++, format, 1700, set(9, "many")));
            bad.add(withBadRow("infinite-" + n++, format, 1700, set(9, "-Infinity")));
        }
        bad.add(withBadRow("fields-" + n++, "csv", 1700, cells -> Arrays.copyOf(cells, 11)));
        for (TableReader.Table table : bad) {
            String expected = error(table, TableRows.Route.ROWS);
            assertNotNull(expected, table.path());
            assertTrue(expected.contains(table.format().equals("csv") ? "line 1702" : "row "), expected);
            assertEquals(expected, error(table, TableRows.route(table, parser(table, false))), table.path());
            RowParser drop = parser(table, true);
            var reference = partitions(TableRows.parse(table, drop, "split", TableRows.Route.ROWS));
            assertEquals(1, reference.stream().flatMap(List::stream).filter(t -> t._2().length == 0).count(), table.path());
            assertSameRows(reference, partitions(TableRows.parse(table, drop, "split")));
        }
        assertNull(error(read(parquet, "parquet"), TableRows.Route.COLUMNAR));
    }
}
