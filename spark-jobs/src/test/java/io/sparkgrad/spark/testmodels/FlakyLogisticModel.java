package io.sparkgrad.spark.testmodels;

import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelContext;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * Logistic regression whose loss throws in the first attempt of every task on an odd partition
 * when {@code model.options.fail = true}: Spark retries those tasks (under {@code local[n,4]}),
 * and the result must be the same bits as without the failures.
 */
public final class FlakyLogisticModel implements Model {
    private final int features;
    private final boolean fail;

    public FlakyLogisticModel(ModelContext context) {
        this.features = context.numFeatures();
        this.fail = Boolean.parseBoolean(context.options().getOrDefault("fail", "false"));
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

    @Override
    public Tensor loss(Map<String, Tensor> p, Tensor x, Tensor y) {
        TaskContext task = TaskContext.get();
        if (fail && task != null && task.attemptNumber() == 0 && task.partitionId() % 2 == 1) {
            throw new IllegalStateException("injected failure in the first attempt of task " + task.taskAttemptId()
                    + " (partition " + task.partitionId() + ")");
        }
        Tensor z = x.matmul(p.get("w")).add(p.get("bias")).reshape(x.shape()[0]);
        return z.sigmoid().clamp(1e-12, 1 - 1e-12).log().mul(y)
                .add(z.sigmoid().neg().add(1.0).clamp(1e-12, 1 - 1e-12).log().mul(y.neg().add(1.0)))
                .sum().neg();
    }

    @Override
    public Tensor predict(Map<String, Tensor> p, Tensor x) {
        return x.matmul(p.get("w")).add(p.get("bias")).reshape(x.shape()[0]).sigmoid();
    }
}
