package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Higher-order derivatives of a function of one tensor, {@code torch.autograd.functional}: the
 * Jacobian, the Hessian, and the products {@code vᵀJ}, {@code Jv}, {@code vᵀH}, {@code Hv} without
 * forming the matrices. Shapes are PyTorch's: the Jacobian of an output of shape {@code O} with
 * respect to an input of shape {@code I} has shape {@code O ++ I} (so {@code [m, n]} for
 * {@code [m]} and {@code [n]}; {@code []} for a scalar of a scalar), the Hessian has shape
 * {@code I ++ I}.
 *
 * <p>As in PyTorch, {@code fn} sees a fresh leaf that requires grad (so the input itself need
 * not), and results are detached unless {@code createGraph} is set; with {@code createGraph} and
 * an input that requires grad, the results are differentiable with respect to that input, so a
 * Jacobian can be differentiated again. Outputs that do not depend on the input get zero
 * derivatives (PyTorch's {@code strict=False}).
 */
public final class Functional {
    private Functional() {
    }

    /**
     * A function's output together with a derivative product: PyTorch's {@code (func_output, vjp)}
     * and the like.
     *
     * @param output {@code fn(x)}
     * @param product the requested product ({@code vᵀJ}, {@code Jv}, {@code vᵀH} or {@code Hv})
     */
    public record Result(Tensor output, Tensor product) {
    }

    // ---------------------------------------------------------------- jacobian and hessian

    /** {@code torch.autograd.functional.jacobian(fn, x)}: shape {@code fn(x).shape ++ x.shape}. */
    public static Tensor jacobian(Function<Tensor, Tensor> fn, Tensor x) {
        return jacobian(fn, x, false);
    }

    /**
     * {@code jacobian(fn, x, create_graph)}, computed in reverse mode one output element at a
     * time. With {@code createGraph} the result carries a graph (to {@code x} when {@code x}
     * requires grad), so it can be differentiated again.
     */
    public static Tensor jacobian(Function<Tensor, Tensor> fn, Tensor x, boolean createGraph) {
        Tensor input = prepare(x, createGraph);
        Tensor output = apply(fn, input, "jacobian");
        Tensor jac = jacobianOf(output, input, createGraph);
        return createGraph ? jac : jac.detach();
    }

    /**
     * Jacobians of {@code fn} with respect to each of several inputs, as PyTorch's tuple-input
     * {@code jacobian}: entry {@code i} has shape {@code fn(xs).shape ++ xs[i].shape}.
     */
    public static List<Tensor> jacobian(Function<List<Tensor>, Tensor> fn, List<Tensor> xs, boolean createGraph) {
        List<Tensor> inputs = new ArrayList<>(xs.size());
        for (Tensor x : xs) {
            inputs.add(prepare(x, createGraph));
        }
        Tensor output;
        try (var on = GradMode.enableGrad()) {
            output = fn.apply(List.copyOf(inputs));
        }
        checkOutput(output, "jacobian");
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            Tensor jac = jacobianOf(output, input, createGraph);
            out.add(createGraph ? jac : jac.detach());
        }
        return out;
    }

    /**
     * {@code torch.autograd.functional.hessian(fn, x)}: the Jacobian of the gradient of a
     * function with a one-element output; shape {@code x.shape ++ x.shape}.
     */
    public static Tensor hessian(Function<Tensor, Tensor> fn, Tensor x) {
        return hessian(fn, x, false);
    }

    /** {@code hessian(fn, x, create_graph)}. */
    public static Tensor hessian(Function<Tensor, Tensor> fn, Tensor x, boolean createGraph) {
        Function<Tensor, Tensor> gradient = in -> jacobian(singleOutput(fn, "hessian"), in, true);
        return jacobian(gradient, x, createGraph);
    }

    // ---------------------------------------------------------------- products

    /** {@code vjp(fn, x)} for a one-element output: the gradient, {@code v} taken as 1. */
    public static Result vjp(Function<Tensor, Tensor> fn, Tensor x) {
        return vjp(fn, x, null, false);
    }

    /** {@code torch.autograd.functional.vjp(fn, x, v)}: {@code vᵀJ}, of {@code x}'s shape; {@code v} has the output's. */
    public static Result vjp(Function<Tensor, Tensor> fn, Tensor x, Tensor v) {
        return vjp(fn, x, v, false);
    }

    /** {@code vjp(fn, x, v, create_graph)}; {@code v} may be null for a one-element output. */
    public static Result vjp(Function<Tensor, Tensor> fn, Tensor x, Tensor v, boolean createGraph) {
        Tensor input = prepare(x, createGraph);
        Tensor output = apply(fn, input, "vjp");
        Tensor seed = checkedVector(v, output, "vjp", "output");
        Tensor product = gradOrZeros(output, input, seed, createGraph);
        return finish(output, product, createGraph);
    }

    /** {@code jvp(fn, x)} for a one-element input, {@code v} taken as 1. */
    public static Result jvp(Function<Tensor, Tensor> fn, Tensor x) {
        return jvp(fn, x, null, false);
    }

    /** {@code torch.autograd.functional.jvp(fn, x, v)}: {@code Jv}, of the output's shape; {@code v} has {@code x}'s. */
    public static Result jvp(Function<Tensor, Tensor> fn, Tensor x, Tensor v) {
        return jvp(fn, x, v, false);
    }

    /**
     * {@code jvp(fn, x, v, create_graph)} by PyTorch's double-vjp trick: {@code g(u) = uᵀJ} is
     * linear in a dummy {@code u}, so the vjp of {@code g} with {@code v} is {@code Jv}. Costs two
     * backward passes and needs every op on the way to be twice differentiable.
     */
    public static Result jvp(Function<Tensor, Tensor> fn, Tensor x, Tensor v, boolean createGraph) {
        Tensor input = prepare(x, createGraph);
        Tensor output = apply(fn, input, "jvp");
        Tensor direction = checkedVector(v, input, "jvp", "input");
        Tensor dummy = Tensor.zeros(output.shape()).requiresGrad_(true);
        Tensor vjp = gradOrNull(output, input, dummy, true, true);
        Tensor product = vjp == null ? Tensor.zeros(output.shape()) : gradOrZeros(vjp, dummy, direction, createGraph);
        return finish(output, product, createGraph);
    }

    /**
     * {@code torch.autograd.functional.vhp(fn, x, v)}: {@code vᵀH} for a function with a
     * one-element output, in one double-backward pass. Equals {@link #hvp} when the Hessian is
     * symmetric (twice continuously differentiable functions).
     */
    public static Result vhp(Function<Tensor, Tensor> fn, Tensor x, Tensor v) {
        return vhp(fn, x, v, false);
    }

    /** {@code vhp(fn, x, v, create_graph)}. */
    public static Result vhp(Function<Tensor, Tensor> fn, Tensor x, Tensor v, boolean createGraph) {
        Tensor input = prepare(x, createGraph);
        Tensor output = apply(singleOutput(fn, "vhp"), input, "vhp");
        Tensor direction = checkedVector(v, input, "vhp", "input");
        Tensor gradient = gradOrNull(output, input, null, true, true);
        Tensor product = gradient == null ? Tensor.zeros(input.shape())
                : gradOrZeros(gradient, input, direction, createGraph);
        return finish(output, product, createGraph);
    }

    /** {@code torch.autograd.functional.hvp(fn, x, v)}: {@code Hv} for a function with a one-element output. */
    public static Result hvp(Function<Tensor, Tensor> fn, Tensor x, Tensor v) {
        return hvp(fn, x, v, false);
    }

    /**
     * {@code hvp(fn, x, v, create_graph)} as PyTorch computes it: the double-vjp trick on the
     * gradient, so the result is {@code Hv} even where the Hessian is not symmetric.
     */
    public static Result hvp(Function<Tensor, Tensor> fn, Tensor x, Tensor v, boolean createGraph) {
        Tensor input = prepare(x, createGraph);
        Tensor output = apply(singleOutput(fn, "hvp"), input, "hvp");
        Tensor direction = checkedVector(v, input, "hvp", "input");
        Tensor product = Tensor.zeros(input.shape());
        Tensor gradient = gradOrNull(output, input, null, true, true);
        if (gradient != null) {
            Tensor dummy = Tensor.zeros(input.shape()).requiresGrad_(true);
            Tensor doubleBack = gradOrNull(gradient, input, dummy, true, true);
            if (doubleBack != null) {
                product = gradOrZeros(doubleBack, dummy, direction, createGraph);
            }
        }
        return finish(output, product, createGraph);
    }

    // ---------------------------------------------------------------- shared steps

    /**
     * PyTorch's {@code _grad_preprocess}: with createGraph and an input that requires grad, a
     * view of it (so results stay connected to it); otherwise a detached leaf that requires grad.
     */
    private static Tensor prepare(Tensor x, boolean createGraph) {
        if (x == null) {
            throw new IllegalArgumentException("functional: the input tensor is null");
        }
        if (createGraph && x.requiresGrad()) {
            try (var on = GradMode.enableGrad()) {
                return x.view(x.shape());
            }
        }
        return x.detach().requiresGrad_(true);
    }

    private static Tensor apply(Function<Tensor, Tensor> fn, Tensor input, String op) {
        Tensor output;
        try (var on = GradMode.enableGrad()) {
            output = fn.apply(input);
        }
        checkOutput(output, op);
        return output;
    }

    private static void checkOutput(Tensor output, String op) {
        if (output == null) {
            throw new IllegalArgumentException(op + ": the function returned null; it must return a Tensor");
        }
    }

    /** Wraps {@code fn} to insist on a one-element output, returned as a scalar (PyTorch squeezes it). */
    private static Function<Tensor, Tensor> singleOutput(Function<Tensor, Tensor> fn, String op) {
        return in -> {
            Tensor out = fn.apply(in);
            checkOutput(out, op);
            if (out.numel() != 1) {
                throw new IllegalArgumentException("The Tensor returned by the function given to " + op
                        + " should contain a single element, got shape " + Arrays.toString(out.shape()));
            }
            return out.reshape();
        };
    }

    private static Tensor checkedVector(Tensor v, Tensor like, String op, String what) {
        if (v == null) {
            if (like.numel() != 1) {
                throw new IllegalArgumentException(op + ": the vector v can only be omitted when the " + what
                        + " has a single element, but it has shape " + Arrays.toString(like.shape()));
            }
            return Tensor.ones(like.shape());
        }
        if (!Arrays.equals(v.shape(), like.shape())) {
            throw new IllegalArgumentException(op + ": v has shape " + Arrays.toString(v.shape())
                    + " but the " + what + " has shape " + Arrays.toString(like.shape()));
        }
        return v;
    }

    /** The Jacobian of {@code output} w.r.t. {@code input}, one reverse pass per output element. */
    private static Tensor jacobianOf(Tensor output, Tensor input, boolean createGraph) {
        int m = output.numel();
        int[] shape = concat(output.shape(), input.shape());
        if (m == 0 || input.numel() == 0 || !output.requiresGrad()) {
            return Tensor.zeros(shape);
        }
        Tensor[] rows = new Tensor[m];
        for (int i = 0; i < m; i++) {
            double[] unit = new double[m];
            unit[i] = 1.0;
            Tensor seed = Tensor.wrap(unit, output.shape());
            rows[i] = gradOrZeros(output, input, seed, createGraph);
        }
        try (var mode = GradMode.enter(createGraph)) {
            return Tensor.stack(0, rows).reshape(shape);
        }
    }

    /** {@code grad(output, input, seed)} keeping the graph for further passes; zeros when unused. */
    private static Tensor gradOrZeros(Tensor output, Tensor input, Tensor seed, boolean createGraph) {
        Tensor g = gradOrNull(output, input, seed, true, createGraph);
        return g == null ? Tensor.zeros(input.shape()) : g;
    }

    /** {@code grad(output, input, seed)}, or null when the output does not depend on the input. */
    private static Tensor gradOrNull(Tensor output, Tensor input, Tensor seed, boolean retainGraph,
            boolean createGraph) {
        if (!output.requiresGrad()) {
            return null;
        }
        Autograd.Options options = Autograd.options().retainGraph(retainGraph).createGraph(createGraph)
                .allowUnused(true);
        if (seed != null) {
            options.gradOutputs(seed);
        }
        return Autograd.grad(List.of(output), List.of(input), options)[0];
    }

    private static Result finish(Tensor output, Tensor product, boolean createGraph) {
        return createGraph ? new Result(output, product) : new Result(output.detach(), product.detach());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
