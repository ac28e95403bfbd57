package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/**
 * Spark Connect's ML handler finds third-party stages as Spark's own: estimators through
 * {@code ServiceLoader.load(Estimator.class)}, models through {@code ServiceLoader.load(Transformer.class)}
 * (Spark 4.1 reads no separate Model list), each of which needs a public no-arg constructor; then
 * an estimator by its {@code (String uid)} constructor for a fit; a saved stage is read with its static
 * {@code read()}.
 */
class MlRegistryTest {

    /** What Spark 4.1's MLUtils.loadOperators reads: the providers' types, none of them instantiated. */
    private static Set<String> registered(Class<?> service) {
        Set<String> names = new TreeSet<>();
        ServiceLoader.load(service, Thread.currentThread().getContextClassLoader()).stream()
                .map(p -> p.type().getName()).filter(n -> n.startsWith("io.sparkgrad.")).forEach(names::add);
        return names;
    }

    @Test
    void theEstimatorsAndModelsAreRegisteredForSparkConnect() {
        assertEquals(Set.of(SparkgradClassifier.class.getName(), SparkgradRegressor.class.getName()),
                registered(Estimator.class));
        assertEquals(Set.of(SparkgradClassificationModel.class.getName(), SparkgradRegressionModel.class.getName()),
                registered(Transformer.class));
    }

    @Test
    void everyRegisteredStageHasWhatConnectCallsAndIsWrappedInPython() throws Exception {
        List<String> wrapped = new ArrayList<>();
        for (Params p : PythonParams.stages()) {
            wrapped.add(p.getClass().getName());
        }
        Set<String> all = new TreeSet<>(registered(Estimator.class));
        all.addAll(registered(Transformer.class));
        assertEquals(new TreeSet<>(wrapped), all, "the Python package wraps exactly the registered stages");
        for (String name : registered(Estimator.class)) {
            // Connect's fit makes the estimator with the client's uid
            Class<?> c = Class.forName(name);
            Params made = (Params) c.getConstructor(String.class).newInstance("uid-" + c.getSimpleName());
            assertEquals("uid-" + c.getSimpleName(), made.uid());
        }
        for (String name : all) {
            Class<?> c = Class.forName(name);
            assertTrue(c.getConstructor().newInstance() instanceof Params, name + "()");
            assertTrue(java.lang.reflect.Modifier.isStatic(c.getMethod("read").getModifiers()), name + ".read()");
            assertTrue(java.lang.reflect.Modifier.isStatic(c.getMethod("load", String.class).getModifiers()), name + ".load");
        }
    }

    @Test
    void aModelMadeByTheNoArgConstructorSaysItHoldsNoModel() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SparkgradClassificationModel().savedModel());
        assertTrue(e.getMessage().contains("holds no trained model"), e.getMessage());
        assertTrue(new SparkgradRegressionModel().copy(org.apache.spark.ml.param.ParamMap.empty()) != null);
    }
}
