package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One recorded operation in the autograd graph ({@code grad_fn} in PyTorch), or the
 * gradient-accumulating sink of a leaf tensor. It keeps what its backward rule needs: edges to
 * the nodes of its differentiable inputs, their shapes (for broadcast reduction), the tensors it
 * saved with their versions at save time, and small integer / real attributes (dims, exponents).
 */
public final class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String FREED_MESSAGE = "Trying to backward through the graph a second time (or directly "
            + "access saved tensors after they have already been freed). Saved intermediate values of the graph "
            + "are freed when you call backward() or Autograd.grad(). Specify retainGraph=true (retain_graph=True) "
            + "if you need to backward through the graph a second time or if you need to access saved tensors "
            + "after calling backward.";

    final Op op;
    /** Creation order: the engine runs later nodes first, which makes backward deterministic. */
    final long sequenceNr;
    final Node[] next;
    final int[][] inputShapes;
    final int[] ints;
    final double[] reals;
    final Tensor leaf;
    final List<UnaryOperator<Tensor>> preHooks = new ArrayList<>(0);
    Tensor retainTarget;
    private Tensor[] saved;
    private int[] savedVersions;
    private boolean released;

    private Node(Op op, Node[] next, int[][] inputShapes, Tensor[] saved, int[] ints, double[] reals, Tensor leaf) {
        this.op = op;
        this.sequenceNr = SEQUENCE.incrementAndGet();
        this.next = next;
        this.inputShapes = inputShapes;
        this.ints = ints;
        this.reals = reals;
        this.leaf = leaf;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].version();
        }
    }

    static Node accumulator(Tensor leaf) {
        return new Node(null, new Node[0], new int[0][], new Tensor[0], new int[0], new double[0], leaf);
    }

    /**
     * Records {@code out} as the result of {@code op} applied to {@code inputs} when grad mode is on
     * and some input requires grad; otherwise leaves {@code out} a plain tensor. Returns {@code out}.
     *
     * @param saved tensors the backward rule reads (inputs, the output, index tensors)
     * @param ints integer attributes of the op (dims, sizes, flags)
     * @param reals real attributes of the op (exponent, bounds)
     */
    public static Tensor record(Op op, Tensor out, Tensor[] inputs, Tensor[] saved, int[] ints, double[] reals) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        Node[] next = new Node[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            next[i] = inputs[i].autogradMeta().edge(inputs[i]);
            any |= next[i] != null;
        }
        if (!any) {
            return out;
        }
        int[][] shapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            shapes[i] = inputs[i].shape();
        }
        Node node = new Node(op, next, shapes, saved, ints, reals, null);
        AutogradMeta meta = out.autogradMeta();
        meta.requiresGrad = true;
        meta.gradFn = node;
        return out;
    }

    /** Shorthand for {@link #record(Op, Tensor, Tensor[], Tensor[], int[], double[])} without attributes. */
    public static Tensor record(Op op, Tensor out, Tensor[] inputs, Tensor... saved) {
        return record(op, out, inputs, saved, new int[0], new double[0]);
    }

    /** PyTorch's name of this node, e.g. {@code "MulBackward"}, or {@code "AccumulateGrad"} for a leaf sink. */
    public String name() {
        return op == null ? "AccumulateGrad" : op.backwardName();
    }

    /** The op this node records; null for a leaf's accumulator. */
    public Op op() {
        return op;
    }

    /** The nodes gradients flow to next, one per input (null where that input needs no gradient). */
    public List<Node> nextFunctions() {
        return Arrays.asList(next.clone());
    }

    boolean isAccumulator() {
        return leaf != null;
    }

    boolean needsInputGrad(int i) {
        return next[i] != null;
    }

    /** A saved tensor, checked against the graph having been freed and against in-place changes. */
    Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException(FREED_MESSAGE);
        }
        Tensor t = saved[i];
        if (t.version() != savedVersions[i]) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been "
                    + "modified by an inplace operation: [DoubleTensor " + Shape.format(t.shape()) + "], which is "
                    + "an input or output of " + name() + ", is at version " + t.version() + "; expected version "
                    + savedVersions[i] + " instead. Hint: the tensor was changed in place after it was used; use "
                    + "an out-of-place op or clone() it first.");
        }
        return t;
    }

    /** True when one of the saved tensors shares storage with t (checked before {@link #release}). */
    boolean savesStorageOf(Tensor t) {
        if (saved == null) {
            return false;
        }
        for (Tensor s : saved) {
            if (s.sharesStorageWith(t)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the saved tensors once backward has used them without {@code retainGraph}. */
    void release() {
        if (saved.length > 0) {
            saved = null;
            savedVersions = null;
            released = true;
        }
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}
