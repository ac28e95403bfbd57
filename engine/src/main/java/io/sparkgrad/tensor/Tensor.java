package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Autograd;
import io.sparkgrad.autograd.AutogradMeta;
import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.autograd.Node;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * An n-dimensional array of float64 values that records the operations applied to it for
 * reverse-mode differentiation, with the semantics of PyTorch's {@code torch.Tensor}.
 *
 * <p>Storage is a {@code double[]} read through an offset and strides, so views ({@link #view},
 * {@link #transpose}, {@link #select}, {@link #narrow}, {@link #expand}, {@link #detach}) share it.
 * Every op returns a new tensor; the methods ending in {@code _} modify this tensor in place and
 * bump the version counter it shares with its views. The math lives in the package's kernel
 * classes ({@link Elementwise}, {@link Reductions}, {@link Linalg}, {@link Views},
 * {@link Indexing}); this class is the public surface.
 */
public final class Tensor {
    private static final Logger LOG = Logger.getLogger(Tensor.class.getName());
    private static final AtomicBoolean NON_LEAF_GRAD_WARNED = new AtomicBoolean();

    final double[] data;
    final int offset;
    final int[] shape;
    final int[] strides;
    final VersionCounter version;
    /** The tensor this one is a view of (for in-place checks), or null. */
    final Tensor base;
    private final AutogradMeta autograd = new AutogradMeta();

    Tensor(double[] data, int offset, int[] shape, int[] strides, VersionCounter version, Tensor base) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.version = version;
        this.base = base;
    }

    /** A fresh contiguous tensor that owns {@code data} (no copy). */
    static Tensor owned(double[] data, int[] shape) {
        return new Tensor(data, 0, shape, Shape.contiguousStrides(shape), new VersionCounter(), null);
    }

    // ---------------------------------------------------------------- creation

    /** A 0-dimensional tensor, {@code torch.tensor(value)}. */
    public static Tensor scalar(double value) {
        return owned(new double[] {value}, new int[0]);
    }

    /** A 1-d tensor of the given values (copied). */
    public static Tensor of(double... values) {
        return owned(values.clone(), new int[] {values.length});
    }

    /** A 2-d tensor from rows of equal length (copied). */
    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length
                        + " values, expected " + cols + " like row 0");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return owned(flat, new int[] {rows.length, cols});
    }

    /** A tensor of the given shape holding a copy of {@code data} in row-major order. */
    public static Tensor fromArray(double[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /**
     * A tensor of the given shape that uses {@code data} itself as storage, without copying. For
     * hot paths; the caller must not change the array while the tensor is in use.
     */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = Shape.checked("wrap", shape);
        if (Shape.numel(s) != data.length) {
            throw new IllegalArgumentException("wrap: shape " + Shape.format(s) + " needs " + Shape.numel(s)
                    + " values, got " + data.length);
        }
        return owned(data, s);
    }

    /** {@code torch.zeros(shape)}. */
    public static Tensor zeros(int... shape) {
        int[] s = Shape.checked("zeros", shape);
        return owned(new double[Shape.numel(s)], s);
    }

    /** {@code torch.ones(shape)}. */
    public static Tensor ones(int... shape) {
        return full(shape, 1.0);
    }

    /** {@code torch.full(shape, value)}. */
    public static Tensor full(int[] shape, double value) {
        int[] s = Shape.checked("full", shape);
        double[] d = new double[Shape.numel(s)];
        Arrays.fill(d, value);
        return owned(d, s);
    }

    /** Zeros of this tensor's shape. */
    public Tensor zerosLike() {
        return zeros(shape);
    }

    /** Ones of this tensor's shape. */
    public Tensor onesLike() {
        return ones(shape);
    }

    /** {@code torch.arange(end)}: 0, 1, …, end-1. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** {@code torch.arange(start, end, step)}. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return owned(d, new int[] {n});
    }

    /** {@code torch.linspace(start, end, steps)}. */
    public static Tensor linspace(double start, double end, int steps) {
        double[] d = new double[steps];
        for (int i = 0; i < steps; i++) {
            d[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
        }
        return owned(d, new int[] {steps});
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /** An n×m matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m) {
        double[] d = new double[n * m];
        for (int i = 0; i < Math.min(n, m); i++) {
            d[i * m + i] = 1.0;
        }
        return owned(d, new int[] {n, m});
    }

    /** Uniform values in {@code [0, 1)}, {@code torch.rand(shape, generator=gen)}. */
    public static Tensor rand(Generator gen, int... shape) {
        int[] s = Shape.checked("rand", shape);
        double[] d = new double[Shape.numel(s)];
        for (int i = 0; i < d.length; i++) {
            d[i] = gen.nextDouble();
        }
        return owned(d, s);
    }

    /** Standard normal values, {@code torch.randn(shape, generator=gen)}. */
    public static Tensor randn(Generator gen, int... shape) {
        int[] s = Shape.checked("randn", shape);
        double[] d = new double[Shape.numel(s)];
        for (int i = 0; i < d.length; i++) {
            d[i] = gen.nextGaussian();
        }
        return owned(d, s);
    }

    // ---------------------------------------------------------------- inspection

    /** The shape (a copy); {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of one dimension (negative dims count from the end). */
    public int size(int dim) {
        return shape[Shape.wrapDim("size", dim, shape.length)];
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
        return data[offset];
    }

    /** The element at the given indices (negative indices count from the end). */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: expected " + shape.length + " indices for shape "
                    + Shape.format(shape) + ", got " + index.length);
        }
        int pos = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of bounds for dimension " + d
                        + " with size " + shape[d]);
            }
            pos += i * strides[d];
        }
        return data[pos];
    }

    /** The values in row-major order (a copy). */
    public double[] toArray() {
        double[] out = new double[numel()];
        Strided.copy(this, out);
        return out;
    }

    /**
     * The values in row-major order written into {@code dst} from {@code offset} on, with no array
     * of its own made (for callers that gather several tensors into one buffer); returns dst.
     */
    public double[] toArray(double[] dst, int offset) {
        int n = numel();
        if (offset < 0 || offset > dst.length - n) {
            throw new IllegalArgumentException("toArray: " + n + " values of shape " + Shape.format(shape)
                    + " do not fit into an array of " + dst.length + " from offset " + offset);
        }
        Strided.copy(this, dst, offset);
        return dst;
    }

    /** A 2-d tensor's rows (a copy). */
    public double[][] toArray2d() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("toArray2d: expected a 2-d tensor, got shape " + Shape.format(shape));
        }
        double[] flat = toArray();
        double[][] rows = new double[shape[0]][];
        for (int i = 0; i < shape[0]; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
        }
        return rows;
    }

    /** True when the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** True when both tensors read and write the same storage (views, aliases, detached copies). */
    public boolean sharesStorageWith(Tensor other) {
        return data == other.data;
    }

    /** The in-place modification count of this tensor's storage (PyTorch's {@code _version}). */
    public int version() {
        return version.get();
    }

    /** Same shape and elementwise {@code |a - b| <= atol + rtol * |b|}, as {@code torch.allclose}. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        double[] a = toArray();
        double[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && !(a[i] == b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Same shape and exactly equal elements, as {@code torch.equal}. */
    public boolean equal(Tensor other) {
        return Arrays.equals(shape, other.shape) && Arrays.equals(toArray(), other.toArray());
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---------------------------------------------------------------- autograd

    /** Engine access to this tensor's autograd state. */
    public AutogradMeta autogradMeta() {
        return autograd;
    }

    /** True when gradients are computed for this tensor. */
    public boolean requiresGrad() {
        return autograd.requiresGrad();
    }

    /** Sets whether a leaf requires grad; returns this, as {@code requires_grad_}. */
    public Tensor requiresGrad_(boolean requiresGrad) {
        if (!isLeaf() && !requiresGrad) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want "
                    + "to use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
        }
        autograd.setRequiresGrad(requiresGrad);
        return this;
    }

    /** Shorthand for {@code requiresGrad_(true)}. */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /** True for tensors created by the user, or not requiring grad: those have no grad_fn. */
    public boolean isLeaf() {
        return autograd.gradFn() == null;
    }

    /**
     * The accumulated gradient, or null (PyTorch's None). On a non-leaf that did not call
     * {@link #retainGrad()} this is null and a warning is logged once, as in PyTorch.
     */
    public Tensor grad() {
        if (!isLeaf() && !autograd.retainsGrad() && NON_LEAF_GRAD_WARNED.compareAndSet(false, true)) {
            LOG.warning("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
                    + "attribute won't be populated during backward(). If you indeed want the .grad field to be "
                    + "populated for a non-leaf Tensor, use retainGrad() on the non-leaf Tensor. If you access the "
                    + "non-leaf Tensor by mistake, make sure you access the leaf Tensor instead.");
        }
        return autograd.grad();
    }

    /** Sets {@code .grad} ({@code x.grad = g} in PyTorch); null clears it. */
    public void setGrad(Tensor grad) {
        if (grad != null && !Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException("assigned grad has data of a different size: tensor is "
                    + Shape.format(shape) + ", grad is " + Shape.format(grad.shape));
        }
        autograd.setGrad(grad);
    }

    /** The name of the op that produced this tensor (e.g. {@code "MulBackward"}), or null for a leaf. */
    public String gradFn() {
        Node node = autograd.gradFn();
        return node == null ? null : node.name();
    }

    /** The graph node that produced this tensor, or null for a leaf. */
    public Node gradFnNode() {
        return autograd.gradFn();
    }

    /** Makes backward keep this non-leaf's gradient in {@link #grad()}. */
    public Tensor retainGrad() {
        if (!requiresGrad()) {
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        }
        autograd.retainGrad(this);
        return this;
    }

    /** True after {@link #retainGrad()} on a non-leaf (leaves always keep their grad). */
    public boolean retainsGrad() {
        return autograd.retainsGrad();
    }

    /** A function applied to this tensor's gradient during backward; a non-null result replaces it. */
    public void registerHook(UnaryOperator<Tensor> hook) {
        autograd.registerHook(this, hook);
    }

    /** Backward from a one-element tensor: accumulates d(this)/d(leaf) into every leaf's grad. */
    public void backward() {
        backward(null, null, false);
    }

    /** Backward with the gradient of this tensor given (vector-Jacobian product). */
    public void backward(Tensor gradient) {
        backward(gradient, null, false);
    }

    /**
     * Full {@code backward(gradient, retain_graph, create_graph)}; {@code retainGraph} null means
     * "same as createGraph", PyTorch's default.
     */
    public void backward(Tensor gradient, Boolean retainGraph, boolean createGraph) {
        Autograd.backward(List.of(this), Arrays.asList(gradient), retainGraph, createGraph);
    }

    /** A tensor sharing storage and version counter with this one, cut from the graph. */
    public Tensor detach() {
        // not a differentiable view: in-place ops on it never concern this tensor's graph
        return new Tensor(data, offset, shape, strides, version, null);
    }

    /**
     * PyTorch's {@code .data}: shares storage but not the version counter, and requires no grad;
     * in-place updates through it (manual SGD steps) are invisible to autograd's checks.
     */
    public Tensor data() {
        return new Tensor(data, offset, shape, strides, new VersionCounter(), null);
    }

    // ---------------------------------------------------------------- elementwise math

    public Tensor add(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.ADD, this, other);
    }

    public Tensor add(double other) {
        return add(scalar(other));
    }

    public Tensor sub(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.SUB, this, other);
    }

    public Tensor sub(double other) {
        return sub(scalar(other));
    }

    public Tensor mul(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.MUL, this, other);
    }

    public Tensor mul(double other) {
        return mul(scalar(other));
    }

    public Tensor div(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.DIV, this, other);
    }

    public Tensor div(double other) {
        return div(scalar(other));
    }

    /** Elementwise power with a tensor exponent (broadcast). */
    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(Elementwise.Binary.POW, this, exponent);
    }

    public Tensor pow(double exponent) {
        return Elementwise.powScalar(this, exponent);
    }

    public Tensor maximum(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.MAXIMUM, this, other);
    }

    public Tensor minimum(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.MINIMUM, this, other);
    }

    public Tensor neg() {
        return Elementwise.unary(Elementwise.Unary.NEG, this);
    }

    public Tensor exp() {
        return Elementwise.unary(Elementwise.Unary.EXP, this);
    }

    public Tensor log() {
        return Elementwise.unary(Elementwise.Unary.LOG, this);
    }

    /** {@code log(1 + x)}, accurate for small x. */
    public Tensor log1p() {
        return Elementwise.unary(Elementwise.Unary.LOG1P, this);
    }

    public Tensor sqrt() {
        return Elementwise.unary(Elementwise.Unary.SQRT, this);
    }

    public Tensor abs() {
        return Elementwise.unary(Elementwise.Unary.ABS, this);
    }

    public Tensor sin() {
        return Elementwise.unary(Elementwise.Unary.SIN, this);
    }

    public Tensor cos() {
        return Elementwise.unary(Elementwise.Unary.COS, this);
    }

    public Tensor tanh() {
        return Elementwise.unary(Elementwise.Unary.TANH, this);
    }

    public Tensor sigmoid() {
        return Elementwise.unary(Elementwise.Unary.SIGMOID, this);
    }

    public Tensor relu() {
        return Elementwise.unary(Elementwise.Unary.RELU, this);
    }

    /** The error function, {@code torch.erf}, to full double precision. */
    public Tensor erf() {
        return Elementwise.unary(Elementwise.Unary.ERF, this);
    }

    /** -1, 0 or 1 per element; not differentiable (no graph). */
    public Tensor sign() {
        return Elementwise.unary(Elementwise.Unary.SIGN, this);
    }

    /** Limits values to {@code [lo, hi]}; use infinities for a one-sided clamp. */
    public Tensor clamp(double lo, double hi) {
        return Elementwise.clamp(this, lo, hi);
    }

    public Tensor clampMin(double lo) {
        return clamp(lo, Double.POSITIVE_INFINITY);
    }

    public Tensor clampMax(double hi) {
        return clamp(Double.NEGATIVE_INFINITY, hi);
    }

    /** {@code torch.where(condition, x, y)}: x where condition is nonzero, else y (all broadcast). */
    public static Tensor where(Tensor condition, Tensor x, Tensor y) {
        return Elementwise.where(condition, x, y);
    }

    // comparisons give 1.0 / 0.0 and are not differentiable

    public Tensor gt(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.GT, this, other);
    }

    public Tensor gt(double other) {
        return gt(scalar(other));
    }

    public Tensor ge(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.GE, this, other);
    }

    public Tensor ge(double other) {
        return ge(scalar(other));
    }

    public Tensor lt(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.LT, this, other);
    }

    public Tensor lt(double other) {
        return lt(scalar(other));
    }

    public Tensor le(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.LE, this, other);
    }

    public Tensor le(double other) {
        return le(scalar(other));
    }

    public Tensor eq(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.EQ, this, other);
    }

    public Tensor eq(double other) {
        return eq(scalar(other));
    }

    public Tensor ne(Tensor other) {
        return Elementwise.binary(Elementwise.Binary.NE, this, other);
    }

    public Tensor ne(double other) {
        return ne(scalar(other));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sum(this, allDims(), false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /** Sum over several dims at once. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    public Tensor mean() {
        return Reductions.mean(this, allDims(), false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** Largest element; ties share the gradient evenly. */
    public Tensor max() {
        return Reductions.extremum(this, true);
    }

    /** Largest values along {@code dim} (the values of PyTorch's {@code (values, indices)}). */
    public Tensor max(int dim, boolean keepdim) {
        return Reductions.extremum(this, dim, keepdim, true);
    }

    public Tensor min() {
        return Reductions.extremum(this, false);
    }

    public Tensor min(int dim, boolean keepdim) {
        return Reductions.extremum(this, dim, keepdim, false);
    }

    /** Index of the largest element in the flattened tensor (first one on ties). */
    public Tensor argmax() {
        return reshape(-1).argmax(0, false);
    }

    public Tensor argmax(int dim) {
        return argmax(dim, false);
    }

    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argExtremum(this, dim, keepdim, true);
    }

    public Tensor argmin(int dim) {
        return Reductions.argExtremum(this, dim, false, false);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argExtremum(this, dim, keepdim, false);
    }

    /** {@code softmax(x, dim)}, stable (subtracts the max). */
    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim, false);
    }

    /** {@code log_softmax(x, dim)}, stable (log-sum-exp with the max subtracted). */
    public Tensor logSoftmax(int dim) {
        return Reductions.softmax(this, dim, true);
    }

    private int[] allDims() {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        return dims;
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code torch.matmul}: 1-d / 2-d / batched products with broadcast batch dims. */
    public Tensor matmul(Tensor other) {
        return Linalg.matmul(this, other);
    }

    /** Matrix product of two 2-d tensors. */
    public Tensor mm(Tensor other) {
        return Linalg.mm(this, other);
    }

    /** Transpose of a tensor with at most 2 dims. */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is "
                    + shape.length + "D");
        }
        return shape.length < 2 ? Views.alias(this) : transpose(0, 1);
    }

    // ---------------------------------------------------------------- shape and indexing

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** A view with a new shape (one dim may be -1); the tensor must be viewable without copying. */
    public Tensor view(int... shape) {
        return Views.view(this, shape, true);
    }

    /** Like {@link #view}, copying when the layout requires it. */
    public Tensor reshape(int... shape) {
        return Views.view(this, shape, false);
    }

    /** All dims from {@code startDim} on merged into one. */
    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Removes every dim of size 1. */
    public Tensor squeeze() {
        return Views.squeeze(this, -1, true);
    }

    /** Removes {@code dim} if its size is 1 (otherwise returns an alias, as PyTorch). */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim, false);
    }

    /** A broadcast view to a larger shape (-1 keeps a dim), sharing storage. */
    public Tensor expand(int... shape) {
        return Views.expand(this, shape);
    }

    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** {@code length} elements along {@code dim} from {@code start}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** A contiguous tensor with the same values (this one if already contiguous). */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    /** A copy with its own storage, differentiable ({@code CloneBackward}). */
    @Override
    public Tensor clone() {
        return Views.cloneTensor(this);
    }

    /** {@code torch.gather(self, dim, index)}: index holds integral values. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** {@code torch.scatter_add(self, dim, index, src)} (out of place). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** {@code torch.slice_scatter(self, src, dim, start)}: this with {@code src} written at {@code start}. */
    public Tensor sliceScatter(Tensor src, int dim, int start) {
        return Indexing.sliceScatter(this, src, dim, start);
    }

    /** Concatenation along an existing dim. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Indexing.cat(dim, tensors);
    }

    /** Stacking along a new dim. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Indexing.stack(dim, tensors);
    }

    // ---------------------------------------------------------------- in place

    public Tensor add_(Tensor other) {
        return InPlace.binary(Elementwise.Binary.ADD, this, other);
    }

    public Tensor add_(double other) {
        return add_(scalar(other));
    }

    public Tensor sub_(Tensor other) {
        return InPlace.binary(Elementwise.Binary.SUB, this, other);
    }

    public Tensor sub_(double other) {
        return sub_(scalar(other));
    }

    public Tensor mul_(Tensor other) {
        return InPlace.binary(Elementwise.Binary.MUL, this, other);
    }

    public Tensor mul_(double other) {
        return mul_(scalar(other));
    }

    public Tensor div_(Tensor other) {
        return InPlace.binary(Elementwise.Binary.DIV, this, other);
    }

    public Tensor div_(double other) {
        return div_(scalar(other));
    }

    /** Fills with zeros. */
    public Tensor zero_() {
        return fill_(0.0);
    }

    public Tensor fill_(double value) {
        return InPlace.copy(this, scalar(value));
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    /** True when grad mode is on for this thread; a convenience for kernels deciding to record. */
    static boolean recording() {
        return GradMode.isEnabled();
    }
}
