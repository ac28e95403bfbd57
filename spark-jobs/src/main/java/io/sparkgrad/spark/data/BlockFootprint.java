package io.sparkgrad.spark.data;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;

/**
 * What the cached blocks hold and what they take: blocks, stored entries (a sparse block's
 * stored ones, a dense block's rows × columns), how many blocks are binary (sparse, every stored
 * value 1.0, kept as column indices alone) and the executor storage per row and per stored entry.
 * Shown in the log and in {@code summary.json}.
 */
public record BlockFootprint(long blocks, long binaryBlocks, long storedEntries, long rows, double bytes) {
    /** The footprint of {@code data}'s cached training and validation blocks (one small job over each). */
    public static BlockFootprint of(TrainingData data) {
        long[] c = count(data.train());
        if (data.validationRows() > 0) {
            long[] v = count(data.validation());
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        }
        long rows = data.trainRows() + data.validationRows();
        return new BlockFootprint(c[0], c[1], c[2], rows, data.cachedBytesPerRow() * rows);
    }

    private static long[] count(JavaRDD<Block> blocks) {
        return blocks.map(b -> new long[] {1, b.isSparse() && b.sparse().isBinary() ? 1 : 0,
            b.isSparse() ? b.sparse().nnz() : (long) b.rows() * b.cols()})
                .fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    }

    public double bytesPerRow() {
        return rows == 0 ? Double.NaN : bytes / rows;
    }

    /** Storage per stored entry, labels, weights and row offsets included; NaN when unknown or empty. */
    public double bytesPerStoredEntry() {
        return storedEntries == 0 ? Double.NaN : bytes / storedEntries;
    }

    /** The log's sentence. */
    public String describe() {
        return String.format(Locale.ROOT, "the cached blocks take %.1f bytes per row, %.2f bytes per stored entry "
                + "(%d stored entries; %d of %d blocks binary, kept as indices alone)", bytesPerRow(), bytesPerStoredEntry(),
                storedEntries, binaryBlocks, blocks);
    }
}
