package io.sparkgrad.spark.testmodels;

import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelContext;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's model as the job loads it by name: logistic regression whose logits are divided by
 * {@code model.options.temperature}, written with plain engine ops.
 */
public final class TemperedLogisticModel implements Model {
    private final int features;
    private final double temperature;

    public TemperedLogisticModel(ModelContext context) {
        this.features = context.numFeatures();
        this.temperature = Double.parseDouble(context.options().getOrDefault("temperature", "1"));
    }

    @Override
    public Task task() {
        return Task.BINARY;
    }

    @Override
    public LinkedHashMap<String, Tensor> initialParameters(long seed) {
        LinkedHashMap<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", Tensor.zeros(features, 1));
        p.put("bias", Tensor.zeros(1));
        return p;
    }

    private Tensor logits(Map<String, Tensor> p, Tensor x) {
        return x.matmul(p.get("w")).add(p.get("bias")).div(temperature).reshape(x.shape()[0]);
    }

    @Override
    public Tensor loss(Map<String, Tensor> p, Tensor x, Tensor y) {
        Tensor prob = logits(p, x).sigmoid().clamp(1e-12, 1 - 1e-12);
        Tensor ll = y.mul(prob.log()).add(y.neg().add(1.0).mul(prob.neg().add(1.0).log()));
        return ll.sum().neg();
    }

    @Override
    public Tensor predict(Map<String, Tensor> p, Tensor x) {
        return logits(p, x).sigmoid();
    }
}
