package io.sparkgrad.spark.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.ml.SparkgradClassificationModel;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/**
 * Scoring reads its input once: a row is named by its input split and offset, as in training, so
 * there is no counting pass ({@code zipWithIndex}) before the scoring pass, for feature columns and
 * for a sparse vector column alike; a bad row in a later split is named by that split and offset.
 */
class ScoringTest extends LocalSparkTest {
    private static final int ROWS = 300;
    private static final int PARTITIONS = 3;
    private static final int WIDTH = 100;
    private static final StructType COLUMNS = new StructType().add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    private static final StructType VECTORS = new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);

    private static List<Row> columnRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double a = Math.sin(i * 0.37);
            double b = Math.cos(i * 1.3);
            rows.add(RowFactory.create(a, b, a - 0.5 * b > 0 ? 1.0 : 0.0));
        }
        return rows;
    }

    /** Sparse rows of {@value #WIDTH} elements, two stored each; row {@code bad} (-1: none) one of half the size. */
    private static List<Row> vectorRows(int bad) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int label = i % 3 == 0 ? 1 : 0;
            int size = i == bad ? WIDTH / 2 : WIDTH;
            rows.add(RowFactory.create(Vectors.sparse(size, new int[] {label, 2 + i % 40}, new double[] {1, 1}),
                    (double) label));
        }
        return rows;
    }

    /** {@code rows} as a DataFrame of {@value #PARTITIONS} partitions whose every computed row adds 1 to {@code computed}. */
    private static Dataset<Row> counted(List<Row> rows, StructType schema, LongAccumulator computed) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, PARTITIONS).map(r -> {
            computed.add(1);
            return r;
        }), schema);
    }

    @Test
    void scoringFeatureColumnsComputesEveryInputRowOnce() {
        Dataset<Row> train = spark.createDataFrame(columnRows(), COLUMNS);
        SparkgradClassificationModel model = new SparkgradClassifier().setFeatureCols("a", "b").setMaxIter(3)
                .setNumPartitions(2).fit(train);
        LongAccumulator computed = spark.sparkContext().longAccumulator("column rows computed");
        Dataset<Row> scored = model.transform(counted(columnRows(), COLUMNS, computed));
        assertEquals(ROWS, scored.count());
        assertEquals(ROWS, computed.value(), "one pass: no counting pass over the first partitions");
    }

    @Test
    void scoringASparseVectorColumnComputesEveryInputRowOnceAndNamesABadRowByItsSplit() {
        SparkgradClassificationModel model = new SparkgradClassifier().setMaxIter(3).setNumPartitions(2)
                .fit(spark.createDataFrame(vectorRows(-1), VECTORS));
        LongAccumulator computed = spark.sparkContext().longAccumulator("vector rows computed");
        Dataset<Row> scored = model.transform(counted(vectorRows(-1), VECTORS, computed));
        assertEquals(ROWS, scored.count());
        assertEquals(ROWS, computed.value(), "one pass: no counting pass over the first partitions");

        // the second row of the third partition (of 100 rows each)
        Exception e = assertThrows(Exception.class,
                () -> model.transform(counted(vectorRows(201), VECTORS, computed)).count());
        DataError cause = null;
        for (Throwable t = e; t != null && cause == null; t = t.getCause()) {
            cause = t instanceof DataError d ? d : null;
        }
        String message = cause != null ? cause.getMessage() : e.toString();
        assertTrue(message.contains("the DataFrame given to SparkgradClassificationModel.transform: row 1 of input split 2: "
                + "a vector of 50 elements; the model reads 100"), message);
    }
}
