package io.sparkgrad.spark.model;

import io.sparkgrad.tensor.SparseMatrix;

import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model the Spark job can train: named parameters, and a block of rows to a loss tensor.
 *
 * <p>The job builds one instance per task on each executor (and one on the driver) from the
 * {@link ModelSpec}; a user's implementation named by {@code model.class} needs a public
 * constructor taking a {@link ModelContext}. Implementations compose engine ops only: the job
 * differentiates {@link #loss} with the engine's autograd.
 */
public interface Model {

    /** What the model predicts. */
    Task task();

    /**
     * Fresh parameter values, deterministic in {@code seed}, in a fixed order. Names are what
     * {@code params.safetensors} stores (PyTorch {@code state_dict} style, e.g. {@code output.weight}).
     */
    LinkedHashMap<String, Tensor> initialParameters(long seed);

    /**
     * The loss of one block, summed (not averaged) over its rows: the job divides by the total
     * row count after adding all blocks of all partitions.
     *
     * @param parameters the tensors of {@link #initialParameters}, as leaves that require grad
     * @param features [rows, features], standardised when {@code data.standardize} is on
     * @param labels [rows]: the target for regression, the class index (0..K-1) otherwise
     */
    Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels);

    /**
     * The loss of one block with a weight per row, Σ weightᵢ · lossᵢ (the job divides by Σ
     * weights): what {@code data.weight} and {@code model.classWeights} ask for. A model that does
     * not override this cannot be trained with weights.
     *
     * @param weights [rows], each at least 0
     */
    default Tensor loss(Map<String, Tensor> parameters, Tensor features, Tensor labels, Tensor weights) {
        throw new UnsupportedOperationException(getClass().getName() + " has no weighted loss: implement "
                + "loss(parameters, features, labels, weights) to train it with data.weight or model.classWeights");
    }

    /**
     * Predictions for a block of rows: [rows] values for regression, [rows] probabilities of
     * class 1 for binary models, [rows, K] class probabilities for multi-class models.
     */
    Tensor predict(Map<String, Tensor> parameters, Tensor features);

    /**
     * The loss of a block of sparse rows (libsvm, hashed or sparse-vector input). The built-in
     * models read it without densifying (their first layer is {@code F.linear(SparseMatrix, ...)});
     * this default densifies the block, which a user's model should override for wide data.
     */
    default Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels) {
        return loss(parameters, Dense.of(this, features), labels);
    }

    /** The weighted loss of a block of sparse rows; by default on the densified block. */
    default Tensor loss(Map<String, Tensor> parameters, SparseMatrix features, Tensor labels, Tensor weights) {
        return loss(parameters, Dense.of(this, features), labels, weights);
    }

    /** Predictions for a block of sparse rows; by default on the densified block. */
    default Tensor predict(Map<String, Tensor> parameters, SparseMatrix features) {
        return predict(parameters, Dense.of(this, features));
    }

    /**
     * The parameter W [m, features] through which sparse rows x enter the model, when they enter
     * through the one product {@code x · Wᵀ} ({@code F.linear(x, W, b)} is {@code x.matmul(W.t())
     * .add(b)}) and W is used nowhere else; null (the default) otherwise. The job then
     * differentiates {@link #lossGivenProduct} with autograd, and forms W's gradient
     * {@code (xᵀ · ∂loss/∂product)ᵀ} itself over the columns the rows store, in the order the
     * engine's sparse product uses (the same bits), without an array of W's size per block.
     */
    default String sparseWeight() {
        return null;
    }

    /**
     * The loss of a block of sparse rows x given {@code product = x · Wᵀ} [rows, m] for W =
     * {@link #sparseWeight}: the same ops as {@code loss(parameters, x, labels[, weights])} with
     * that product in place of its own. Terms that read x through other parameters (a
     * factorization machine's pairwise term) use {@code features}; W itself must not appear.
     * Only called when {@link #sparseWeight} is not null.
     *
     * @param weights [rows], or null when every row weighs 1
     */
    default Tensor lossGivenProduct(Map<String, Tensor> parameters, SparseMatrix features, Tensor product, Tensor labels,
            Tensor weights) {
        throw new UnsupportedOperationException(getClass().getName() + " names a sparseWeight() but has no lossGivenProduct");
    }

    /**
     * A margin classifier's decision values (MLlib's {@code LinearSVC} and one-vs-rest): [rows] for
     * two classes, [rows, K] otherwise; the scorers then write them as {@code rawPrediction} and
     * predict by them (margin > 0, argmax), with no probability column. Null for a model whose
     * predictions are probabilities, which is the default.
     */
    default Tensor margins(Map<String, Tensor> parameters, Tensor features) {
        return null;
    }

    /** {@link #margins} of a block of sparse rows; by default on the densified block. */
    default Tensor margins(Map<String, Tensor> parameters, SparseMatrix features) {
        return margins(parameters, Dense.of(this, features));
    }

    /**
     * Whether {@code lbfgs} should be OWL-QN even without an l1 term: Breeze's OWL-QN, with its
     * backtracking line search, is what MLlib's {@code LinearSVC} runs on its piecewise-linear
     * hinge, where a strong-Wolfe line search (which wants a smooth slope) may stall at a kink.
     */
    default boolean fitsWithOwlqn() {
        return false;
    }

    /** Whether {@code training.l1}/{@code training.l2} apply to a parameter; biases are exempt. */
    default boolean regularized(String parameterName) {
        return !(parameterName.equals("bias") || parameterName.endsWith(".bias"));
    }

    /** Densifies a sparse block for a model without sparse methods, refusing what would not fit in memory. */
    final class Dense {
        /** Dense blocks up to this many values (512 MiB). */
        static final long MAX_VALUES = 1L << 26;

        private Dense() {}

        static Tensor of(Model model, SparseMatrix x) {
            if ((long) x.rows() * x.cols() > MAX_VALUES) {
                throw new UnsupportedOperationException(model.getClass().getName() + " has no sparse loss and predict, and a "
                        + x.rows() + " x " + x.cols() + " block is too wide to densify: implement loss(parameters, "
                        + "SparseMatrix features, labels) and predict(parameters, SparseMatrix features)");
            }
            return x.toDense();
        }
    }
}
