package io.sparkgrad.optim;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates a list of parameters from their gradients, as {@code torch.optim.Optimizer} with one
 * parameter group. Subclasses reproduce PyTorch's single-tensor update ({@code foreach=False})
 * operation by operation, in PyTorch's order, so trajectories agree with PyTorch's to rounding.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * for (...) { opt.zeroGrad(); loss(...).backward(); opt.step(); }
 * }</pre>
 *
 * <p>{@link #step(Closure)} is PyTorch's {@code step(closure)}: SGD and Adam evaluate the closure
 * once and then step; {@link LBFGS} needs it and calls it as often as its line search wants.
 *
 * <p>The whole state (learning rate, hyperparameters, per-parameter step counts and buffers, and
 * optimizer-wide state such as L-BFGS' history) is exported by {@link #state()} and restored by
 * {@link #loadState}, exactly. Not thread-safe: one optimizer is stepped by one thread (the Spark
 * driver, or a local training loop). The concrete optimizers are {@link SGD}, {@link Adam},
 * {@link AdamW} and {@link LBFGS}; the constructor is package-private because the state format
 * knows exactly these kinds.
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private final Slot[] slots;
    private double lr;

    /** One parameter's state: updates applied so far and named buffers, row-major in its shape. */
    static final class Slot {
        long step;
        final LinkedHashMap<String, double[]> buffers = new LinkedHashMap<>();
    }

    Optimizer(List<Tensor> params, double lr) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("optimizer parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor (parameter " + i + ", produced by "
                        + p.gradFn() + ")");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("optimizer parameter " + i + " appears more than once in the list");
            }
        }
        this.params = List.copyOf(params);
        this.slots = new Slot[params.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
        setLr(lr);
    }

    /** The parameters, in the order given (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate the next {@link #step()} uses. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate (what a scheduler does); must be finite and non-negative. */
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr);
        }
        this.lr = lr;
    }

    /**
     * {@code step(closure)}: evaluates {@code closure} with grad mode on (it typically zeroes the
     * gradients, computes the loss, calls {@code backward()} and returns the loss), then makes one
     * {@link #step()}, and returns the closure's loss. A null closure just steps and returns null.
     * {@link LBFGS} overrides this with its own loop of evaluations.
     */
    public Tensor step(Closure closure) {
        Tensor loss = null;
        if (closure != null) {
            try (var on = GradMode.enableGrad()) {
                loss = closure.evaluate();
            }
        }
        step();
        return loss;
    }

    /**
     * One update of every parameter whose {@code grad()} is not null, without recording a graph
     * ({@code torch.no_grad}). Parameters without a gradient are skipped and keep their state.
     * Each parameter is changed in place, so its version counter moves as in PyTorch.
     * {@link LBFGS} refuses it: it needs a closure.
     */
    public void step() {
        try (var off = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                double[] w = p.toArray();
                Slot slot = slots[i];
                slot.step++;
                update(w, g.toArray(), slot);
                p.copy_(Tensor.wrap(w, p.shape()));
            }
        }
    }

    /** Sets every parameter's gradient to null (PyTorch 2.x's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * {@code zero_grad(set_to_none)}: null gradients when {@code setToNone}, else zeroes them in
     * place (a gradient that carries a graph is detached first, as PyTorch does).
     */
    public void zeroGrad(boolean setToNone) {
        try (var off = GradMode.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    if (g.requiresGrad()) {
                        g = g.detach();
                        p.setGrad(g);
                    }
                    g.zero_();
                }
            }
        }
    }

    /** An exact snapshot of this optimizer (a deep copy; later steps do not change it). */
    public OptimizerState state() {
        return state(OptimizerState.builder(kind()));
    }

    /**
     * The same state as {@link #state()}, with no copy made: it reads this optimizer's own arrays
     * (L-BFGS' history, Adam's moments), so it holds this state only until the optimizer changes
     * (the next {@code step}, {@code loadState} or {@code setLr}). For writing the state out at
     * once (a checkpoint) or keeping it once the optimizer is done; a model-sized history is then
     * not held twice.
     */
    public OptimizerState stateView() {
        return state(OptimizerState.sharing(kind()));
    }

    private OptimizerState state(OptimizerState.Builder b) {
        b.number("lr", lr);
        numbers().forEach(b::number);
        flags().forEach(b::flag);
        integers().forEach(b::integer);
        texts().forEach(b::text);
        for (int i = 0; i < params.size(); i++) {
            b.param(params.get(i).shape(), slots[i].step, slots[i].buffers);
        }
        saveGlobal(b);
        return b.build();
    }

    /**
     * Restores a snapshot taken by {@link #state()}: the learning rate, the hyperparameters (the
     * saved ones win, as in PyTorch's {@code load_state_dict}), and each parameter's step count
     * and buffers. The parameters' values are not part of the state; restore them separately.
     * Checks everything before changing anything, and throws {@link IllegalArgumentException}
     * naming the mismatch: optimizer kind, parameter count, a parameter's shape, an unknown or
     * missing buffer, optimizer-wide state this kind does not keep or that does not fit.
     */
    public void loadState(OptimizerState state) {
        if (!state.kind().equals(kind())) {
            throw new IllegalArgumentException("cannot load a " + state.kind() + " optimizer state into " + kind());
        }
        if (state.paramCount() != params.size()) {
            throw new IllegalArgumentException("loaded " + kind() + " state has " + state.paramCount()
                    + " parameters, this optimizer has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            int[] mine = params.get(i).shape();
            int[] saved = state.param(i).shape();
            if (!Arrays.equals(mine, saved)) {
                throw new IllegalArgumentException("loaded " + kind() + " state: parameter " + i + " has shape "
                        + Shape.format(saved) + ", this optimizer's parameter " + i + " has shape "
                        + Shape.format(mine));
            }
        }
        double savedLr = state.lr();
        if (!(savedLr >= 0) || Double.isInfinite(savedLr)) {
            throw new IllegalArgumentException("loaded " + kind() + " state has an invalid lr " + savedLr);
        }
        Runnable restore = restorer(state);
        Runnable restoreGlobal = globalRestorer(state);
        List<String> known = bufferNames();
        for (int i = 0; i < params.size(); i++) {
            OptimizerState.Param p = state.param(i);
            for (String name : p.bufferNames()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("loaded " + kind() + " state: parameter " + i
                            + " has an unknown buffer '" + name + "'; " + kind() + " keeps " + known);
                }
            }
            if (p.step() > 0) {
                for (String name : requiredBuffers(state)) {
                    if (!p.hasBuffer(name)) {
                        throw new IllegalArgumentException("loaded " + kind() + " state: parameter " + i
                                + " was stepped " + p.step() + " times but has no '" + name + "' buffer");
                    }
                }
            }
        }
        // every check passed: now change this optimizer
        restore.run();
        restoreGlobal.run();
        lr = savedLr;
        for (int i = 0; i < params.size(); i++) {
            Slot slot = slots[i];
            slot.step = state.param(i).step();
            slot.buffers.clear();
            state.param(i).buffersView().forEach((name, values) -> slot.buffers.put(name, values.clone()));
        }
    }

    // ---------------------------------------------------------------- what subclasses define

    /** The kind written into the state: the PyTorch class name. */
    abstract String kind();

    /** Numeric hyperparameters besides lr, by PyTorch name, in a fixed order. */
    abstract Map<String, Double> numbers();

    /** Boolean hyperparameters by PyTorch name, in a fixed order. */
    abstract Map<String, Boolean> flags();

    /**
     * Validates the hyperparameters in {@code state} (throwing {@link IllegalArgumentException})
     * and returns the action that installs them, run only once every check has passed.
     */
    abstract Runnable restorer(OptimizerState state);

    /** Integer hyperparameters by PyTorch name, in a fixed order; none unless overridden. */
    Map<String, Long> integers() {
        return Map.of();
    }

    /** String hyperparameters by PyTorch name, in a fixed order; none unless overridden. */
    Map<String, String> texts() {
        return Map.of();
    }

    /** Adds optimizer-wide state (counters, tensors) to a snapshot; none unless overridden. */
    void saveGlobal(OptimizerState.Builder b) {
    }

    /**
     * Validates the optimizer-wide state in {@code state} and returns the action that installs
     * it. This default keeps none, so it refuses a state that has some.
     */
    Runnable globalRestorer(OptimizerState state) {
        if (!state.counters().isEmpty() || !state.globalNames().isEmpty()) {
            throw new IllegalArgumentException("loaded " + kind() + " state has optimizer-wide state "
                    + state.counters().keySet() + " " + state.globalNames() + " that " + kind() + " does not keep");
        }
        return () -> { };
    }

    /** Every buffer name this kind of optimizer may keep. */
    abstract List<String> bufferNames();

    /** The buffers a stepped parameter must have under the hyperparameters in {@code state}. */
    abstract List<String> requiredBuffers(OptimizerState state);

    /**
     * Updates one parameter's values {@code w} in place from its gradient {@code g}; the slot's
     * step count has already been incremented. Must follow PyTorch's operation order.
     */
    abstract void update(double[] w, double[] g, Slot slot);
}
