package io.sparkgrad.spark.train;

import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Models;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training loss and its gradient over every cached block, computed by the executors:
 * broadcast θ, one {@link PartitionGradient} per partition, ordered tree merge, destroy the
 * broadcast. The optimizer on the driver only ever sees {@link #evaluate}.
 */
public final class DistributedObjective {
    private final JavaSparkContext sc;
    private final JavaRDD<Block> blocks;
    private final ModelSpec spec;
    private final int numFeatures;
    private final int aggregationDepth;
    private final double miniBatchFraction;
    private final long seed;

    public DistributedObjective(JavaSparkContext sc, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            int aggregationDepth, double miniBatchFraction, long seed) {
        this.sc = sc;
        this.blocks = blocks;
        this.spec = spec;
        this.numFeatures = numFeatures;
        this.aggregationDepth = aggregationDepth;
        this.miniBatchFraction = miniBatchFraction;
        this.seed = seed;
    }

    /** Σ loss, Σ gradient and the row count at θ for {@code iteration} (which seeds mini-batches). */
    public GradientSum evaluate(ParameterVector theta, int iteration) {
        Broadcast<ParameterVector> bc = sc.broadcast(theta);
        try {
            ModelSpec spec = this.spec;
            int numFeatures = this.numFeatures;
            double fraction = miniBatchFraction;
            long seed = this.seed;
            GradientSum sum = OrderedTreeAggregate.aggregate(blocks, (partition, it) -> {
                Model model = Models.create(spec, numFeatures);
                return PartitionGradient.compute(model, bc.value(), it, fraction, seed, iteration, partition);
            }, GradientSum::merge, aggregationDepth);
            return sum == null ? new GradientSum(theta.size()) : sum;
        } finally {
            bc.destroy();
        }
    }
}
