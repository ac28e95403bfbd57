package io.sparkgrad.autograd;

/**
 * The closed set of differentiable primitive operations. Each has exactly one backward rule, in
 * {@link Derivatives}, whose switch the compiler checks for exhaustiveness; composite operations
 * (mean of a dim, softmax losses, stack, …) are built from these or carry a fused rule here.
 */
public enum Op {
    ADD("AddBackward"),
    SUB("SubBackward"),
    MUL("MulBackward"),
    DIV("DivBackward"),
    NEG("NegBackward"),
    POW("PowBackward"),
    POW_SCALAR("PowBackward"),
    EXP("ExpBackward"),
    LOG("LogBackward"),
    LOG1P("Log1PBackward"),
    SQRT("SqrtBackward"),
    ABS("AbsBackward"),
    SIN("SinBackward"),
    COS("CosBackward"),
    TANH("TanhBackward"),
    SIGMOID("SigmoidBackward"),
    RELU("ReluBackward"),
    CLAMP("ClampBackward"),
    MAXIMUM("MaximumBackward"),
    MINIMUM("MinimumBackward"),
    WHERE("WhereBackward"),
    SUM("SumBackward"),
    MEAN("MeanBackward"),
    MAX_ALL("MaxBackward"),
    MIN_ALL("MinBackward"),
    MAX_DIM("MaxBackward"),
    MIN_DIM("MinBackward"),
    MATMUL("MmBackward"),
    VIEW("ViewBackward"),
    SQUEEZE("SqueezeBackward"),
    UNSQUEEZE("UnsqueezeBackward"),
    EXPAND("ExpandBackward"),
    TRANSPOSE("TransposeBackward"),
    SELECT("SelectBackward"),
    NARROW("NarrowBackward"),
    SLICE_SCATTER("SliceScatterBackward"),
    GATHER("GatherBackward"),
    SCATTER_ADD("ScatterAddBackward"),
    CAT("CatBackward"),
    SOFTMAX("SoftmaxBackward"),
    LOG_SOFTMAX("LogSoftmaxBackward"),
    CLONE("CloneBackward"),
    ERF("ErfBackward"),
    /** Fused: forward in {@code io.sparkgrad.nn.Losses}, so its gradient is exactly PyTorch's at p = 0, 1. */
    BINARY_CROSS_ENTROPY("BinaryCrossEntropyBackward"),
    /** Fused {@code x·Wᵀ + b} (torch's addmm of F.linear): one product and the bias in one pass, no graph in between. */
    LINEAR("AddmmBackward"),
    /** Fused per-element binary cross-entropy of logits (no pos_weight), about ten elementwise ops in one pass. */
    BINARY_CROSS_ENTROPY_WITH_LOGITS("BinaryCrossEntropyWithLogitsBackward"),
    /** The gradient of {@link #BINARY_CROSS_ENTROPY_WITH_LOGITS} with respect to the logits, itself differentiable. */
    BINARY_CROSS_ENTROPY_WITH_LOGITS_BACKWARD("BinaryCrossEntropyWithLogitsBackwardBackward"),
    /** Fused log-softmax + negative log-likelihood at class indices: the per-sample losses. */
    CROSS_ENTROPY("NllLossBackward"),
    /** The gradient of {@link #CROSS_ENTROPY} with respect to the logits, {@code w g (softmax - onehot)}. */
    CROSS_ENTROPY_BACKWARD("NllLossBackwardBackward"),
    /** {@code g · y(1 - y)} from sigmoid's output y, without temporaries (torch's sigmoid_backward). */
    SIGMOID_BACKWARD("SigmoidBackwardBackward"),
    /** {@code g · (1 - y²)} from tanh's output y, without temporaries (torch's tanh_backward). */
    TANH_BACKWARD("TanhBackwardBackward"),
    /** {@code y <= 0 ? 0 : g} from relu's output y (torch's threshold_backward); y is a constant mask. */
    THRESHOLD_BACKWARD("ThresholdBackwardBackward"),
    /** A sparse (CSR, constant) matrix times a dense one; the matrix is recorded in the node's ints and reals. */
    SPARSE_MM("SparseMmBackward"),
    /** A sparse matrix's transpose times a dense one: the backward of {@link #SPARSE_MM}, and it of it. */
    SPARSE_TMM("SparseTMmBackward"),
    /**
     * A factorization machine's pairwise term per factor, {@code ½[(x·v)² − x²·v²]}, of CSR or dense
     * rows x and factors v; x is recorded in the node's ints and reals (and saved when dense).
     */
    FACTOR_INTERACTIONS("FactorInteractionsBackward"),
    /** The gradient of {@link #FACTOR_INTERACTIONS} in the factors, itself differentiable in g and v. */
    FACTOR_INTERACTIONS_BACKWARD("FactorInteractionsBackwardBackward");

    private final String backwardName;

    Op(String backwardName) {
        this.backwardName = backwardName;
    }

    /** The name PyTorch users know from {@code grad_fn}, e.g. {@code "MulBackward"}. */
    public String backwardName() {
        return backwardName;
    }
}
