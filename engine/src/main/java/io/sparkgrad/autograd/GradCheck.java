package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Numerical checks of analytical gradients, as {@code torch.autograd.gradcheck} and
 * {@code gradgradcheck}: central differences with PyTorch's defaults (eps 1e-6, atol 1e-5,
 * rtol 1e-3) compared element by element with the Jacobian autograd computes. A mismatch throws
 * {@link GradcheckError} naming the output, the input and the element that disagree.
 */
public final class GradCheck {
    public static final double DEFAULT_EPS = 1e-6;
    public static final double DEFAULT_ATOL = 1e-5;
    public static final double DEFAULT_RTOL = 1e-3;

    private GradCheck() {
    }

    /** Raised when analytical and numerical derivatives disagree (PyTorch's {@code GradcheckError}). */
    public static final class GradcheckError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GradcheckError(String message) {
            super(message);
        }
    }

    /** Checks first derivatives of {@code fn} at {@code inputs} (those that require grad). */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradcheck(fn, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, inputs);
    }

    /** {@link #gradcheck(Function, Tensor...)} with explicit tolerances. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol,
            Tensor... inputs) {
        return check(x -> new Tensor[] {fn.apply(x)}, inputs, eps, atol, rtol, "");
    }

    /**
     * Checks second derivatives: gradcheck of {@code (inputs, v) -> grad(fn(inputs), inputs, v)}
     * with {@code createGraph}, for a fixed random {@code v}, as PyTorch's gradgradcheck.
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradgradcheck(fn, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, inputs);
    }

    /** {@link #gradgradcheck(Function, Tensor...)} with explicit tolerances. */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol,
            Tensor... inputs) {
        Tensor out;
        try (var off = GradMode.noGrad()) {
            out = fn.apply(inputs);
        }
        Tensor v = Tensor.randn(new Generator(0), out.shape()).requiresGrad_(true);
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = v;
        Function<Tensor[], Tensor[]> firstDerivatives = x -> {
            Tensor[] xs = Arrays.copyOf(x, inputs.length);
            List<Tensor> diff = new ArrayList<>();
            for (Tensor t : xs) {
                if (t.requiresGrad()) {
                    diff.add(t);
                }
            }
            Tensor y = fn.apply(xs);
            if (!y.requiresGrad()) {
                return diff.stream().map(t -> Tensor.zeros(t.shape())).toArray(Tensor[]::new);
            }
            return Autograd.grad(List.of(y), diff, Autograd.options().gradOutputs(x[inputs.length])
                    .createGraph(true).materializeGrads(true));
        };
        return check(firstDerivatives, all, eps, atol, rtol, "second-order ");
    }

    private static boolean check(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, double eps, double atol,
            double rtol, String what) {
        for (Tensor x : inputs) {
            if (x.requiresGrad() && !x.isContiguous()) {
                throw new IllegalArgumentException("gradcheck: inputs that require grad must be contiguous, got "
                        + "shape " + Shape.format(x.shape()));
            }
        }
        Tensor[] outputs = fn.apply(inputs);
        for (int o = 0; o < outputs.length; o++) {
            double[][] analytical = analyticalJacobian(outputs[o], inputs);
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].requiresGrad()) {
                    continue;
                }
                double[][] numerical = numericalJacobian(fn, o, inputs, i, eps);
                compare(numerical, analytical[i] == null ? null : analytical, i, o, atol, rtol, what);
            }
        }
        return true;
    }

    /** analytical[input][inElement * outNumel + outElement], by one backward per output element. */
    private static double[][] analyticalJacobian(Tensor output, Tensor[] inputs) {
        int outNumel = output.numel();
        double[][] jac = new double[inputs.length][];
        List<Tensor> diff = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad()) {
                jac[i] = new double[inputs[i].numel() * outNumel];
                diff.add(inputs[i]);
                positions.add(i);
            }
        }
        if (!output.requiresGrad() || diff.isEmpty()) {
            return jac;
        }
        for (int e = 0; e < outNumel; e++) {
            double[] onehot = new double[outNumel];
            onehot[e] = 1.0;
            Tensor[] grads = Autograd.grad(List.of(output), diff, Autograd.options()
                    .gradOutputs(Tensor.fromArray(onehot, output.shape())).retainGraph(true).allowUnused(true));
            for (int k = 0; k < grads.length; k++) {
                if (grads[k] == null) {
                    continue;
                }
                double[] g = grads[k].toArray();
                double[] target = jac[positions.get(k)];
                for (int j = 0; j < g.length; j++) {
                    target[j * outNumel + e] = g[j];
                }
            }
        }
        return jac;
    }

    private static double[][] numericalJacobian(Function<Tensor[], Tensor[]> fn, int o, Tensor[] inputs, int i,
            double eps) {
        Tensor flat = inputs[i].data().reshape(-1);
        int inNumel = flat.numel();
        double[][] columns = new double[inNumel][];
        for (int j = 0; j < inNumel; j++) {
            Tensor cell = flat.narrow(0, j, 1);
            double original = cell.item();
            cell.fill_(original + eps);
            double[] plus = evaluate(fn, inputs, o);
            cell.fill_(original - eps);
            double[] minus = evaluate(fn, inputs, o);
            cell.fill_(original);
            double[] col = new double[plus.length];
            for (int k = 0; k < col.length; k++) {
                col[k] = (plus[k] - minus[k]) / (2 * eps);
            }
            columns[j] = col;
        }
        return columns;
    }

    private static double[] evaluate(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, int o) {
        // first-order checks could evaluate without a graph, but second-order functions take an
        // inner gradient and need one: always record, the inputs are small
        return fn.apply(inputs)[o].toArray();
    }

    private static void compare(double[][] numerical, double[][] analyticalAll, int i, int o, double atol,
            double rtol, String what) {
        double[] analytical = analyticalAll == null ? null : analyticalAll[i];
        for (int j = 0; j < numerical.length; j++) {
            int outNumel = numerical[j].length;
            for (int e = 0; e < outNumel; e++) {
                double n = numerical[j][e];
                double a = analytical == null ? 0.0 : analytical[j * outNumel + e];
                if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
                    throw new GradcheckError(String.format(Locale.ROOT, "%sJacobian mismatch for output %d with "
                            + "respect to input %d at input element %d, output element %d: numerical %.10g, "
                            + "analytical %.10g (atol %.1e, rtol %.1e)", what, o, i, j, e, n, a, atol, rtol));
                }
            }
        }
    }
}
