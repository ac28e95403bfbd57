package io.sparkgrad.spark.score;

import io.sparkgrad.spark.model.Model;
import io.sparkgrad.tensor.Tensor;
import java.util.Map;

/**
 * Packs the rows of one scored block into the model's input, standardised as in training, and
 * scores it: {@link DenseModelInput} for dense rows, {@link SparseModelInput} for CSR rows. The
 * rest of scoring ({@link BlockScorer}: buffering, the score columns) is the same for both. Not
 * ingest's block writers ({@code data.BlockWriter}), which make the cached training blocks.
 *
 * @param <R> a row's features as read: {@code double[]} or a {@code SparseRow}
 */
interface ModelInput<R> {
    /** Adds a row to the block being filled. */
    void add(R features);

    /**
     * The model's output for the rows added since the last call (margins for hinge models,
     * predictions otherwise; the caller holds the no-grad scope), and starts the next block.
     */
    Tensor score(Model model, Map<String, Tensor> params, boolean margins);
}
