package io.sparkgrad.optim;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OWL-QN, the orthant-wise limited-memory quasi-Newton method of Andrew and Gao (2007) for
 * f(x) + Σᵢ l1ᵢ·|xᵢ| with a smooth f: a port of Breeze 2.1's {@code breeze.optimize.OWLQN} (the
 * optimizer Spark MLlib's {@code LogisticRegression} and {@code LinearRegression} use for an l1 or
 * elastic-net penalty), driven like {@link LBFGS} by {@link #step(Closure)}. The closure returns
 * the smooth part f and sets its gradient; OWL-QN adds the l1 term itself.
 *
 * <pre>{@code
 * var owlqn = new OWLQN(List.of(w, b), OWLQN.options().l1PerParameter(0.1, 0.0));   // no l1 on the bias
 * owlqn.step(() -> { owlqn.zeroGrad(); Tensor l = f.apply(w, b); l.backward(); return l; });
 * }</pre>
 *
 * <p>Each iteration, as Breeze's: the pseudo-gradient ({@link #pseudoGradient}: the gradient of f
 * plus l1ᵢ·sign(xᵢ), and at xᵢ = 0 the smallest-magnitude element of the subdifferential); the
 * L-BFGS two-loop direction from it over the last {@code historySize} pairs (steps and changes of
 * f's gradient, newest first, the initial Hessian scale s·y / y·y of the newest); the direction
 * zeroed wherever it does not descend the pseudo-gradient; Breeze's backtracking line search
 * (Armijo 1e-4, curvature 0.9 with its strong test, shrinking by 0.1 in the first iteration and by
 * 0.5 after, growing by 2.1, at most 20 trials, first trial 0.5 / |∇f|₂ in the first iteration and
 * 1 after) on the path projected onto the orthant of the current point (a coordinate at 0 takes
 * the sign of the negative pseudo-gradient): a coordinate that would cross zero is set to exactly
 * 0. Breeze's own quirks are kept: the first trial's Armijo test compares f at the start without
 * the l1 term, and the line search measures slopes along the direction, not the projected step. A
 * failure (a history with y·s &lt; 0, a line search that ends without a step) first resets the
 * history and leaves the parameters where they were; a second failure in a row ends the step as
 * {@link StopReason#SEARCH_FAILED}, as Breeze's {@code searchFailed}.
 *
 * <p>Per {@code step}: up to {@code maxIter} iterations, stopping early, as Breeze's convergence
 * checks, once the pseudo-gradient's largest absolute entry is at most max(tolerance·|F|,
 * {@code toleranceGrad}) (F the objective with its l1 term) or F changes by at most tolerance·|F₀|
 * (F₀ the first objective this optimizer saw). {@link #state()} holds the history, the iteration
 * count and the failure flag, so a run resumed with {@link #loadState} continues bit-identically.
 */
public final class OWLQN extends Optimizer {
    private final int numel;
    private final int[] paramSizes;
    private int maxIter;
    private int historySize;
    private double tolerance;
    private double toleranceGrad;
    /** l1ᵢ for every element, in the flat order; each parameter's elements share its value. */
    private double[] l1;
    private OWLQNMemory memory = new OWLQNMemory();
    private StepResult lastStep;

    /** OWL-QN with the given options. */
    public OWLQN(List<Tensor> params, Options o) {
        super(params, 1.0);
        long n = 0;
        paramSizes = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            paramSizes[i] = params.get(i).numel();
            n += paramSizes[i];
        }
        if (n == 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("OWLQN needs parameters with 1 to 2^31 - 9 elements in all, got " + n);
        }
        this.numel = (int) n;
        double[] perParameter = o.l1PerParameter;
        if (perParameter == null) {
            perParameter = new double[params.size()];
            Arrays.fill(perParameter, o.l1);
        }
        if (perParameter.length != params.size()) {
            throw new IllegalArgumentException("OWLQN: l1PerParameter has " + perParameter.length + " values for "
                    + params.size() + " parameters");
        }
        double[] flat = new double[numel];
        int offset = 0;
        for (int i = 0; i < paramSizes.length; i++) {
            Arrays.fill(flat, offset, offset + paramSizes[i], perParameter[i]);
            offset += paramSizes[i];
        }
        check(o.maxIter, o.historySize, o.tolerance, o.toleranceGrad, flat);
        this.l1 = flat;
        this.maxIter = o.maxIter;
        this.historySize = o.historySize;
        this.tolerance = o.tolerance;
        this.toleranceGrad = o.toleranceGrad;
    }

    /** Options with MLlib's defaults (history 10, tolerance 1e-6) and no l1 term. */
    public static Options options() {
        return new Options();
    }

    /** OWL-QN's settings. */
    public static final class Options {
        private double l1;
        private double[] l1PerParameter;
        private int maxIter = 100;
        private int historySize = 10;
        private double tolerance = 1e-6;
        private double toleranceGrad = 1e-8;

        private Options() {
        }

        /** The l1 weight of every parameter element (default 0: plain L-BFGS with Breeze's line search). */
        public Options l1(double l1) {
            this.l1 = l1;
            this.l1PerParameter = null;
            return this;
        }

        /** One l1 weight per parameter, in the parameters' order (0 for a bias, say). */
        public Options l1PerParameter(double... l1) {
            this.l1PerParameter = l1.clone();
            return this;
        }

        /** Iterations per {@code step} at most (default 100). */
        public Options maxIter(int maxIter) {
            this.maxIter = maxIter;
            return this;
        }

        /** Curvature pairs kept (default 10, MLlib's). */
        public Options historySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        /** Relative tolerance of the convergence checks (default 1e-6, MLlib's {@code tol}); 0 turns them off. */
        public Options tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** The absolute floor of the pseudo-gradient test (default 1e-8, Breeze's); 0 with tolerance 0 turns it off. */
        public Options toleranceGrad(double toleranceGrad) {
            this.toleranceGrad = toleranceGrad;
            return this;
        }
    }

    /** How a {@link #step(Closure)} ended. */
    public enum StopReason {
        /** The pseudo-gradient's largest absolute entry was within the tolerance. */
        GRADIENT_CONVERGED,
        /** The objective changed by at most tolerance × |first objective|. */
        FUNCTION_VALUES_CONVERGED,
        /** Two failures in a row (line search or history): no further descent found. */
        SEARCH_FAILED,
        /** {@code maxIter} iterations were made. */
        MAX_ITER;

        /** True for the convergence tests and a failed search, false for the budget. */
        public boolean converged() {
            return this != MAX_ITER;
        }
    }

    /**
     * What one {@link #step(Closure)} did.
     *
     * @param stopReason why it stopped
     * @param iterations iterations that moved the parameters
     * @param resets failures that reset the history
     * @param evaluations closure calls
     * @param objective the objective with its l1 term at the final parameters
     * @param pseudoGradientNorm the Euclidean norm of the pseudo-gradient there
     */
    public record StepResult(StopReason stopReason, int iterations, int resets, int evaluations, double objective,
            double pseudoGradientNorm) {
    }

    /** How the last {@link #step(Closure)} ended; null before the first (and after {@link #loadState}). */
    public StepResult lastStep() {
        return lastStep;
    }

    /** Iterations made over all steps so far (Breeze's {@code state.iter}). */
    public long iterations() {
        return memory.iter;
    }

    /** The l1 weight of each element, in the flat order of the parameters (a copy). */
    public double[] l1() {
        return l1.clone();
    }

    /** Σᵢ |l1ᵢ·xᵢ| over the flat parameter vector x, summed in order. */
    public double l1Term(double[] x) {
        double s = 0;
        for (int i = 0; i < numel; i++) {
            if (l1[i] != 0) {
                s += Math.abs(l1[i] * x[i]);
            }
        }
        return s;
    }

    /**
     * The pseudo-gradient of f + Σ l1ᵢ|xᵢ| at x, given f's gradient g there: gᵢ + l1ᵢ·sign(xᵢ)
     * where xᵢ ≠ 0; at xᵢ = 0, gᵢ − l1ᵢ if that is positive, gᵢ + l1ᵢ if that is negative, else 0
     * (zero exactly when 0 is optimal along that coordinate).
     */
    public double[] pseudoGradient(double[] x, double[] g) {
        double[] res = new double[numel];
        for (int i = 0; i < numel; i++) {
            res[i] = adjusted(x[i], g[i], l1[i]);
        }
        return res;
    }

    private static double adjusted(double xv, double v, double l) {
        if (l == 0.0) {
            return v;
        }
        if (xv == 0.0) {
            double deltaPlus = v + l;
            double deltaMinus = v - l;
            return deltaMinus > 0 ? deltaMinus : deltaPlus < 0 ? deltaPlus : 0.0;
        }
        return v + Math.signum(xv) * l;
    }

    /** Refused: OWL-QN re-evaluates the model, so it needs {@link #step(Closure)}. */
    @Override
    public void step() {
        throw needsClosure();
    }

    private static IllegalArgumentException needsClosure() {
        return new IllegalArgumentException("OWLQN.step needs a closure that re-evaluates the model and returns the "
                + "smooth part of the loss: call step(closure)");
    }

    /** Up to {@code maxIter} iterations; returns the objective (with its l1 term) at the start. */
    @Override
    public Tensor step(Closure closure) {
        if (closure == null) {
            throw needsClosure();
        }
        try (var off = GradMode.noGrad()) {
            return run(closure);
        }
    }

    /** One point with what f and the l1 term say there. */
    private record Point(double[] x, double value, double[] grad, double adjValue, double[] adjGrad) {}

    /** A Breeze {@code FirstOrderException}: the history or the line search failed. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private Tensor run(Closure closure) {
        OWLQNMemory m = memory;
        Evaluator eval = new Evaluator(closure);
        Point state = eval.at(FlatVectors.gatherValues(params(), numel));
        double start = state.adjValue;
        if (!m.started) {
            m.started = true;
            m.initialAdjValue = state.adjValue;
        }
        int iterations = 0;
        int resets = 0;
        StopReason reason = converged(state, Double.NaN);
        while (reason == null && iterations + resets < maxIter) {
            double previous = state.adjValue;
            try {
                double[] dir = descentDirection(state);
                double alpha = stepSize(state, dir, eval);
                double[] x = takeStep(state, dir, alpha);
                Point next = eval.at(x);
                m.memStep.add(0, FlatVectors.sub(next.x, state.x));
                m.memGradDelta.add(0, FlatVectors.sub(next.grad, state.grad));
                if (m.memStep.size() > historySize) {
                    m.memStep.remove(historySize);
                    m.memGradDelta.remove(historySize);
                }
                m.iter++;
                m.failedOnce = false;
                state = next;
                iterations++;
                reason = converged(state, previous);
            } catch (Failure e) {
                if (!m.failedOnce) {
                    // Breeze: "Failure! Resetting history" — the parameters stay where they were
                    m.failedOnce = true;
                    m.memStep.clear();
                    m.memGradDelta.clear();
                    resets++;
                } else {
                    reason = StopReason.SEARCH_FAILED;
                }
                if (eval.lastAt != state) {
                    FlatVectors.setParams(params(), state.x);
                    setGrads(state.grad);
                }
            }
        }
        if (reason == null) {
            reason = StopReason.MAX_ITER;
        }
        lastStep = new StepResult(reason, iterations, resets, eval.count, state.adjValue,
                Math.sqrt(FlatVectors.dot(state.adjGrad, state.adjGrad)));
        return Tensor.scalar(start);
    }

    /** Breeze's gradient and function-value convergence tests; null while neither holds. */
    private StopReason converged(Point s, double previous) {
        double gradBound = Math.max(tolerance * Math.abs(s.adjValue), toleranceGrad);
        if (FlatVectors.absMax(s.adjGrad) <= gradBound && (tolerance > 0 || toleranceGrad > 0)) {
            return StopReason.GRADIENT_CONVERGED;
        }
        if (tolerance > 0 && !Double.isNaN(previous)
                && Math.abs(s.adjValue - previous) <= tolerance * Math.abs(memory.initialAdjValue)) {
            return StopReason.FUNCTION_VALUES_CONVERGED;
        }
        return null;
    }

    /**
     * Breeze's {@code LBFGS.ApproximateInverseHessian * adjustedGradient}, then zeroed wherever it
     * does not descend the pseudo-gradient (OWLQN's {@code chooseDescentDirection}).
     */
    private double[] descentDirection(Point s) {
        List<double[]> steps = memory.memStep;
        List<double[]> deltas = memory.memGradDelta;
        int len = steps.size();
        double diag = 1.0;
        if (len > 0) {
            double sy = FlatVectors.dot(steps.get(0), deltas.get(0));
            double yy = FlatVectors.dot(deltas.get(0), deltas.get(0));
            if (sy < 0 || Double.isNaN(sy)) {
                throw new Failure("NaNHistory: s·y = " + sy);
            }
            diag = sy / yy;
        }
        double[] dir = s.adjGrad.clone();
        double[] as = new double[len];
        double[] rho = new double[len];
        for (int i = 0; i < len; i++) {
            rho[i] = FlatVectors.dot(steps.get(i), deltas.get(i));
            as[i] = FlatVectors.dot(steps.get(i), dir) / rho[i];
            if (Double.isNaN(as[i])) {
                throw new Failure("NaNHistory: alpha " + i + " is NaN");
            }
            axpy(-as[i], deltas.get(i), dir);
        }
        for (int j = 0; j < numel; j++) {
            dir[j] *= diag;
        }
        for (int i = len - 1; i >= 0; i--) {
            double beta = FlatVectors.dot(deltas.get(i), dir) / rho[i];
            axpy(as[i] - beta, steps.get(i), dir);
        }
        for (int j = 0; j < numel; j++) {
            dir[j] *= -1.0;
            // the direction must descend the pseudo-gradient coordinate by coordinate
            dir[j] = dir[j] * s.adjGrad[j] < 0 ? dir[j] : 0.0;
        }
        return dir;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    /** x + α·d, projected onto the orthant of x (a coordinate at 0: the sign of the negative pseudo-gradient). */
    private double[] takeStep(Point s, double[] dir, double alpha) {
        double[] out = new double[numel];
        for (int i = 0; i < numel; i++) {
            double stepped = s.x[i] + dir[i] * alpha;
            double orthant = s.x[i] != 0 ? Math.signum(s.x[i]) : Math.signum(-s.adjGrad[i]);
            out[i] = stepped * (Math.signum(stepped) == Math.signum(orthant) ? 1.0 : 0.0);
        }
        return out;
    }

    /**
     * OWLQN's {@code determineStepSize}: Breeze's {@code BacktrackingLineSearch} (initfval = f at
     * the start without the l1 term, as Breeze passes it) on α ↦ (F(x(α)), pseudo-gradient(x(α))·d).
     */
    private double stepSize(Point s, double[] dir, Evaluator eval) {
        boolean first = memory.iter < 1;
        double shrinkStep = first ? 0.1 : 0.5;
        double growStep = 2.1;
        double cArmijo = 1e-4;
        double cWolfe = 0.9;
        int maxIterations = 20;
        double init = first ? 0.5 / Math.sqrt(FlatVectors.dot(s.grad, s.grad)) : 1.0;
        // f.calculate(0.0): the projection of x itself is x, whose values are known
        double f0 = s.adjValue;
        double df0 = FlatVectors.dot(s.adjGrad, dir);
        if (!(init > 0)) {
            throw new Failure("the line search's first step " + init + " is not positive");
        }
        Point atInit = eval.at(takeStep(s, dir, init));
        double alpha = init;
        double fval = s.value;  // Breeze's State(init, initfval, initfderiv)
        double fderiv = FlatVectors.dot(atInit.adjGrad, dir);
        int iter = 0;
        double accepted = alpha;
        while (true) {
            double multiplier;
            if (fval > f0 + alpha * df0 * cArmijo) {
                multiplier = shrinkStep;
            } else if (fderiv < cWolfe * df0) {
                multiplier = growStep;
            } else if (fderiv > -cWolfe * df0) {
                multiplier = shrinkStep;
            } else {
                multiplier = 1.0;
            }
            if (multiplier == 1.0) {
                return alpha;
            }
            double newAlpha = alpha * multiplier;
            if (iter >= maxIterations) {
                throw new Failure("LineSearchFailed after " + maxIterations + " trials");
            } else if (newAlpha < 1e-10) {
                throw new Failure("StepSizeUnderflow: " + newAlpha);
            } else if (newAlpha > 1e10) {
                throw new Failure("StepSizeOverflow: " + newAlpha);
            }
            Point p = eval.at(takeStep(s, dir, newAlpha));
            iter++;
            if (iter >= maxIterations) {
                // Breeze's takeWhile drops the trial made at the cap: the step is the one before it
                return accepted;
            }
            alpha = newAlpha;
            accepted = alpha;
            fval = p.adjValue;
            fderiv = FlatVectors.dot(p.adjGrad, dir);
        }
    }

    /** Evaluates f at given points through the closure, remembering the last one (Breeze's CachedDiffFunction). */
    private final class Evaluator {
        private final Closure closure;
        int count;
        Point lastAt;

        Evaluator(Closure closure) {
            this.closure = closure;
        }

        Point at(double[] x) {
            if (lastAt != null && Arrays.equals(lastAt.x, x)) {
                return lastAt;
            }
            FlatVectors.setParams(params(), x);
            Tensor loss;
            try (var on = GradMode.enableGrad()) {
                loss = closure.evaluate();
            }
            if (loss == null || loss.numel() != 1) {
                throw new IllegalArgumentException("OWLQN: the closure returned "
                        + (loss == null ? "null" : "a tensor of shape " + Shape.format(loss.shape()))
                        + "; it must return the smooth part of the loss, one element");
            }
            count++;
            double value = loss.item();
            double[] grad = FlatVectors.gatherGrad(params(), numel);
            double adjValue = value;
            double[] adjGrad = new double[numel];
            for (int i = 0; i < numel; i++) {
                double l = l1[i];
                if (l != 0) {
                    adjValue += Math.abs(l * x[i]);
                }
                adjGrad[i] = adjusted(x[i], grad[i], l);
            }
            lastAt = new Point(x, value, grad, adjValue, adjGrad);
            return lastAt;
        }
    }

    private void setGrads(double[] flat) {
        int offset = 0;
        for (Tensor p : params()) {
            int n = p.numel();
            p.setGrad(Tensor.wrap(Arrays.copyOfRange(flat, offset, offset + n), p.shape()));
            offset += n;
        }
    }

    private static void check(int maxIter, long historySize, double tolerance, double toleranceGrad, double[] l1) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("Invalid max_iter value: " + maxIter + " (at least 1)");
        }
        if (historySize < 1 || historySize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Invalid history_size value: " + historySize + " (at least 1)");
        }
        if (!(tolerance >= 0) || !(toleranceGrad >= 0)) {
            throw new IllegalArgumentException("Invalid tolerance " + tolerance + " / tolerance_grad " + toleranceGrad
                    + " (each at least 0)");
        }
        for (int i = 0; i < l1.length; i++) {
            if (!(l1[i] >= 0) || Double.isInfinite(l1[i])) {
                throw new IllegalArgumentException("Invalid l1 value " + l1[i] + " at element " + i
                        + " (finite, at least 0)");
            }
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    String kind() {
        return "OWLQN";
    }

    @Override
    Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tolerance", tolerance);
        m.put("tolerance_grad", toleranceGrad);
        return m;
    }

    @Override
    Map<String, Boolean> flags() {
        return Map.of();
    }

    @Override
    Map<String, Long> integers() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("max_iter", (long) maxIter);
        m.put("history_size", (long) historySize);
        return m;
    }

    @Override
    void saveGlobal(OptimizerState.Builder b) {
        b.global("l1", new int[] {numel}, l1);
        memory.save(b);
    }

    @Override
    Runnable restorer(OptimizerState s) {
        double tol = s.number("tolerance");
        double tolGrad = s.number("tolerance_grad");
        long iters = s.integer("max_iter");
        long history = s.integer("history_size");
        if (iters > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("loaded OWLQN state has max_iter " + iters + ", more than an int");
        }
        return () -> {
            tolerance = tol;
            toleranceGrad = tolGrad;
            maxIter = (int) iters;
            historySize = (int) history;
        };
    }

    @Override
    Runnable globalRestorer(OptimizerState s) {
        if (!s.hasGlobal("l1") || !Arrays.equals(s.globalShape("l1"), new int[] {numel})) {
            throw new IllegalArgumentException("loaded OWLQN state has no 'l1' of shape [" + numel
                    + "], the parameters' element count");
        }
        double[] loadedL1 = s.globalView("l1").clone();
        long history = s.integer("history_size");
        check((int) Math.min(s.integer("max_iter"), Integer.MAX_VALUE), history, s.number("tolerance"),
                s.number("tolerance_grad"), loadedL1);
        OWLQNMemory loaded = OWLQNMemory.load(s, numel, (int) history);
        return () -> {
            l1 = loadedL1;
            memory = loaded;
            lastStep = null;
        };
    }

    @Override
    List<String> bufferNames() {
        return List.of();
    }

    @Override
    List<String> requiredBuffers(OptimizerState s) {
        return List.of();
    }

    /** Never called: OWL-QN updates all parameters at once in step(closure). */
    @Override
    void update(double[] w, double[] g, Slot slot) {
        throw new UnsupportedOperationException("OWLQN updates all parameters at once in step(closure)");
    }

    /** The number of curvature pairs held. */
    int historyLength() {
        return memory.memStep.size();
    }
}
