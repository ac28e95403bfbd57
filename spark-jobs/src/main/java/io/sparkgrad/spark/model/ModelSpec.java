package io.sparkgrad.spark.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What model to build: a value object that is shipped to executors (which build the model from
 * it) and saved in {@code model.json}.
 *
 * @param type linear, logistic, softmax, glm, mlp, fm or class
 * @param classes number of classes for multi-class models (2 for logistic, 0 for regression)
 * @param hidden hidden layer widths of an mlp
 * @param activation mlp activation: relu, tanh, sigmoid or gelu
 * @param task what the model predicts (fixed by {@code type} for the built-ins)
 * @param className a user's {@link Model} implementation when {@code type = class}
 * @param options free-form settings handed to a user's class
 * @param fm a factorization machine's settings when {@code type = fm}, else null
 * @param glm a generalized linear model's family and link when {@code type = glm}, else null
 * @param loss a linear-family model's loss when not the task's default (hinge, huber), else null
 */
public record ModelSpec(
        String type,
        int classes,
        List<Integer> hidden,
        String activation,
        Task task,
        String className,
        Map<String, String> options,
        FmSettings fm,
        GlmSettings glm,
        LossSettings loss)
        implements Serializable {

    public ModelSpec {
        hidden = List.copyOf(hidden);
        options = Map.copyOf(options);
    }

    /** A spec of a model that is not a factorization machine. */
    public ModelSpec(String type, int classes, List<Integer> hidden, String activation, Task task, String className,
            Map<String, String> options) {
        this(type, classes, hidden, activation, task, className, options, null, null, null);
    }

    /** A spec of a model that is neither a generalized linear model nor one with another loss. */
    public ModelSpec(String type, int classes, List<Integer> hidden, String activation, Task task, String className,
            Map<String, String> options, FmSettings fm) {
        this(type, classes, hidden, activation, task, className, options, fm, null, null);
    }

    /**
     * Whether {@code data.standardize} centres dense features: not for a model without an
     * intercept (a glm with {@code fitIntercept = false}), where centring would add one
     * (−Σ βⱼμⱼ/σⱼ); its features are only scaled, as sparse ones always are.
     */
    public boolean centersFeatures() {
        return glm == null || glm.fitIntercept();
    }
}
