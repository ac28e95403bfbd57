package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.Standardize;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Dense rows into a row-major block, each value standardised by {@link Standardize#value} as in
 * training; for a glm with {@code data.offset} each row's values end with its offset, which the
 * model adds to η.
 */
final class DenseModelInput implements ModelInput<double[]> {
    private final double[] mean;
    private final double[] std;
    private final double[] x;
    /** The block's offsets, or null for a model without them. */
    private final double[] offsets;
    private int n;

    /** @param offsets whether each row's values end with its offset (after the features) */
    DenseModelInput(double[] mean, double[] std, int blockRows, boolean offsets) {
        this.mean = mean;
        this.std = std;
        this.x = new double[blockRows * mean.length];
        this.offsets = offsets ? new double[blockRows] : null;
    }

    @Override
    public void add(double[] v) {
        int d = mean.length;
        int base = n * d;
        for (int j = 0; j < d; j++) {
            x[base + j] = Standardize.value(v[j], mean[j], std[j]);
        }
        if (offsets != null) {
            offsets[n] = v[d];
        }
        n++;
    }

    @Override
    public Tensor score(Model model, Map<String, Tensor> params, boolean margins) {
        // a copy: the buffer is refilled for the next block while the model's output may still view its input
        Tensor block = Tensor.wrap(Arrays.copyOf(x, n * mean.length), n, mean.length);
        Tensor o = offsets == null ? null : Tensor.wrap(Arrays.copyOf(offsets, n), n);
        n = 0;
        return o != null ? model.predict(params, block, o) : margins ? model.margins(params, block) : model.predict(params, block);
    }
}
