package io.sparkgrad.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * {@code treeAggregate} whose result does not depend on which task finishes first.
 *
 * <p>Spark's {@code treeAggregate} merges partial results in completion order, so floating-point
 * sums differ from run to run in their last bits. Here every partial is tagged with its partition
 * index; each level of the tree groups {@code scale} consecutive indices and merges them in index
 * order; the driver merges the last level in index order. Same partitioning ⇒ same merge tree ⇒
 * bit-identical result, also after task retries.
 *
 * <p>Depth 1 collects every partial straight to the driver; depth d adds up to d − 1
 * intermediate levels, chosen like Spark's (scale = ⌈n^(1/d)⌉), which keeps the driver from
 * receiving one large gradient per partition when there are many partitions.
 */
public final class OrderedTreeAggregate {
    private OrderedTreeAggregate() {}

    /** Computes one partial result of a partition from its index and its elements. */
    @FunctionalInterface
    public interface PartitionFunction<T, U> extends Serializable {
        U apply(int partitionIndex, Iterator<T> elements) throws Exception;
    }

    /** Merges {@code right} into {@code left} (which it may modify) and returns the result. */
    @FunctionalInterface
    public interface Merge<U> extends Serializable {
        U merge(U left, U right);
    }

    public static <T, U extends Serializable> U aggregate(
            JavaRDD<T> rdd, PartitionFunction<T, U> perPartition, Merge<U> merge, int depth) {
        JavaPairRDD<Integer, U> partials = rdd.mapPartitionsWithIndex(
                        (Function2<Integer, Iterator<T>, Iterator<Tuple2<Integer, U>>>) (index, it) ->
                                List.of(new Tuple2<>(index, perPartition.apply(index, it))).iterator(),
                        true)
                .mapToPair(t -> t);
        int n = rdd.getNumPartitions();
        if (depth > 1 && n > 2) {
            int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
            int current = n;
            while (current > scale + (int) Math.ceil(current / (double) scale)) {
                current = (int) Math.ceil(current / (double) scale);
                partials = mergeLevel(partials, scale, current, merge);
            }
        }
        return mergeInOrder(new ArrayList<>(partials.collect()), merge);
    }

    private static <U> JavaPairRDD<Integer, U> mergeLevel(
            JavaPairRDD<Integer, U> partials, int scale, int groups, Merge<U> merge) {
        return partials
                .mapToPair(t -> new Tuple2<>(t._1() / scale, t))
                .groupByKey(new HashPartitioner(groups))
                .mapToPair(g -> {
                    List<Tuple2<Integer, U>> members = new ArrayList<>();
                    g._2().forEach(members::add);
                    return new Tuple2<>(g._1(), mergeInOrder(members, merge));
                });
    }

    private static <U> U mergeInOrder(List<Tuple2<Integer, U>> partials, Merge<U> merge) {
        partials.sort(Comparator.comparing(Tuple2::_1));
        U acc = null;
        for (Tuple2<Integer, U> p : partials) {
            acc = acc == null ? p._2() : merge.merge(acc, p._2());
        }
        return acc;
    }
}
