package io.sparkgrad.spark.model;

import java.io.Serializable;

/**
 * A linear-family model's loss when it is not the task's default ({@code model.loss}), under
 * MLlib's names: {@code hinge} for a classifier (MLlib's {@code LinearSVC}; one-vs-rest with K
 * classes), {@code huber} for a regressor (MLlib's {@code LinearRegression} with
 * {@code loss = huber}, whose scale σ is fitted jointly). The defaults ({@code logLoss},
 * {@code squaredError}) are no settings at all: a spec without them has none.
 *
 * @param name {@code hinge} or {@code huber}
 * @param epsilon huber only: where the loss turns from quadratic to linear, in units of σ (> 1); NaN for hinge
 */
public record LossSettings(String name, double epsilon) implements Serializable {
    /** MLlib's default {@code epsilon}: 95% statistical efficiency for normally distributed errors. */
    public static final double DEFAULT_EPSILON = 1.35;

    public static final LossSettings HINGE = new LossSettings("hinge", Double.NaN);

    public LossSettings {
        if (!name.equals("hinge") && !name.equals("huber")) {
            throw new IllegalArgumentException("loss must be hinge or huber; got '" + name + "'");
        }
        if (name.equals("huber") && !(epsilon > 1)) {
            throw new IllegalArgumentException("huber's epsilon must be > 1; got " + epsilon);
        }
    }

    public static LossSettings huber(double epsilon) {
        return new LossSettings("huber", epsilon);
    }

    public boolean hinge() {
        return name.equals("hinge");
    }

    public boolean huber() {
        return name.equals("huber");
    }

    /** Whether {@code spec} is a margin classifier (hinge loss): no probabilities, rawPrediction holds margins. */
    public static boolean isHinge(ModelSpec spec) {
        return spec.loss() != null && spec.loss().hinge();
    }

    /** Whether {@code spec} is a Huber regressor. */
    public static boolean isHuber(ModelSpec spec) {
        return spec.loss() != null && spec.loss().huber();
    }
}
