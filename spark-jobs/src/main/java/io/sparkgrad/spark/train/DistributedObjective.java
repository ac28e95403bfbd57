package io.sparkgrad.spark.train;

import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.state.ParameterVector;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The training loss and its gradient over every cached block, computed by the executors: ship θ,
 * one {@link PartitionGradient} per partition, ordered tree merge. The optimizer on the driver
 * only ever sees {@link #evaluate}, once per function evaluation.
 */
public final class DistributedObjective {
    private final JavaRDD<Block> blocks;
    private final ModelSpec spec;
    private final int numFeatures;
    private final int aggregationDepth;
    private final double miniBatchFraction;
    private final long seed;
    private final ParameterShipments shipments;
    /** Σ over partitions of the gradient bytes a partial held, in the last pass (tasks add to it). */
    private final LongAccumulator partialBytes;
    /** That sum after the last pass; −1 before the first. */
    private long lastPartialBytes = -1;

    /** An objective whose every pass ships θ and frees it after ({@link ParameterShipments#perPass}). */
    public DistributedObjective(JavaSparkContext sc, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            int aggregationDepth, double miniBatchFraction, long seed) {
        this(sc, blocks, spec, numFeatures, aggregationDepth, miniBatchFraction, seed, ParameterShipments.perPass(sc));
    }

    /** @param shipments how θ reaches the executors; a run shares one with its validation passes */
    public DistributedObjective(JavaSparkContext sc, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            int aggregationDepth, double miniBatchFraction, long seed, ParameterShipments shipments) {
        this.shipments = shipments;
        this.partialBytes = sc.sc().longAccumulator("sparkgrad partial gradient bytes");
        this.blocks = blocks;
        this.spec = spec;
        this.numFeatures = numFeatures;
        this.aggregationDepth = aggregationDepth;
        this.miniBatchFraction = miniBatchFraction;
        this.seed = seed;
    }

    /** Σ loss, Σ gradient and the row count at θ for {@code iteration} (which seeds mini-batches). */
    public GradientSum evaluate(ParameterVector theta, int iteration) {
        ParameterShipment shipped = shipments.ship(theta);
        try {
            partialBytes.reset();
            GradientSum sum = OrderedTreeAggregate.aggregate(blocks,
                    new PartitionTask(shipped, spec, numFeatures, miniBatchFraction, seed, iteration, partialBytes),
                    GradientSum::merge, aggregationDepth, levelsOnDriver(theta.size()));
            lastPartialBytes = partialBytes.value();
            return sum == null ? new GradientSum(theta.size()) : sum;
        } finally {
            shipments.done(shipped);
        }
    }

    /**
     * Whether this pass merges the tree's levels on the driver (the same tree, the same bits):
     * when the last pass's partials held no more gradient bytes in all than the tree's last level
     * would send the driver were it dense, and at most half of {@code spark.driver.maxResultSize}.
     * Sparse partials of a wide model then come straight back in one stage; dense ones (a narrow
     * model, many partitions) keep the levels on the executors, which is what they are for. The
     * first pass keeps them there and measures.
     */
    private boolean levelsOnDriver(int size) {
        long lastLevelDense = 8L * size * OrderedTreeAggregate.lastLevelSize(blocks.getNumPartitions(), aggregationDepth);
        // a job's task results must stay within spark.driver.maxResultSize (0: no limit)
        long maxResults = blocks.context().getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
        return lastPartialBytes >= 0 && lastPartialBytes <= lastLevelDense
                && (maxResults == 0 || lastPartialBytes <= maxResults / 2);
    }

    /** Whether the next pass merges the tree's levels on the driver (see {@link #evaluate}). */
    public boolean mergesOnDriver(int size) {
        return levelsOnDriver(size);
    }

    /**
     * The same pass as {@link #evaluate}, with each partition's gradient summed and then dropped on
     * the executor: only Σ loss comes back, through the same merge tree. What a pass costs without
     * shipping and merging gradients (the compute-only figure of {@code bench/mllib.sh wide}).
     */
    public double computeOnly(ParameterVector theta, int iteration) {
        ParameterShipment shipped = shipments.ship(theta);
        try {
            Double loss = OrderedTreeAggregate.aggregate(blocks,
                    new LossOnly(new PartitionTask(shipped, spec, numFeatures, miniBatchFraction, seed, iteration, null)),
                    Double::sum, aggregationDepth, levelsOnDriver(theta.size()));
            return loss == null ? 0.0 : loss;
        } finally {
            shipments.done(shipped);
        }
    }

    /** A partition's partial, computed in full, of which only Σ loss is kept. */
    private record LossOnly(PartitionTask task) implements OrderedTreeAggregate.PartitionFunction<Block, Double> {
        @Override
        public Double apply(int partition, Iterator<Block> it) {
            return task.apply(partition, it).lossSum();
        }
    }

    /** One partition's share of an evaluation: everything it needs, as a plain serialisable object. */
    private record PartitionTask(ParameterShipment theta, ModelSpec spec, int numFeatures, double fraction, long seed,
            int iteration, LongAccumulator partialBytes) implements OrderedTreeAggregate.PartitionFunction<Block, GradientSum> {
        @Override
        public GradientSum apply(int partition, Iterator<Block> it) {
            GradientSum sum = PartitionGradient.compute(ModelCache.get(spec, numFeatures), theta.get(), it, fraction, seed,
                    iteration, partition);
            if (partialBytes != null) {
                partialBytes.add(sum.gradientBytes());
            }
            return sum;
        }
    }
}
