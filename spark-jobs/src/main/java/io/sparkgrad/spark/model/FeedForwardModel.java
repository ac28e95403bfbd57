package io.sparkgrad.spark.model;

import io.sparkgrad.tensor.SparseMatrix;

import io.sparkgrad.nn.F;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in models: affine layers with an activation between them and a task-specific head.
 * With no hidden layer it is linear regression ({@code linear}), logistic regression
 * ({@code logistic}) or multinomial logistic regression ({@code softmax}); with hidden layers it is
 * an {@code mlp}.
 *
 * <p>Weights are [out, in] as in PyTorch's {@code nn.Linear}. Without hidden layers the
 * parameters are {@code weight} and {@code bias}, initialised to zero (the loss is convex);
 * otherwise {@code hidden.i.weight}/{@code hidden.i.bias} and {@code output.weight}/
 * {@code output.bias}, initialised like PyTorch's {@code nn.Linear}: U(−1/√in, 1/√in).
 */
public final class FeedForwardModel implements Model {
    private final int numFeatures;
    private final List<Integer> hidden;
    private final String activation;
    private final Task task;
    private final int outputs;
    private final LossSettings loss;

    public FeedForwardModel(int numFeatures, List<Integer> hidden, String activation, Task task, int classes) {
        this(numFeatures, hidden, activation, task, classes, null);
    }

    /** @param loss hinge (classifiers) or huber (regression) for a linear-family model; null for the task's default */
    public FeedForwardModel(int numFeatures, List<Integer> hidden, String activation, Task task, int classes,
            LossSettings loss) {
        if (loss != null && (!hidden.isEmpty() || loss.hinge() != task.isClassification())) {
            throw new IllegalArgumentException("loss " + loss.name() + " needs a linear " + (loss.hinge() ? "classifier" : "regressor")
                    + "; got a " + task.configName() + " model with " + hidden.size() + " hidden layers");
        }
        this.loss = loss;
        this.numFeatures = numFeatures;
        this.hidden = List.copyOf(hidden);
        this.activation = activation;
        this.task = task;
        this.outputs = task == Task.MULTICLASS ? classes : 1;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public LinkedHashMap<String, Tensor> initialParameters(long seed) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        if (hidden.isEmpty()) {
            params.put("weight", Tensor.fromArray(new double[outputs * numFeatures], outputs, numFeatures));
            params.put("bias", Tensor.fromArray(new double[outputs], outputs));
            if (loss != null && loss.huber()) {
                params.put(SCALE, Tensor.fromArray(new double[] {1.0}, 1));  // MLlib's start
            }
            return params;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int in = numFeatures;
        for (int i = 0; i < hidden.size(); i++) {
            addUniformLayer(params, "hidden." + i, in, hidden.get(i), rng);
            in = hidden.get(i);
        }
        addUniformLayer(params, "output", in, outputs, rng);
        return params;
    }

    private static void addUniformLayer(Map<String, Tensor> params, String prefix, int in, int out, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        double[] w = new double[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-bound, bound);
        }
        double[] b = new double[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-bound, bound);
        }
        params.put(prefix + ".weight", Tensor.fromArray(w, out, in));
        params.put(prefix + ".bias", Tensor.fromArray(b, out));
    }

    /** The last layer's output: [rows, K] for multi-class, [rows] otherwise. */
    private Tensor forward(Map<String, Tensor> p, Tensor x) {
        int rows = x.shape()[0];
        if (hidden.isEmpty()) {
            return head(affine(x, p.get("weight"), p.get("bias")), rows);
        }
        return rest(p, activate(affine(x, p.get("hidden.0.weight"), p.get("hidden.0.bias"))), rows);
    }

    /** The same for sparse rows: the first layer reads them in CSR form, never densified. */
    private Tensor forward(Map<String, Tensor> p, SparseMatrix x) {
        int rows = x.rows();
        if (hidden.isEmpty()) {
            return head(F.linear(x, p.get("weight"), p.get("bias")), rows);
        }
        return rest(p, activate(F.linear(x, p.get("hidden.0.weight"), p.get("hidden.0.bias"))), rows);
    }

    /** The same from the first layer's product x · Wᵀ (before its bias), as F.linear computes it. */
    private Tensor forwardFromProduct(Map<String, Tensor> p, Tensor product) {
        int rows = product.shape()[0];
        if (hidden.isEmpty()) {
            return head(product.add(p.get("bias")), rows);
        }
        return rest(p, activate(product.add(p.get("hidden.0.bias"))), rows);
    }

    @Override
    public String sparseWeight() {
        return hidden.isEmpty() ? "weight" : "hidden.0.weight";
    }

    @Override
    public Tensor lossGivenProduct(Map<String, Tensor> parameters, SparseMatrix features, Tensor product, Tensor labels,
            Tensor weights) {
        return lossOf(forwardFromProduct(parameters, product), labels, weights, parameters);
    }

    /** The hidden layers after the first, and the output layer. */
    private Tensor rest(Map<String, Tensor> p, Tensor h, int rows) {
        for (int i = 1; i < hidden.size(); i++) {
            h = activate(affine(h, p.get("hidden." + i + ".weight"), p.get("hidden." + i + ".bias")));
        }
        return head(affine(h, p.get("output.weight"), p.get("output.bias")), rows);
    }

    private Tensor head(Tensor z, int rows) {
        return task == Task.MULTICLASS ? z : z.reshape(rows);
    }

    private static Tensor affine(Tensor x, Tensor weight, Tensor bias) {
        return F.linear(x, weight, bias);
    }

    private Tensor activate(Tensor z) {
        return switch (activation) {
            case "relu" -> F.relu(z);
            case "tanh" -> F.tanh(z);
            case "sigmoid" -> F.sigmoid(z);
            case "gelu" -> F.gelu(z);
            default -> throw new IllegalArgumentException("unknown activation '" + activation + "'");
        };
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels) {
        return lossOf(forward(parameters, features), labels, null, parameters);
    }

    /** The Huber model's scale parameter σ, as MLlib's {@code LinearRegressionModel.scale}. */
    public static final String SCALE = "scale";

    @Override
    public boolean regularized(String parameterName) {
        return !parameterName.equals(SCALE) && Model.super.regularized(parameterName);
    }

    @Override
    public boolean fitsWithOwlqn() {
        return loss != null && loss.hinge();
    }


    /** Σ wᵢ·lossᵢ of the last layer's output; {@code weights} null for 1 each. */
    private Tensor lossOf(Tensor out, Tensor labels, Tensor weights, Map<String, Tensor> p) {
        if (loss == null) {
            return weights == null ? defaultLossOf(out, labels) : defaultLossOf(out, labels, weights);
        }
        if (loss.huber()) {
            return Losses.huber(out, labels, p.get(SCALE), loss.epsilon(), weights);
        }
        return task == Task.BINARY ? Losses.hinge(out, labels, weights) : Losses.oneVsRestHinge(out, labels, weights);
    }

    private Tensor defaultLossOf(Tensor out, Tensor labels) {
        return switch (task) {
            case REGRESSION -> Losses.squaredError(out, labels);
            case BINARY -> Losses.binaryCrossEntropyWithLogits(out, labels);
            case MULTICLASS -> Losses.crossEntropy(out, labels);
        };
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels) {
        return lossOf(forward(parameters, features), labels, null, parameters);
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels, Tensor weights) {
        return lossOf(forward(parameters, features), labels, weights, parameters);
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, SparseMatrix features) {
        return predictionOf(forward(parameters, features));
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels, Tensor weights) {
        return lossOf(forward(parameters, features), labels, weights, parameters);
    }

    private Tensor defaultLossOf(Tensor out, Tensor labels, Tensor weights) {
        return switch (task) {
            case REGRESSION -> Losses.squaredError(out, labels, weights);
            case BINARY -> Losses.binaryCrossEntropyWithLogits(out, labels, weights);
            case MULTICLASS -> Losses.crossEntropy(out, labels, weights);
        };
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, Tensor features) {
        return predictionOf(forward(parameters, features));
    }

    @Override
    public Tensor margins(Map<String, Tensor> parameters, Tensor features) {
        return loss != null && loss.hinge() ? forward(parameters, features) : null;
    }

    @Override
    public Tensor margins(Map<String, Tensor> parameters, SparseMatrix features) {
        return loss != null && loss.hinge() ? forward(parameters, features) : null;
    }

    /**
     * Probabilities for the task's default loss. A hinge model has none: it gives σ(margin) (binary)
     * or softmax(margins), monotone in the margins, whose 0.5 threshold (argmax) is LinearSVC's
     * (one-vs-rest's) prediction, so accuracy and the areas under the curves are the margins';
     * the scorers write the margins themselves ({@link #margins}).
     */
    private Tensor predictionOf(Tensor out) {
        return switch (task) {
            case REGRESSION -> out;
            case BINARY -> out.sigmoid();
            case MULTICLASS -> out.softmax(1);
        };
    }
}
