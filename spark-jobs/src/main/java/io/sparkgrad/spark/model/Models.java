package io.sparkgrad.spark.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/** Builds the {@link Model} a {@link ModelSpec} describes. */
public final class Models {
    private Models() {}

    /**
     * @throws IllegalArgumentException when a user class cannot be loaded or constructed, naming
     *     {@code model.class} and what is wrong
     */
    public static Model create(ModelSpec spec, int numFeatures) {
        return switch (spec.type()) {
            case "linear", "logistic", "softmax" ->
                    new FeedForwardModel(numFeatures, List.of(), spec.activation(), spec.task(), spec.classes(), spec.loss());
            case "glm" -> new GeneralizedLinearModel(numFeatures, spec.glm());
            case "mlp" -> new FeedForwardModel(numFeatures, spec.hidden(), spec.activation(), spec.task(), spec.classes());
            case "fm" -> new FactorizationMachine(numFeatures, spec.fm() == null ? FmSettings.DEFAULT : spec.fm(), spec.task(),
                    spec.classes());
            case "class" -> createUserModel(spec, numFeatures);
            default -> throw new IllegalArgumentException("unknown model.type '" + spec.type() + "'");
        };
    }

    /**
     * Fails fast, before any data is read, when a user's {@code model.class} cannot be loaded or
     * has no usable constructor; a no-op for the built-in models.
     */
    public static void checkLoadable(ModelSpec spec) {
        if (spec.type().equals("class")) {
            userConstructor(spec.className());
        }
    }

    private static Constructor<?> userConstructor(String name) {
        Class<?> cls;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            cls = Class.forName(name, true, loader != null ? loader : Models.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("model.class '" + name + "' not found on the classpath "
                    + "(add its jar with spark-submit --jars)", e);
        }
        if (!Model.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException("model.class '" + name + "' does not implement " + Model.class.getName());
        }
        try {
            return cls.getConstructor(ModelContext.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("model.class '" + name + "' needs a public constructor taking "
                    + ModelContext.class.getName(), e);
        }
    }

    private static Model createUserModel(ModelSpec spec, int numFeatures) {
        String name = spec.className();
        Constructor<?> ctor = userConstructor(name);
        try {
            Model model = (Model) ctor.newInstance(new ModelContext(numFeatures, spec.task(), spec.classes(), spec.options()));
            if (model.task() != spec.task()) {
                throw new IllegalArgumentException("model.class '" + name + "' predicts " + model.task().configName()
                        + " but model.task is " + spec.task().configName());
            }
            return model;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("model.class '" + name + "' constructor failed: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("model.class '" + name + "' cannot be instantiated: " + e, e);
        }
    }
}
