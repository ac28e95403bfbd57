package io.sparkgrad.spark.model;

import io.sparkgrad.nn.F;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A factorization machine (Rendle 2010), {@code model.type = fm}: an intercept, a linear term and
 * pairwise interactions {@code Σ_{j<l} ⟨v_j, v_l⟩ x_j x_l} through k factors per feature, computed
 * in O(k·nnz) by the engine's fused {@code F.factorInteractions}, which reads sparse blocks in CSR
 * form and writes the factors' gradient only in the rows of the features a block stores.
 *
 * <p>Parameters: {@code factors} [features, k] (MLlib's {@code factors} matrix), {@code linear}
 * [outputs, features] when {@code fitLinear}, {@code bias} [outputs] when {@code fitIntercept}.
 * The factors start as MLlib's do, N(0, initStd²) drawn from {@code java.util.Random(seed)} in
 * row-major order, the linear term and intercept at zero.
 *
 * <p>Multi-class models (softmax over K logits) share the factors between classes and weight
 * each factor per class: {@code factorWeights} [K, k] (zeros at first), so that class c's
 * interaction of features j and l is {@code ⟨v_j, diag(a_c) v_l⟩}, plus a linear term and an
 * intercept per class. One factor matrix per class would cost K times the parameters (for 2^20
 * hashed features, 10 classes and k = 8, 84 million numbers shipped each iteration, against 8.4
 * million shared), and shared factors learn each feature's embedding from every class's rows.
 */
public final class FactorizationMachine implements Model {
    private final int numFeatures;
    private final FmSettings settings;
    private final Task task;
    private final int outputs;

    public FactorizationMachine(int numFeatures, FmSettings settings, Task task, int classes) {
        this.numFeatures = numFeatures;
        this.settings = settings;
        this.task = task;
        this.outputs = task == Task.MULTICLASS ? classes : 1;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public LinkedHashMap<String, Tensor> initialParameters(long seed) {
        int k = settings.factorSize();
        Random rnd = new Random(seed);
        double[] v = new double[numFeatures * k];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian() * settings.initStd();
        }
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("factors", Tensor.wrap(v, numFeatures, k));
        if (task == Task.MULTICLASS) {
            params.put("factorWeights", Tensor.wrap(new double[outputs * k], outputs, k));
        }
        if (settings.fitLinear()) {
            params.put("linear", Tensor.wrap(new double[outputs * numFeatures], outputs, numFeatures));
        }
        if (settings.fitIntercept()) {
            params.put("bias", Tensor.wrap(new double[outputs], outputs));
        }
        return params;
    }

    /** The logits: [rows] for regression and binary models, [rows, K] for multi-class ones. */
    private Tensor forward(Map<String, Tensor> p, Tensor pairwise, Tensor linear) {
        Tensor z = task == Task.MULTICLASS ? pairwise.matmul(p.get("factorWeights").t()) : pairwise.sum(1, true);
        if (linear != null) {
            z = z.add(linear);
        } else if (settings.fitIntercept()) {
            z = z.add(p.get("bias"));
        }
        return task == Task.MULTICLASS ? z : z.reshape(pairwise.shape()[0]);
    }

    private Tensor forward(Map<String, Tensor> p, SparseMatrix x) {
        Tensor linear = null;
        if (settings.fitLinear()) {
            linear = F.linear(x, p.get("linear"), settings.fitIntercept() ? p.get("bias") : null);
        }
        return forward(p, F.factorInteractions(x, p.get("factors")), linear);
    }

    /**
     * The linear weight, when there is one: sparse rows enter it only through {@code x · linearᵀ},
     * so the job forms its gradient over the columns a block stores ({@link #lossGivenProduct})
     * instead of the engine's [outputs, features] array per block (for 10 classes on 2^20 hashed
     * features, 84 MB per block and its scan).
     */
    @Override
    public String sparseWeight() {
        return settings.fitLinear() ? "linear" : null;
    }

    /** The loss of a sparse block from its product with the linear weight, as {@code F.linear} forms it. */
    @Override
    public Tensor lossGivenProduct(Map<String, Tensor> parameters, SparseMatrix features, Tensor product, Tensor labels,
            Tensor weights) {
        Tensor linear = settings.fitIntercept() ? product.add(parameters.get("bias")) : product;
        return lossOf(forward(parameters, F.factorInteractions(features, parameters.get("factors")), linear), labels, weights);
    }

    private Tensor forward(Map<String, Tensor> p, Tensor x) {
        Tensor linear = null;
        if (settings.fitLinear()) {
            linear = settings.fitIntercept() ? F.linear(x, p.get("linear"), p.get("bias")) : x.matmul(p.get("linear").t());
        }
        return forward(p, F.factorInteractions(x, p.get("factors")), linear);
    }

    private Tensor lossOf(Tensor out, Tensor labels, Tensor weights) {
        if (weights == null) {
            return switch (task) {
                case REGRESSION -> Losses.squaredError(out, labels);
                case BINARY -> Losses.binaryCrossEntropyWithLogits(out, labels);
                case MULTICLASS -> Losses.crossEntropy(out, labels);
            };
        }
        return switch (task) {
            case REGRESSION -> Losses.squaredError(out, labels, weights);
            case BINARY -> Losses.binaryCrossEntropyWithLogits(out, labels, weights);
            case MULTICLASS -> Losses.crossEntropy(out, labels, weights);
        };
    }

    private Tensor predictionOf(Tensor out) {
        return switch (task) {
            case REGRESSION -> out;
            case BINARY -> out.sigmoid();
            case MULTICLASS -> out.softmax(1);
        };
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels) {
        return lossOf(forward(parameters, features), labels, null);
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels, Tensor weights) {
        return lossOf(forward(parameters, features), labels, weights);
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels) {
        return lossOf(forward(parameters, features), labels, null);
    }

    @Override
    public Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels, Tensor weights) {
        return lossOf(forward(parameters, features), labels, weights);
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, Tensor features) {
        return predictionOf(forward(parameters, features));
    }

    @Override
    public Tensor predict(Map<String, Tensor> parameters, SparseMatrix features) {
        return predictionOf(forward(parameters, features));
    }
}
