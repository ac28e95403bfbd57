package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * What the one ingest pipeline ({@link TrainingData#build}) needs to know about one kind of
 * block: {@link DenseBlockWriter} (row-major features, centred and scaled) or {@link
 * SparseBlockWriter} (CSR, scaled only). Everything else — row identities, the spread over
 * partitions, the hold-out, the counts, the one cached copy, the checks and their messages, the
 * standardisation of raw blocks from the cache — is the pipeline's, once for both.
 *
 * @param <R> a parsed row: {@code double[]} [features..., label, weight column value if any] or a
 *     {@link SparseRow}
 */
abstract class BlockWriter<R> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a block's features are standardised with: x ↦ (x − mean) / std (a sparse block's mean is 0). */
    record Scale(double[] mean, double[] std) implements Serializable {}

    /** A partition's blocks of one side (training or validation), filled one row at a time. */
    interface Blocks<R> {
        void add(R row);

        /** The blocks, the last one possibly short. */
        List<Block> finish();
    }

    /** Whether the blocks are sparse (CSR). */
    abstract boolean sparse();

    /** The number of features. */
    abstract int features();

    /** The values the hold-out reads the row's label from, at {@link #labelAt()}. */
    abstract double[] holdOutValues(R row);

    abstract int labelAt();

    /** A partition's statistics before any row: counts, and for dense blocks the columns' moments. */
    abstract ColumnStats newStats(int classes);

    /** Adds a training row to its partition's statistics. */
    abstract void addTrain(ColumnStats stats, R row);

    /**
     * A partition's blocks: final (standardised with {@code scale}, row weights from {@code
     * weights}, or none when null) or, with {@code scale} null, raw (features as read, the weight
     * column's value as the row weight) for {@link #finish} to make final from the cache.
     */
    abstract Blocks<R> blocks(Scale scale, RowWeights weights);

    /** A raw block made final: the same bits as packing its rows final. */
    abstract Block finish(Block raw, Scale scale, RowWeights weights);

    /** The standardisation of {@code mean} and {@code std} as these blocks apply it. */
    abstract Scale scale(double[] mean, double[] std);

    /**
     * The standardisation from the training rows: the merged statistics of the pass ({@code
     * stats}), or what the cached raw blocks give.
     */
    abstract Scale statistics(JavaRDD<PackedPartition> raw, ColumnStats stats);

    /** Fails with a DataError naming the feature when {@code scale} is not finite and positive. */
    abstract void check(String path, List<String> names, Scale scale);

    /** Row weights from the weight column (if any) times {@code perClass} (null: none). */
    abstract RowWeights weights(double[] perClass);
}
