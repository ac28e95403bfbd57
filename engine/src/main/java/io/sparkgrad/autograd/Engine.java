package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs a backward pass over the recorded graph. Iterative (an explicit stack for discovery, a
 * ready queue for execution), so a chain of any length runs without recursion; deterministic,
 * because ready nodes are taken in decreasing creation order, never in hash order. The shared
 * bookkeeping of every rule lives here once: reducing broadcast gradients to the input's shape,
 * summing gradients that meet at a node, freeing saved tensors, hooks and retained grads.
 */
final class Engine {
    private final boolean keepGraph;
    private final boolean createGraph;
    /** Nodes whose incoming gradient is captured (Autograd.grad), with the input positions they serve. */
    private final Map<Node, List<Integer>> captures = new IdentityHashMap<>();
    private final Tensor[] captured;
    private final boolean accumulateIntoLeaves;

    private Engine(boolean keepGraph, boolean createGraph, int inputCount, boolean accumulateIntoLeaves) {
        this.keepGraph = keepGraph;
        this.createGraph = createGraph;
        this.captured = new Tensor[inputCount];
        this.accumulateIntoLeaves = accumulateIntoLeaves;
    }

    /** {@code backward}: accumulates into the {@code .grad} of every leaf reached. */
    static void backward(List<Tensor> outputs, List<Tensor> gradOutputs, boolean keepGraph, boolean createGraph) {
        new Engine(keepGraph, createGraph, 0, true).run(outputs, gradOutputs);
    }

    /** {@code grad}: returns the gradients of {@code inputs}, touching no {@code .grad}. */
    static Tensor[] grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
            boolean keepGraph, boolean createGraph) {
        Engine engine = new Engine(keepGraph, createGraph, inputs.size(), false);
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            if (!input.requiresGrad()) {
                throw new IllegalStateException("One of the differentiated Tensors does not require grad");
            }
            Node node = input.autogradMeta().edge(input);
            engine.captures.computeIfAbsent(node, k -> new ArrayList<>()).add(i);
        }
        engine.run(outputs, gradOutputs);
        return engine.captured;
    }

    /**
     * The gradient waiting at a node until the node runs. {@code owned} when nothing but this
     * buffer can reach it: a sum the engine allocated, or a rule's result in storage of its own
     * (see {@link #freshResults}). Later gradients are then added into it in place instead of
     * allocating a new sum each time, and a leaf may keep it as its {@code .grad} without a copy,
     * as PyTorch's AccumulateGrad steals an unshared gradient. Anything else (g handed on by ADD to
     * both inputs, a view of g, the caller's gradient, what a hook saw) is never written to.
     */
    private static final class Pending {
        Tensor value;
        boolean owned;

        Pending(Tensor value, boolean owned) {
            this.value = value;
            this.owned = owned;
        }
    }

    /** What a node's rule returned: a gradient per input, and which of them are in storage of their own. */
    private record Step(Tensor[] grads, boolean[] fresh) {
        static Step none(int inputs) {
            return new Step(new Tensor[inputs], new boolean[inputs]);
        }
    }

    private void run(List<Tensor> outputs, List<Tensor> gradOutputs) {
        Map<Node, Pending> buffers = new IdentityHashMap<>();
        List<Node> roots = new ArrayList<>();
        try (var mode = GradMode.enter(createGraph)) {
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                Node root = out.autogradMeta().edge(out);
                if (root == null) {
                    throw new IllegalStateException("element " + i
                            + " of tensors does not require grad and does not have a grad_fn");
                }
                roots.add(root);
                accumulate(buffers, root, gradOutputs.get(i), false);
            }
        }
        Map<Node, Integer> dependencies = new IdentityHashMap<>();
        List<Node> postOrder = discover(roots, dependencies);
        Set<Node> needed = needed(postOrder);

        PriorityQueue<Node> ready = new PriorityQueue<>(
                Comparator.comparingLong((Node n) -> n.sequenceNr).reversed());
        for (Node root : roots) {
            if (dependencies.get(root) == 0 && needed.contains(root) && !ready.contains(root)) {
                ready.add(root);
            }
        }
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            Pending g = buffers.remove(node);
            Step step = g == null ? Step.none(node.next.length)
                    : execute(node, g.value, g.owned, needed, rowTarget(node, buffers, dependencies, needed));
            Tensor[] inputGrads = step.grads();
            for (int k = 0; k < node.next.length; k++) {
                Node next = node.next[k];
                if (next == null || !needed.contains(next)) {
                    continue;
                }
                if (inputGrads[k] != null) {
                    // the reduction is part of the backward pass: recorded exactly when createGraph is
                    try (var mode = GradMode.enter(createGraph)) {
                        Tensor reduced = reduceToShape(node, k, inputGrads[k]);
                        accumulate(buffers, next, reduced, step.fresh()[k] || reduced != inputGrads[k]);
                    }
                }
                int remaining = dependencies.merge(next, -1, Integer::sum);
                if (remaining == 0) {
                    ready.add(next);
                }
            }
        }
    }

    /**
     * The leaf whose {@code .grad} the node's rule may update row by row in place of returning its
     * first input's gradient ({@link Derivatives#accumulatesRows}), or null: only in
     * {@code backward()} without createGraph, when the node is the one edge into the leaf's
     * accumulator this pass (so the gradient it would hand on is the leaf's whole increment), and
     * when nothing else would see that gradient — no leaf hook, and a {@code .grad} that is none
     * yet or a contiguous one of the leaf's shape. Then {@code .grad} ends with the same bits as
     * the dense increment added in (see {@code Fused.factorInteractionsBackwardInto}), without a
     * buffer of the leaf's size per pass.
     */
    private Node rowTarget(Node node, Map<Node, Pending> buffers, Map<Node, Integer> dependencies, Set<Node> needed) {
        if (!accumulateIntoLeaves || createGraph || node.isAccumulator() || !Derivatives.accumulatesRows(node, 0)) {
            return null;
        }
        Node next = node.next[0];
        if (next == null || !next.isAccumulator() || !needed.contains(next) || buffers.containsKey(next)
                || dependencies.getOrDefault(next, 0) != 1 || next.retainTarget != null) {
            return null;
        }
        AutogradMeta meta = next.leaf.autogradMeta();
        Tensor grad = meta.grad;
        if (!meta.leafHooks.isEmpty() || grad != null && (!grad.isContiguous()
                || !Arrays.equals(grad.shape(), next.leaf.shape()) || grad.requiresGrad())) {
            return null;
        }
        return next;
    }

    /**
     * Hooks, retained grads and captures, then the node's backward rule (or the leaf accumulation);
     * {@code rowTarget}: the accumulator of a leaf the rule adds its first input's gradient into
     * directly (see {@link #rowTarget}), or null.
     */
    private Step execute(Node node, Tensor g, boolean owned, Set<Node> needed, Node rowTarget) {
        try (var mode = GradMode.enter(createGraph)) {
            List<UnaryOperator<Tensor>> hooks = node.isAccumulator() ? node.leaf.autogradMeta().leafHooks : node.preHooks;
            // a hook may keep the gradient it is shown: from then on it is not the engine's alone
            owned &= hooks.isEmpty();
            for (UnaryOperator<Tensor> hook : hooks) {
                Tensor replaced = hook.apply(g);
                if (replaced != null) {
                    if (!Arrays.equals(replaced.shape(), g.shape())) {
                        throw new IllegalStateException("hook has changed the size of value: expected "
                                + Shape.format(g.shape()) + ", got " + Shape.format(replaced.shape()));
                    }
                    g = replaced;
                }
            }
            if (node.retainTarget != null && accumulateIntoLeaves) {
                // g goes on to the node's rule, so the retained grad never takes it over
                accumulateGrad(node.retainTarget, g, false);
            }
            List<Integer> positions = captures.get(node);
            if (positions != null) {
                for (int i : positions) {
                    captured[i] = g;
                }
                owned = false;
            }
            if (!accumulateIntoLeaves && !leadsToCapture(node, needed)) {
                // a captured node with nothing to capture below it is not run (PyTorch's exec_info
                // needed_ flag): its saved tensors stay, so a later backward through it still works
                return Step.none(node.next.length);
            }
            if (node.isAccumulator()) {
                if (accumulateIntoLeaves) {
                    accumulateGrad(node.leaf, g, owned);
                }
                return Step.none(0);
            }
            if (rowTarget != null) {
                // only the other inputs' gradients (none for this op) are handed on
                AutogradMeta meta = rowTarget.leaf.autogradMeta();
                meta.grad = Derivatives.accumulateRows(node, g, meta.grad);
                if (!keepGraph) {
                    node.release();
                }
                return Step.none(node.next.length);
            }
            Tensor[] grads = Derivatives.apply(node, g, owned && !createGraph);
            boolean[] fresh = freshResults(node, g, owned, grads);
            if (!keepGraph) {
                node.release();
            }
            return new Step(grads, fresh);
        }
    }

    /**
     * Which of a rule's results nothing but the engine holds. A rule sees only its incoming
     * gradient g, its saved tensors and what it computes, so a result sharing storage with no
     * saved tensor and no other result is a kernel's fresh output, or g itself or a view of it
     * when g was the engine's alone. Only contiguous ones count: they may be written in place.
     */
    private boolean[] freshResults(Node node, Tensor g, boolean gOwned, Tensor[] grads) {
        boolean[] fresh = new boolean[grads.length];
        if (createGraph) {
            return fresh;
        }
        for (int k = 0; k < grads.length; k++) {
            Tensor r = grads[k];
            if (r == null || !r.isContiguous() || (!gOwned && r.sharesStorageWith(g)) || node.savesStorageOf(r)) {
                continue;
            }
            boolean alone = true;
            for (int j = 0; j < grads.length && alone; j++) {
                alone = j == k || grads[j] == null || !grads[j].sharesStorageWith(r);
            }
            fresh[k] = alone;
        }
        return fresh;
    }

    private static boolean leadsToCapture(Node node, Set<Node> needed) {
        for (Node next : node.next) {
            if (next != null && needed.contains(next)) {
                return true;
            }
        }
        return false;
    }

    /** Sums the broadcast dimensions of input k's gradient so it has exactly that input's shape. */
    private static Tensor reduceToShape(Node node, int k, Tensor grad) {
        int[] target = node.inputShapes[k];
        Tensor reduced = sumToShape(grad, target);
        if (!Arrays.equals(reduced.shape(), target)) {
            throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index "
                    + k + " - got " + Shape.format(grad.shape()) + " but expected shape compatible with "
                    + Shape.format(target));
        }
        return reduced;
    }

    /** The one place broadcast gradients are reduced: sum leading dims and dims that were size 1. */
    static Tensor sumToShape(Tensor grad, int[] target) {
        int[] shape = grad.shape();
        if (Arrays.equals(shape, target) || !Shape.broadcastsTo(target, shape)) {
            return grad;
        }
        int lead = shape.length - target.length;
        int[] dims = new int[shape.length];
        int count = 0;
        for (int d = 0; d < shape.length; d++) {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor summed = count == 0 ? grad : grad.sum(Arrays.copyOf(dims, count), true);
        return summed.reshape(target);
    }

    /**
     * Adds {@code grad} to the node's pending gradient: the same sum as before, into an owned buffer;
     * {@code fresh}: grad is in storage nothing else holds.
     */
    private void accumulate(Map<Node, Pending> buffers, Node node, Tensor grad, boolean fresh) {
        Pending pending = buffers.get(node);
        if (pending == null) {
            buffers.put(node, new Pending(grad, fresh && !createGraph));
        } else if (createGraph) {
            // recorded: the sum must be a node of the new graph, and its inputs stay untouched
            pending.value = pending.value.add(grad);
        } else if (pending.owned) {
            pending.value.add_(grad);
        } else {
            pending.value = pending.value.add(grad);
            pending.owned = true;
        }
    }

    /**
     * {@code .grad += g} for a leaf or a retained non-leaf, recording the sum when creating a graph;
     * {@code owned}: g is an engine-owned buffer no one else will see, which a leaf may keep as is.
     */
    private void accumulateGrad(Tensor target, Tensor g, boolean owned) {
        AutogradMeta meta = target.autogradMeta();
        if (meta.grad == null && owned && !createGraph) {
            meta.grad = g;
        } else if (meta.grad == null) {
            // otherwise a copy (differentiable under createGraph): g may be shared with other leaves
            // or be the caller's gradient, and a later backward accumulates into .grad in place
            meta.grad = createGraph ? g.clone() : g.detach().clone();
        } else if (createGraph || GradMode.isEnabled()) {
            meta.grad = meta.grad.add(g);
        } else {
            meta.grad.add_(g);
        }
    }

    /** Iterative depth-first discovery: counts each node's incoming edges and returns a post-order. */
    private static List<Node> discover(List<Node> roots, Map<Node, Integer> dependencies) {
        List<Node> postOrder = new ArrayList<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> cursor = new ArrayDeque<>();
        for (Node root : roots) {
            if (dependencies.containsKey(root)) {
                continue;
            }
            dependencies.put(root, 0);
            stack.push(root);
            cursor.push(0);
            while (!stack.isEmpty()) {
                Node node = stack.peek();
                int k = cursor.pop();
                if (k == node.next.length) {
                    stack.pop();
                    postOrder.add(node);
                    continue;
                }
                cursor.push(k + 1);
                Node next = node.next[k];
                if (next == null) {
                    continue;
                }
                Integer seen = dependencies.get(next);
                dependencies.put(next, seen == null ? 1 : seen + 1);
                if (seen == null) {
                    stack.push(next);
                    cursor.push(0);
                }
            }
        }
        // roots reached from other roots keep the count of those edges; a root's own seed is not an edge
        return postOrder;
    }

    /** Nodes worth executing: for backward, all; for grad, those from which a captured node is reachable. */
    private Set<Node> needed(List<Node> postOrder) {
        Set<Node> needed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : postOrder) {
            boolean need = accumulateIntoLeaves || captures.containsKey(node);
            for (Node next : node.next) {
                need |= next != null && needed.contains(next);
            }
            if (need) {
                needed.add(node);
            }
        }
        return needed;
    }
}
