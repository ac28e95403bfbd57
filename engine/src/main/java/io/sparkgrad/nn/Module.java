package io.sparkgrad.nn;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base class of layers and models, {@code torch.nn.Module}: it owns named parameters and named
 * child modules, in registration order, and a training / evaluation flag that {@link #train()}
 * and {@link #eval()} set on the whole tree. Subclasses register their parameters and children in
 * the constructor and implement {@link #forward(Tensor)}.
 *
 * <pre>{@code
 * final class TwoLayer extends Module {
 *     private final Linear fc1 = registerModule("fc1", new Linear(4, 8, gen));
 *     private final Linear fc2 = registerModule("fc2", new Linear(8, 1, gen));
 *     public Tensor forward(Tensor x) { return fc2.forward(F.relu(fc1.forward(x))); }
 * }
 * }</pre>
 *
 * <p>Parameter names are dotted paths, {@code "fc1.weight"}, and for a {@link Sequential}
 * {@code "0.weight"}, exactly as PyTorch names them, so a state dict lines up with PyTorch's.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's computation. */
    public abstract Tensor forward(Tensor x);

    /**
     * Registers a parameter under {@code name} (no dots) and returns it. The tensor must be a
     * leaf; it is registered as given, so set {@code requiresGrad_(true)} for a trainable one.
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        if (parameter == null || !parameter.isLeaf()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                    + "' must be a leaf tensor (detach() a computed one)");
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a child module under {@code name} (no dots) and returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": child module '" + name
                    + "' must not be null");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter or module name must be "
                    + "non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
        }
    }

    /** All parameters of this module and its descendants, each once, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Parameters by dotted name ({@code "0.weight"}, {@code "fc1.bias"}), depth first in
     * registration order; a tensor shared by two modules appears once, under its first name.
     */
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen) {
        parameters.forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(prefix + name, p);
            }
        });
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, seen));
    }

    /** The direct children by name, in registration order. */
    public LinkedHashMap<String, Module> namedChildren() {
        return new LinkedHashMap<>(children);
    }

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train() {
        return train(true);
    }

    /** Sets training ({@code true}) or evaluation mode on the whole tree; returns this. */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    /** Evaluation mode (dropout off) on the whole tree; returns this. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Sets every parameter's gradient to null (PyTorch 2's default {@code set_to_none=True}). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    /**
     * The parameters by dotted name, as {@code state_dict()}: detached tensors sharing storage
     * with the live parameters (so they follow later updates; {@code clone()} for a snapshot).
     * Write them with {@link StateDict#write}.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((name, p) -> out.put(name, p.detach()));
        return out;
    }

    /**
     * Copies {@code state} into the parameters, strictly: the keys must be exactly this module's
     * parameter names and every shape must match. Nothing is copied unless everything matches; the
     * error lists every missing key, unexpected key and size mismatch, as PyTorch's.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /** What a non-strict {@link #loadStateDict(Map, boolean)} did not match. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /**
     * {@code load_state_dict(state, strict)}: with {@code strict} false, missing and unexpected
     * keys are returned instead of refused. Shape mismatches are always refused. The copy is done
     * without recording a graph and bumps each parameter's version, as PyTorch's.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = namedParameters();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            if (!state.containsKey(e.getKey())) {
                missing.add(e.getKey());
                continue;
            }
            Tensor value = state.get(e.getKey());
            if (value == null) {
                problems.add("value for " + e.getKey() + " is null");
            } else if (!Arrays.equals(value.shape(), e.getValue().shape())) {
                problems.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + Shape.format(value.shape()) + " from checkpoint, the shape in current model is "
                        + Shape.format(e.getValue().shape()) + ".");
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        List<String> errors = new ArrayList<>();
        if (strict && !missing.isEmpty()) {
            errors.add("Missing key(s) in state_dict: " + quoted(missing) + ".");
        }
        if (strict && !unexpected.isEmpty()) {
            errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ".");
        }
        errors.addAll(problems);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + getClass().getSimpleName()
                    + ":\n\t" + String.join("\n\t", errors));
        }
        try (var off = GradMode.noGrad()) {
            own.forEach((name, p) -> {
                if (state.containsKey(name)) {
                    p.copy_(state.get(name));
                }
            });
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(k).append('"');
        }
        return sb.toString();
    }

    /** The arguments shown inside this module's parentheses by {@link #toString()}; empty by default. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's module printout, e.g. {@code Sequential(\n  (0): Linear(in_features=4, ...)\n)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((name, child) -> sb.append("  (").append(name).append("): ")
                    .append(child.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
