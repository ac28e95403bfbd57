package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One partition's rows after the single ingest pass ({@link TrainingData}): its training blocks,
 * its validation blocks and the statistics of its training rows (counts, per-class counts, column
 * means and variances), all from one reading of the partition's input.
 *
 * <p>The blocks are either final (standardised with statistics known before the pass: a resumed
 * model's, or none with {@code data.standardize = false}) or raw (features as read, the weight
 * column's value as the row weight) when the statistics or the balanced class weights come from
 * this very pass; {@link #finish} then turns raw blocks into final ones from the cache, with the
 * same formula ({@link Standardize#value}) and so the same bits as packing them final.
 */
final class PackedPartition implements Serializable {
    private static final long serialVersionUID = 1L;

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
     * @param rows (row identity, values [features..., label, weight if {@code weightColumn}, offset
     *     if {@code offsetColumn}]) in input order; values null for a dropped row
     * @param mean the means to standardise with, or null to pack raw blocks (then {@code std} and
     *     {@code weights} are ignored and the weight column, if any, is kept as the row weight)
     * @param weights the final row weights when packing final blocks, or null for none
     */
    static PackedPartition pack(Iterator<Tuple2<Long, double[]>> rows, HoldOut draw, int d, int classes,
            int blockRows, boolean weightColumn, boolean offsetColumn, double[] mean, double[] std, RowWeights weights) {
        ColumnStats stats = new ColumnStats(d, classes);
        boolean raw = mean == null;
        boolean weighted = raw ? weightColumn : weights != null;
        int offsetAt = offsetColumn ? d + (weightColumn ? 2 : 1) : -1;
        Builder train = new Builder(blockRows, d, weighted, offsetAt);
        Builder validation = new Builder(blockRows, d, weighted, offsetAt);
        while (rows.hasNext()) {
            Tuple2<Long, double[]> row = rows.next();
            double[] v = row._2();
            if (v == null) {
                stats.addDropped();
                continue;
            }
            Builder to;
            if (draw.isValidation(row._1(), v)) {
                stats.addValidation();
                to = validation;
            } else {
                stats.addTrain(v);
                to = train;
            }
            if (raw) {
                to.addRaw(v, weightColumn ? v[d + 1] : 1.0);
            } else {
                to.addStandardised(v, mean, std, weights == null ? 1.0 : weights.of(v));
            }
        }
        return new PackedPartition(train.finish(), validation.finish(), stats);
    }

    /**
     * Raw blocks made final: features standardised with {@code mean} and {@code std}, row weights
     * {@code weights.of(weight column value, label)} (null weights: every row weighs 1).
     */
    PackedPartition finish(double[] mean, double[] std, RowWeights weights) {
        return new PackedPartition(finish(train, mean, std, weights), finish(validation, mean, std, weights), null);
    }

    private static List<Block> finish(List<Block> raw, double[] mean, double[] std, RowWeights weights) {
        List<Block> out = new ArrayList<>(raw.size());
        for (Block b : raw) {
            int n = b.rows();
            int d = b.cols();
            double[] x = b.features();
            double[] f = new double[x.length];
            for (int r = 0; r < n; r++) {
                int base = r * d;
                for (int j = 0; j < d; j++) {
                    f[base + j] = Standardize.value(x[base + j], mean[j], std[j]);
                }
            }
            double[] w = null;
            if (weights != null) {
                w = new double[n];
                double[] column = b.weights();
                double[] labels = b.labels();
                for (int r = 0; r < n; r++) {
                    w[r] = weights.of(column == null ? 1.0 : column[r], labels[r]);
                }
            }
            out.add(new Block(n, d, f, b.labels(), w, b.offsets()));
        }
        return out;
    }

    /** Fills blocks of up to {@code blockRows} rows, one row at a time. */
    private static final class Builder {
        private final int blockRows;
        private final int d;
        private final boolean weighted;
        /** Where a row's values hold its offset; -1 for none. */
        private final int offsetAt;
        private final List<Block> blocks = new ArrayList<>();
        private double[] features;
        private double[] labels;
        private double[] weights;
        private double[] offsets;
        private int n;

        Builder(int blockRows, int d, boolean weighted, int offsetAt) {
            this.blockRows = blockRows;
            this.d = d;
            this.weighted = weighted;
            this.offsetAt = offsetAt;
        }

        private int next() {
            if (features == null) {
                features = new double[blockRows * d];
                labels = new double[blockRows];
                weights = weighted ? new double[blockRows] : null;
                offsets = offsetAt >= 0 ? new double[blockRows] : null;
            }
            return n * d;
        }

        void addRaw(double[] v, double weight) {
            int base = next();
            System.arraycopy(v, 0, features, base, d);
            added(v, weight);
        }

        void addStandardised(double[] v, double[] mean, double[] std, double weight) {
            int base = next();
            for (int j = 0; j < d; j++) {
                features[base + j] = Standardize.value(v[j], mean[j], std[j]);
            }
            added(v, weight);
        }

        private void added(double[] v, double weight) {
            labels[n] = v[d];
            if (weights != null) {
                weights[n] = weight;
            }
            if (offsets != null) {
                offsets[n] = v[offsetAt];
            }
            if (++n == blockRows) {
                flush();
            }
        }

        private void flush() {
            if (n == 0) {
                return;
            }
            if (n < blockRows) {
                features = Arrays.copyOf(features, n * d);
                labels = Arrays.copyOf(labels, n);
                weights = weights == null ? null : Arrays.copyOf(weights, n);
                offsets = offsets == null ? null : Arrays.copyOf(offsets, n);
            }
            blocks.add(new Block(n, d, features, labels, weights, offsets));
            features = null;
            labels = null;
            weights = null;
            offsets = null;
            n = 0;
        }

        List<Block> finish() {
            flush();
            return blocks;
        }
    }
}
