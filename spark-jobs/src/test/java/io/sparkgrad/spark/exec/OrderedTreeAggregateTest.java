package io.sparkgrad.spark.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkgrad.spark.LocalSparkTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tree's levels merged on the driver are the tree merged on the executors: with a merge that
 * writes down its operands' order, both give the same expression, member for member.
 */
class OrderedTreeAggregateTest extends LocalSparkTest {
    @ParameterizedTest(name = "{0} partitions, depth {1}")
    @CsvSource({"1, 2", "2, 2", "5, 1", "8, 3", "32, 2", "33, 2", "64, 2", "40, 3"})
    void levelsMergedOnTheDriverAreTheExecutorsTree(int partitions, int depth) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> rows = new ArrayList<>();
        IntStream.range(0, partitions * 3).forEach(rows::add);
        JavaRDD<Integer> rdd = sc.parallelize(rows, partitions);
        OrderedTreeAggregate.PartitionFunction<Integer, String> tag = (p, it) -> "p" + p;
        OrderedTreeAggregate.Merge<String> written = (a, b) -> "(" + a + " + " + b + ")";
        String executors = OrderedTreeAggregate.aggregate(rdd, tag, written, depth, false);
        String driver = OrderedTreeAggregate.aggregate(rdd, tag, written, depth, true);
        assertEquals(executors, driver);
        assertEquals(partitions, driver.split("p").length - 1, driver);
        if (partitions == 32 && depth == 2) {
            // groups of ⌈√32⌉ = 6 consecutive partitions, then the six groups in order
            assertEquals("((((((((((p0 + p1) + p2) + p3) + p4) + p5) + (((((p6 + p7)", driver.substring(0, 58));
            assertEquals(6, OrderedTreeAggregate.lastLevelSize(32, 2));
        }
    }
}
