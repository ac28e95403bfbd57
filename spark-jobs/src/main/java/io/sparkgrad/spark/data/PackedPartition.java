package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One partition's rows after the single ingest pass ({@link TrainingData}): its training blocks,
 * its validation blocks and the statistics of its training rows (counts, per-class counts and,
 * for dense blocks, column means and variances), all from one reading of the partition's input.
 * Dense and sparse rows alike: the {@link BlockWriter} packs them.
 *
 * <p>The blocks are either final (standardised with statistics known before the pass: a resumed
 * model's, or none with {@code data.standardize = false}) or raw (features as read, the weight
 * column's value as the row weight) when the statistics or the balanced class weights come from
 * this very pass; {@link #finish} then turns raw blocks into final ones from the cache, with the
 * same formula and so the same bits as packing them final.
 */
final class PackedPartition implements Serializable {
    private static final long serialVersionUID = 2L;

    private final List<Block> train;
    private final List<Block> validation;
    private final ColumnStats stats;

    private PackedPartition(List<Block> train, List<Block> validation, ColumnStats stats) {
        this.train = train;
        this.validation = validation;
        this.stats = stats;
    }

    List<Block> train() {
        return Collections.unmodifiableList(train);
    }

    List<Block> validation() {
        return Collections.unmodifiableList(validation);
    }

    /** This partition's statistics (null after {@link #finish}). */
    ColumnStats stats() {
        return stats;
    }

    /**
     * Reads a partition's parsed rows once: each valid row goes to the training or the validation
     * blocks by {@code draw} (the hold-out's draw for this partition), and training rows into the
     * statistics.
     *
     * @param rows (row identity, parsed row) in input order; the row null for a dropped one
     * @param scale the standardisation to pack final blocks with, or null to pack raw blocks (then
     *     {@code weights} is ignored and the weight column, if any, is kept as the row weight)
     * @param weights the final row weights when packing final blocks, or null for none
     */
    static <R> PackedPartition pack(Iterator<Tuple2<Long, R>> rows, HoldOut draw, BlockWriter<R> writer, int classes,
            BlockWriter.Scale scale, RowWeights weights) {
        ColumnStats stats = writer.newStats(classes);
        BlockWriter.Blocks<R> train = writer.blocks(scale, weights);
        BlockWriter.Blocks<R> validation = writer.blocks(scale, weights);
        while (rows.hasNext()) {
            Tuple2<Long, R> row = rows.next();
            R v = row._2();
            if (v == null) {
                stats.addDropped();
            } else {
                double[] values = writer.holdOutValues(v);
                stats.addLabel(values[writer.labelAt()]);
                if (draw.isValidation(row._1(), values)) {
                    stats.addValidation();
                    validation.add(v);
                } else {
                    writer.addTrain(stats, v);
                    train.add(v);
                }
            }
        }
        return new PackedPartition(train.finish(), validation.finish(), stats);
    }

    /** Raw blocks made final: standardised with {@code scale}, row weights {@code weights} (null: every row weighs 1). */
    PackedPartition finish(BlockWriter<?> writer, BlockWriter.Scale scale, RowWeights weights) {
        return new PackedPartition(finish(train, writer, scale, weights), finish(validation, writer, scale, weights), null);
    }

    private static List<Block> finish(List<Block> raw, BlockWriter<?> writer, BlockWriter.Scale scale,
            RowWeights weights) {
        List<Block> out = new ArrayList<>(raw.size());
        for (Block b : raw) {
            out.add(writer.finish(b, scale, weights));
        }
        return out;
    }
}
