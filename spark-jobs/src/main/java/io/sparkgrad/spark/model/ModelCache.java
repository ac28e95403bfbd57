package io.sparkgrad.spark.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The models an executor's task threads use, built once per thread and reused by every later
 * task and iteration on it (Spark reuses its task threads), instead of once per task. A model is
 * then never shared between threads, so a user's {@code Model} need not be thread-safe.
 */
public final class ModelCache {
    private record Key(ModelSpec spec, int numFeatures) {}

    private static final ThreadLocal<Map<Key, Model>> MODELS = ThreadLocal.withInitial(HashMap::new);

    private ModelCache() {}

    /** This thread's model for {@code spec} over {@code numFeatures} features. */
    public static Model get(ModelSpec spec, int numFeatures) {
        return MODELS.get().computeIfAbsent(new Key(spec, numFeatures), k -> Models.create(k.spec(), k.numFeatures()));
    }
}
