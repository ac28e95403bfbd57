package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.Standardize;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Dense rows into a row-major block, each value standardised by {@link Standardize#value} as in training. */
final class DenseBlockWriter implements BlockWriter<double[]> {
    private final double[] mean;
    private final double[] std;
    private final double[] x;
    private int n;

    DenseBlockWriter(double[] mean, double[] std, int blockRows) {
        this.mean = mean;
        this.std = std;
        this.x = new double[blockRows * mean.length];
    }

    @Override
    public void add(double[] v) {
        int d = mean.length;
        int base = n * d;
        for (int j = 0; j < d; j++) {
            x[base + j] = Standardize.value(v[j], mean[j], std[j]);
        }
        n++;
    }

    @Override
    public Tensor score(Model model, Map<String, Tensor> params, boolean margins) {
        // a copy: the buffer is refilled for the next block while the model's output may still view its input
        Tensor block = Tensor.wrap(Arrays.copyOf(x, n * mean.length), n, mean.length);
        n = 0;
        return margins ? model.margins(params, block) : model.predict(params, block);
    }
}
