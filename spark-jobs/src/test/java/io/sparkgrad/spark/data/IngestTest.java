package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest with {@code data.order}: {@code split} reads every input row once (no counting pass,
 * no shuffle) and gives the same blocks for the same input; {@code canonical} gives the same
 * blocks from differently laid-out copies of a table; a bad row is still named.
 */
class IngestTest extends LocalSparkTest {
    private static final int ROWS = 3000;
    private static final StructType SCHEMA = new StructType()
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType);
    private static String threeFiles;
    private static String oneFile;
    private static String csv;

    private static List<Row> rows() {
        return rows(ROWS);
    }

    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = Math.sin(i * 0.37);
            double b = Math.cos(i * 1.3) * 2;
            double c = (i % 17) - 8.0;
            rows.add(RowFactory.create(a, b, c, a + 0.5 * b - 0.1 * c > 0 ? 1 : 0));
        }
        return rows;
    }

    @BeforeAll
    static void tables() throws Exception {
        Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA);
        threeFiles = dir.resolve("three.parquet").toString();
        oneFile = dir.resolve("one.parquet").toString();
        df.repartition(3).sortWithinPartitions("a").write().parquet(threeFiles);
        df.coalesce(1).write().parquet(oneFile);
        List<String> lines = new ArrayList<>(List.of("a,b,c,label"));
        for (Row r : rows()) {
            lines.add(r.getDouble(0) + "," + r.getDouble(1) + "," + r.getDouble(2) + "," + r.getInt(3));
        }
        java.nio.file.Path table = dir.resolve("table.csv");
        java.nio.file.Files.write(table, lines);
        csv = table.toString();
    }

    private static JobConfig config(String path, String order) {
        return LocalSpark.config("data.path = \"" + path + "\"\ndata.format = parquet\ndata.order = " + order
                + "\ndata.validationFraction = 0.25\nmodel.type = logistic\n", dir);
    }

    private static JobConfig csvConfig(String order) {
        return LocalSpark.config("data.path = \"" + csv + "\"\ndata.order = " + order
                + "\ndata.validationFraction = 0.25\nmodel.type = logistic\n", dir);
    }

    /** Every block's rows, labels and features in partition and block order. */
    private static double[] contents(JavaRDD<Block> blocks) {
        List<Double> all = new ArrayList<>();
        for (Block b : blocks.collect()) {
            all.add((double) b.rows());
            for (double v : b.labels()) {
                all.add(v);
            }
            for (double v : b.features()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Rows of the large table: past {@link HoldOut#EXACT_BELOW}, so its hold-out is the one-pass one. */
    private static final int LARGE = 12_000;

    /**
     * Loads a {@value #LARGE}-row DataFrame whose every computed row adds 1 to the returned
     * accumulator's count; checks its stratified 25 % hold-out on the way.
     */
    private static long rowsComputed(String order) {
        LongAccumulator computed = spark.sparkContext().longAccumulator("rows computed (" + order + ")");
        List<Row> rows = rows(LARGE);
        JavaRDD<Row> counted = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3).map(r -> {
            computed.add(1);
            return r;
        });
        JobConfig cfg = config("unused", order);
        TableReader.Table table = TableReader.fromDataFrame(spark.createDataFrame(counted, SCHEMA), "a DataFrame");
        long ones = rows.stream().filter(r -> r.getInt(3) == 1).count();
        try (TrainingData data = TrainingData.load(spark, table, cfg.data(), cfg.model(), 2, null)) {
            assertEquals(LARGE, data.trainRows() + data.validationRows());
            long validationOnes = 0;
            for (Block b : data.validation().collect()) {
                for (double label : b.labels()) {
                    validationOnes += label == 1 ? 1 : 0;
                }
            }
            // within 1 % of the fraction, and each class's share of it within 1 % of its share of the data
            double held = (double) data.validationRows() / LARGE;
            assertTrue(Math.abs(held - 0.25) <= 0.01, "held out " + held);
            double share = (double) validationOnes / data.validationRows();
            assertTrue(Math.abs(share - (double) ones / LARGE) <= 0.01, "class 1: " + share + " of the held-out rows, "
                    + (double) ones / LARGE + " of all");
            assertEquals(ones - validationOnes, data.classCounts()[1]);
        }
        return computed.value();
    }

    @Test
    void splitOrderComputesEveryInputRowOnceAndCanonicalOrderTwice() {
        assertEquals(LARGE, rowsComputed("split"));
        // the pass that shuffles the rows, after a counting pass (zipWithIndex) over all partitions
        // but the last (3 here), whose count is not needed
        assertEquals(LARGE + 2L * LARGE / 3, rowsComputed("canonical"));
    }

    @Test
    void splitOrderKeepsOnePartitionPerInputSplitAndTheSameInputGivesTheSameBlocks() {
        JobConfig cfg = config(threeFiles, "split");
        double[] first;
        int partitions;
        long validation;
        try (TrainingData data = TrainingData.load(spark, cfg.data(), cfg.model(), 2)) {
            first = contents(data.train());
            partitions = data.train().getNumPartitions();
            validation = data.validationRows();
            assertEquals(ROWS, data.trainRows() + data.validationRows());
        }
        int splits = spark.read().parquet(threeFiles).rdd().getNumPartitions();
        assertEquals(splits, partitions);
        // the stratified hold-out stays exact per class: round(0.25 n_c) of each class
        long ones = rows().stream().filter(r -> r.getInt(3) == 1).count();
        assertEquals(Math.round(0.25 * ones) + Math.round(0.25 * (ROWS - ones)), validation);
        try (TrainingData again = TrainingData.load(spark, cfg.data(), cfg.model(), 2)) {
            assertArrayEquals(first, contents(again.train()));
        }
    }

    /** The blocks of {@code cfg}'s table read with Spark's file splits at most {@code splitBytes} long. */
    private static double[] withSplits(JobConfig cfg, long splitBytes, int[] partitions) {
        String key = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(key);
        spark.conf().set(key, String.valueOf(splitBytes));
        try (TrainingData data = TrainingData.load(spark, cfg.data(), cfg.model(), 2)) {
            partitions[0] = data.train().getNumPartitions();
            return contents(data.train());
        } finally {
            spark.conf().set(key, before);
        }
    }

    @Test
    void canonicalOrderGivesTheSameBlocksWhateverTheSplitsAndSplitOrderFollowsThem() {
        int[] partitions = new int[1];
        JobConfig canonical = csvConfig("canonical");
        double[] whole = withSplits(canonical, 128L << 20, partitions);
        assertEquals(2, partitions[0]);
        assertArrayEquals(whole, withSplits(canonical, 16 << 10, partitions));
        assertEquals(2, partitions[0]);

        JobConfig split = csvConfig("split");
        double[] oneSplit = withSplits(split, 128L << 20, partitions);
        assertEquals(1, partitions[0]);
        double[] manySplits = withSplits(split, 16 << 10, partitions);
        assertTrue(partitions[0] > 3, "partitions: " + partitions[0]);
        // other split settings, other identities: another hold-out
        assertFalse(java.util.Arrays.equals(oneSplit, manySplits));
        assertArrayEquals(manySplits, withSplits(split, 16 << 10, partitions));
    }

    @Test
    void aBadLineIsNamedByItsFileAndLineInALaterSplit() throws Exception {
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(java.nio.file.Path.of(csv)));
        lines.set(2500, "0.5,oops,1.0,1");
        java.nio.file.Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.write(bad, lines);
        JobConfig cfg = LocalSpark.config("data.path = \"" + bad + "\"\ndata.order = split\nmodel.type = logistic\n", dir);
        String key = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(key);
        spark.conf().set(key, String.valueOf(16 << 10));
        try {
            DataError e = assertThrows(DataError.class, () -> TrainingData.load(spark, cfg.data(), cfg.model(), 2).close());
            String m = e.userMessage();
            assertTrue(m.contains("bad.csv"), m);
            assertTrue(m.contains("line 2501"), m);
        } finally {
            spark.conf().set(key, before);
        }
    }

    @Test
    void aBadRowIsNamedByItsFileAndRowInSplitOrder() {
        List<Row> rows = new ArrayList<>(rows().subList(0, 50));
        rows.set(37, RowFactory.create(1.0, null, 2.0, 1));
        String bad = dir.resolve("bad.parquet").toString();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(bad);
        JobConfig cfg = config(bad, "split");
        DataError e = assertThrows(DataError.class, () -> TrainingData.load(spark, cfg.data(), cfg.model(), 2).close());
        String m = e.userMessage();
        assertTrue(m.contains("bad.parquet"), m);
        assertTrue(m.contains("row 37"), m);
        assertTrue(m.contains("'b'"), m);
    }

    @Test
    void splitIsTheDefaultOrder() {
        JobConfig cfg = LocalSpark.config("data.path = \"" + oneFile + "\"\ndata.format = parquet\nmodel.type = logistic\n", dir);
        assertEquals("split", cfg.data().order());
    }

    @Test
    void theRowIdentityNamesItsSplitAndOffset() {
        assertEquals("row 12", RowIdentity.describe(RowIdentity.of(0, 12)));
        assertEquals("row 12 of input split 3", RowIdentity.describe(RowIdentity.of(3, 12)));
        ConfigError e = assertThrows(ConfigError.class, () -> config(oneFile, "shuffled"));
        assertTrue(e.getMessage().startsWith("config key 'data.order' must be one of canonical, split; got 'shuffled'"),
                e.getMessage());
    }
}
