package io.sparkgrad.spark.exec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

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
 * receiving one large gradient per partition when there are many partitions. Where the partition
 * count needs no level, the partials come back through one {@code runJob}, already in partition
 * order, with no new RDD and no closure for Spark's closure cleaner to inspect: the fixed cost of
 * an iteration is then one job of one stage.
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

    /** The number of intermediate merge levels for {@code n} partitions at {@code depth}; 0 when none is needed. */
    static int levels(int n, int depth) {
        if (depth <= 1 || n <= 2) {
            return 0;
        }
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        int levels = 0;
        int current = n;
        while (current > scale + (int) Math.ceil(current / (double) scale)) {
            current = (int) Math.ceil(current / (double) scale);
            levels++;
        }
        return levels;
    }

    /** How many partials the tree's last level hands the driver: {@code n} when it has no level. */
    public static int lastLevelSize(int n, int depth) {
        if (levels(n, depth) == 0) {
            return n;
        }
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        int current = n;
        while (current > scale + (int) Math.ceil(current / (double) scale)) {
            current = (int) Math.ceil(current / (double) scale);
        }
        return current;
    }

    public static <T, U extends Serializable> U aggregate(
            JavaRDD<T> rdd, PartitionFunction<T, U> perPartition, Merge<U> merge, int depth) {
        return aggregate(rdd, perPartition, merge, depth, false);
    }

    /**
     * The same merge tree, with its intermediate levels merged on the driver when
     * {@code levelsOnDriver}: every partial comes back through one {@code runJob} (one stage, no
     * shuffle), and the driver merges the groups of each level exactly as the executors would
     * have — the same members, in the same order, so the same bits. Worth it when the partials
     * are small (sparse gradients of a wide model): a shuffle stage then costs more than it saves.
     */
    public static <T, U extends Serializable> U aggregate(
            JavaRDD<T> rdd, PartitionFunction<T, U> perPartition, Merge<U> merge, int depth, boolean levelsOnDriver) {
        int n = rdd.getNumPartitions();
        if (levels(n, depth) == 0 || levelsOnDriver) {
            ClassTag<Object> tag = ClassTag$.MODULE$.apply(Object.class);
            Object[] results = (Object[]) rdd.context().runJob(rdd.rdd(), new RunPartition<>(perPartition), tag);
            List<Tuple2<Integer, U>> level = new ArrayList<>(results.length);
            for (int p = 0; p < results.length; p++) {
                @SuppressWarnings("unchecked")
                U u = (U) results[p];
                level.add(new Tuple2<>(p, u));
            }
            if (levels(n, depth) > 0) {
                int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
                int current = n;
                while (current > scale + (int) Math.ceil(current / (double) scale)) {
                    current = (int) Math.ceil(current / (double) scale);
                    level = mergeLevelHere(level, scale, merge);
                }
            }
            return mergeInOrder(level, merge);
        }
        JavaPairRDD<Integer, U> partials = JavaPairRDD.fromJavaRDD(
                rdd.mapPartitionsWithIndex(new TagPartition<>(perPartition), true));
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        int current = n;
        while (current > scale + (int) Math.ceil(current / (double) scale)) {
            current = (int) Math.ceil(current / (double) scale);
            partials = mergeLevel(partials, scale, current, merge);
        }
        return mergeInOrder(new ArrayList<>(partials.collect()), merge);
    }

    private static <U> JavaPairRDD<Integer, U> mergeLevel(
            JavaPairRDD<Integer, U> partials, int scale, int groups, Merge<U> merge) {
        return partials
                .mapToPair(new GroupKey<>(scale))
                .groupByKey(new HashPartitioner(groups))
                .mapToPair(new MergeGroup<>(merge));
    }

    /** One level on the driver: what {@link #mergeLevel} computes, members keyed and merged as {@link GroupKey} and {@link MergeGroup} do. */
    private static <U> List<Tuple2<Integer, U>> mergeLevelHere(List<Tuple2<Integer, U>> partials, int scale, Merge<U> merge) {
        TreeMap<Integer, List<Tuple2<Integer, U>>> groups = new TreeMap<>();
        for (Tuple2<Integer, U> p : partials) {
            groups.computeIfAbsent(p._1() / scale, g -> new ArrayList<>()).add(p);
        }
        List<Tuple2<Integer, U>> next = new ArrayList<>(groups.size());
        groups.forEach((g, members) -> next.add(new Tuple2<>(g, mergeInOrder(members, merge))));
        return next;
    }

    private static <U> U mergeInOrder(List<Tuple2<Integer, U>> partials, Merge<U> merge) {
        partials.sort(Comparator.comparing(Tuple2::_1));
        U acc = null;
        for (Tuple2<Integer, U> p : partials) {
            acc = acc == null ? p._2() : merge.merge(acc, p._2());
        }
        return acc;
    }

    /** One partition's partial, for {@code runJob}: a plain class, so the closure cleaner has nothing to walk. */
    private static final class RunPartition<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionFunction<T, U> f;

        RunPartition(PartitionFunction<T, U> f) {
            this.f = f;
        }

        @Override
        public Object apply(TaskContext context, scala.collection.Iterator<T> elements) {
            try {
                return f.apply(context.partitionId(), CollectionConverters.asJava(elements));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** (partition index, partial) for the tree's first level. */
    private static final class TagPartition<T, U> implements Function2<Integer, Iterator<T>, Iterator<Tuple2<Integer, U>>> {
        private static final long serialVersionUID = 1L;
        private final PartitionFunction<T, U> f;

        TagPartition(PartitionFunction<T, U> f) {
            this.f = f;
        }

        @Override
        public Iterator<Tuple2<Integer, U>> call(Integer index, Iterator<T> elements) throws Exception {
            return List.of(new Tuple2<>(index, f.apply(index, elements))).iterator();
        }
    }

    /** Groups {@code scale} consecutive indices under one key. */
    private static final class GroupKey<U> implements PairFunction<Tuple2<Integer, U>, Integer, Tuple2<Integer, U>> {
        private static final long serialVersionUID = 1L;
        private final int scale;

        GroupKey(int scale) {
            this.scale = scale;
        }

        @Override
        public Tuple2<Integer, Tuple2<Integer, U>> call(Tuple2<Integer, U> t) {
            return new Tuple2<>(t._1() / scale, t);
        }
    }

    /** Merges a group's members in index order. */
    private static final class MergeGroup<U> implements PairFunction<Tuple2<Integer, Iterable<Tuple2<Integer, U>>>, Integer, U> {
        private static final long serialVersionUID = 1L;
        private final Merge<U> merge;

        MergeGroup(Merge<U> merge) {
            this.merge = merge;
        }

        @Override
        public Tuple2<Integer, U> call(Tuple2<Integer, Iterable<Tuple2<Integer, U>>> g) {
            List<Tuple2<Integer, U>> members = new ArrayList<>();
            g._2().forEach(members::add);
            return new Tuple2<>(g._1(), mergeInOrder(members, merge));
        }
    }
}
