package io.sparkgrad.spark.data;

import java.util.Iterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * A row's identity, which the hold-out draws and error messages use, and how the rows are spread
 * over the partitions ({@code data.order}).
 *
 * <ul>
 *   <li>{@code canonical}: the identity is the row's index in the whole input (a counting pass,
 *       {@code zipWithIndex}), and the rows are shuffled to partition {@code index mod n} and
 *       sorted, so the blocks are the same whatever the layout of the table's files.</li>
 *   <li>{@code split}: the identity is (input split, offset within that split), packed in a long as
 *       {@code split << 40 | offset}, and every input split becomes one partition of blocks in the
 *       order it was read: no counting pass, no shuffle. The result is fixed by the files, their
 *       order and Spark's split settings ({@code spark.sql.files.maxPartitionBytes},
 *       {@code spark.sql.files.openCostInBytes}, the default parallelism). This is the default.
 *       Vector-column and libsvm input (by Hadoop's text splits) are numbered alike.</li>
 * </ul>
 */
public final class RowIdentity {
    /** Bits of the offset within a split: 2^40 rows per split. */
    static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    private RowIdentity() {}

    /** Whether {@code data.order} asks for the layout-independent order. */
    static boolean canonical(String order) {
        return order.equals("canonical");
    }

    /** The identity of the row at {@code offset} (from 0) in input split {@code split}. */
    static long of(int split, long offset) {
        if (offset > OFFSET_MASK) {
            throw new DataError("input split " + split + " holds more than 2^" + OFFSET_BITS + " rows");
        }
        return ((long) split << OFFSET_BITS) | offset;
    }

    /** The input's rows with their identities under {@code order}. */
    static <T> JavaPairRDD<T, Long> number(JavaRDD<T> rows, String order) {
        return canonical(order) ? rows.zipWithIndex() : bySplit(rows);
    }

    /**
     * The input's rows with their {@code split} identities, (input split, offset) packed as
     * {@link #of} packs them: numbered as they are read, with no counting pass. Scoring names a bad
     * row by it, the order of its output being the input's whatever the identities.
     */
    public static <T> JavaPairRDD<T, Long> bySplit(JavaRDD<T> rows) {
        JavaRDD<Tuple2<T, Long>> numbered = rows.mapPartitionsWithIndex((split, it) -> new Iterator<Tuple2<T, Long>>() {
            private long offset;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Tuple2<T, Long> next() {
                return new Tuple2<>(it.next(), of(split, offset++));
            }
        }, true);
        return JavaPairRDD.fromJavaRDD(numbered);
    }

    /**
     * The parsed rows as the blocks are packed from: {@code canonical}, spread by index over
     * {@code partitions} and sorted; {@code split}, as read (one partition per input split).
     */
    static <V> JavaPairRDD<Long, V> spread(JavaPairRDD<Long, V> parsed, String order, int partitions) {
        return canonical(order) ? parsed.repartitionAndSortWithinPartitions(new RowIndexPartitioner(partitions)) : parsed;
    }

    /** How an error message names the row with identity {@code row}: "row 12" or "row 12 of input split 3". */
    public static String describe(long row) {
        long split = row >>> OFFSET_BITS;
        return split == 0 ? "row " + row : "row " + (row & OFFSET_MASK) + " of input split " + split;
    }
}
