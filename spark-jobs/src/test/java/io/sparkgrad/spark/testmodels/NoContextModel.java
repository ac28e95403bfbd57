package io.sparkgrad.spark.testmodels;

import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Model the job cannot build: it has no public constructor taking a ModelContext. */
public final class NoContextModel implements Model {
    public NoContextModel() {}

    @Override
    public Task task() {
        return Task.MULTICLASS;
    }

    @Override
    public LinkedHashMap<String, Tensor> initialParameters(long seed) {
        return new LinkedHashMap<>();
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels) {
        throw new UnsupportedOperationException("never built");
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, Tensor features) {
        throw new UnsupportedOperationException("never built");
    }
}
