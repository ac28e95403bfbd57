package io.sparkgrad.optim;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * L-BFGS, {@code torch.optim.LBFGS}: one {@link #step(Closure)} runs up to {@code maxIter}
 * iterations of limited-memory BFGS over all parameters as one flat vector, calling the closure
 * for the loss and gradient as often as it needs (at most about {@code maxEval} times), with a
 * fixed step {@code lr} or, with {@code lineSearchFn("strong_wolfe")}, a line search satisfying
 * the strong Wolfe conditions.
 *
 * <pre>{@code
 * var lbfgs = new LBFGS(List.of(x), LBFGS.options().lineSearchFn("strong_wolfe"));
 * lbfgs.step(() -> { lbfgs.zeroGrad(); Tensor l = f.apply(x); l.backward(); return l; });
 * }</pre>
 *
 * <p>A port of PyTorch 1.13's {@code torch/optim/lbfgs.py}, statement by statement: the same
 * defaults (lr 1, max_iter 20, max_eval max_iter * 5 / 4, tolerance_grad 1e-7, tolerance_change
 * 1e-9, history_size 100), the first step {@code min(1, 1 / |g|_1) * lr}, the history update only
 * when {@code y·s > 1e-10}, the two-loop recursion, the stopping tests in PyTorch's order, and
 * the counters {@code func_evals} and {@code n_iter} kept across steps. The vector operations
 * round as PyTorch's do ({@link FlatVectors}), so trajectories agree with PyTorch's to about
 * 1e-10 or better (bit for bit on small problems). The closure may set the leaves' gradients
 * with {@code backward()} or directly with {@code setGrad}; a parameter without a gradient counts
 * as zero gradient. Parameters the closure never gives a gradient do not move.
 *
 * <p>{@link #state()} holds the whole memory (counters, direction, step, history), so a run
 * resumed with {@link #loadState} continues bit-identically. {@link #lastStep()} says how the
 * last step ended, for callers that stop on their own rule (the Spark job).
 */
public final class LBFGS extends Optimizer {
    /** The name {@link #lineSearchFn()} takes for the strong Wolfe line search, PyTorch's. */
    public static final String STRONG_WOLFE = "strong_wolfe";
    /** How the state file writes PyTorch's {@code line_search_fn=None}. */
    static final String NO_LINE_SEARCH = "none";

    private int maxIter;
    private int maxEval;
    private double toleranceGrad;
    private double toleranceChange;
    private int historySize;
    private String lineSearchFn;
    private final int numel;
    private LBFGSMemory memory = new LBFGSMemory();
    private StepResult lastStep;

    /** L-BFGS with PyTorch's defaults and no line search. */
    public LBFGS(List<Tensor> params) {
        this(params, options());
    }

    /** L-BFGS with the given options. */
    public LBFGS(List<Tensor> params, Options o) {
        super(params, o.lr);
        int maxEvalOrDefault = o.maxEval != null ? o.maxEval : o.maxIter * 5 / 4;
        check(o.maxIter, maxEvalOrDefault, o.toleranceGrad, o.toleranceChange, o.historySize, o.lineSearchFn);
        this.maxIter = o.maxIter;
        this.maxEval = maxEvalOrDefault;
        this.toleranceGrad = o.toleranceGrad;
        this.toleranceChange = o.toleranceChange;
        this.historySize = o.historySize;
        this.lineSearchFn = o.lineSearchFn;
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        if (n == 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("LBFGS needs parameters with 1 to 2^31 - 9 elements in all, got " + n);
        }
        this.numel = (int) n;
    }

    /** Options with PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    /** LBFGS' keyword arguments, with PyTorch's defaults. */
    public static final class Options {
        private double lr = 1;
        private int maxIter = 20;
        private Integer maxEval;
        private double toleranceGrad = 1e-7;
        private double toleranceChange = 1e-9;
        private int historySize = 100;
        private String lineSearchFn;

        private Options() {
        }

        /** The step length without line search, and the line search's first trial step (default 1). */
        public Options lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Iterations per {@code step} at most (default 20). */
        public Options maxIter(int maxIter) {
            this.maxIter = maxIter;
            return this;
        }

        /** Closure evaluations per {@code step} before it stops iterating (default {@code maxIter * 5 / 4}). */
        public Options maxEval(int maxEval) {
            this.maxEval = maxEval;
            return this;
        }

        /** Stop when the gradient's largest absolute entry is at most this (default 1e-7). */
        public Options toleranceGrad(double toleranceGrad) {
            this.toleranceGrad = toleranceGrad;
            return this;
        }

        /** Stop when the loss, the step or the directional derivative changes by less (default 1e-9). */
        public Options toleranceChange(double toleranceChange) {
            this.toleranceChange = toleranceChange;
            return this;
        }

        /** Curvature pairs kept (default 100). */
        public Options historySize(int historySize) {
            this.historySize = historySize;
            return this;
        }

        /** {@code "strong_wolfe"}, or null for a fixed step of {@code lr} (the default). */
        public Options lineSearchFn(String lineSearchFn) {
            this.lineSearchFn = lineSearchFn;
            return this;
        }
    }

    /** How a {@link #step(Closure)} ended: the first of PyTorch's stopping tests that held. */
    public enum StopReason {
        /** The gradient's largest absolute entry was at most {@code toleranceGrad}. */
        TOLERANCE_GRAD,
        /** The directional derivative g·d was above {@code -toleranceChange}: no descent left. */
        TOLERANCE_CHANGE_DIRECTION,
        /** The step's largest absolute change, max |t·d|, was at most {@code toleranceChange}. */
        TOLERANCE_CHANGE_STEP,
        /** The loss changed by less than {@code toleranceChange}. */
        TOLERANCE_CHANGE_LOSS,
        /** {@code maxIter} iterations were made. */
        MAX_ITER,
        /** {@code maxEval} closure evaluations were made. */
        MAX_EVAL;

        /** True for the tolerance tests, false for the two budgets. */
        public boolean converged() {
            return this != MAX_ITER && this != MAX_EVAL;
        }
    }

    /**
     * What one {@link #step(Closure)} did.
     *
     * @param stopReason why it stopped
     * @param iterations iterations made (0 when the gradient was already within tolerance)
     * @param evaluations closure calls made, line-search evaluations included
     * @param initialLoss the loss at the start, which {@code step} returns
     * @param loss the last loss evaluated: at the final parameters, except after {@code MAX_ITER}
     *     without line search, where PyTorch does not re-evaluate after the last update
     * @param gradMaxAbs the largest absolute entry of the gradient evaluated with {@code loss}
     * @param gradNorm that gradient's Euclidean norm
     */
    public record StepResult(StopReason stopReason, int iterations, int evaluations, double initialLoss, double loss,
            double gradMaxAbs, double gradNorm) {
    }

    /** Iterations per {@code step} at most ({@code max_iter}). */
    public int maxIter() {
        return maxIter;
    }

    /** Closure evaluations per {@code step} after which it stops iterating ({@code max_eval}). */
    public int maxEval() {
        return maxEval;
    }

    /** The gradient's largest absolute entry at which a step stops ({@code tolerance_grad}). */
    public double toleranceGrad() {
        return toleranceGrad;
    }

    /** The change in loss, step or directional derivative below which a step stops ({@code tolerance_change}). */
    public double toleranceChange() {
        return toleranceChange;
    }

    /** Curvature pairs kept ({@code history_size}). */
    public int historySize() {
        return historySize;
    }

    /** {@code "strong_wolfe"} or null. */
    public String lineSearchFn() {
        return lineSearchFn;
    }

    /** Closure evaluations over all steps so far ({@code state['func_evals']}), line search included. */
    public long funcEvals() {
        return memory.funcEvals;
    }

    /** Iterations over all steps so far ({@code state['n_iter']}). */
    public long nIter() {
        return memory.nIter;
    }

    /** How the last {@link #step(Closure)} ended; null before the first (and after {@link #loadState}). */
    public StepResult lastStep() {
        return lastStep;
    }

    /** Refused: L-BFGS re-evaluates the model, so it needs {@link #step(Closure)}. */
    @Override
    public void step() {
        throw needsClosure();
    }

    private static IllegalArgumentException needsClosure() {
        return new IllegalArgumentException("LBFGS.step needs a closure that re-evaluates the model and returns the "
                + "loss: call step(closure)");
    }

    /**
     * Up to {@code maxIter} iterations, PyTorch's {@code LBFGS.step(closure)}, without recording
     * a graph (the closure runs with grad mode on). Returns the loss the first evaluation gave.
     */
    @Override
    public Tensor step(Closure closure) {
        if (closure == null) {
            throw needsClosure();
        }
        try (var off = GradMode.noGrad()) {
            return run(closure);
        }
    }

    private Tensor run(Closure closure) {
        double lr = lr();
        LBFGSMemory m = memory;
        if (!m.started) {
            m.started = true;
            m.funcEvals = 0;
            m.nIter = 0;
        }
        // evaluate initial f(x) and df/dx
        Tensor origLoss = evaluate(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        m.funcEvals += 1;

        double[] flatGrad = FlatVectors.gatherGrad(params(), numel);
        boolean optCond = FlatVectors.absMax(flatGrad) <= toleranceGrad;
        // optimal condition
        if (optCond) {
            lastStep = result(StopReason.TOLERANCE_GRAD, 0, currentEvals, origLoss, loss, flatGrad);
            return origLoss;
        }

        double[] d = m.d;
        double t = m.t;
        List<double[]> oldDirs = m.oldDirs;
        List<double[]> oldStps = m.oldStps;
        List<Double> ro = m.ro;
        double hDiag = m.hDiag;
        double[] prevFlatGrad = m.prevFlatGrad;
        double prevLoss = m.prevLoss;

        int nIter = 0;
        StopReason reason = null;
        // optimize for a max of max_iter iterations
        while (nIter < maxIter) {
            nIter++;
            m.nIter++;

            // compute gradient descent direction
            if (m.nIter == 1) {
                d = FlatVectors.neg(flatGrad);
                oldDirs = new ArrayList<>();
                oldStps = new ArrayList<>();
                ro = new ArrayList<>();
                hDiag = 1;
            } else {
                // do lbfgs update (update memory); y and s go into the arrays of the pair the
                // history dropped last (the same values as new ones: no 2 x numel allocation a step)
                double[] y = FlatVectors.subInto(flatGrad, prevFlatGrad, m.takeSpare());
                double[] s = FlatVectors.scaledInto(d, t, m.takeSpare());
                double ys = FlatVectors.dot(y, s);
                if (!(ys > 1e-10)) { // NaN too: refused, as PyTorch's ys > 1e-10 test refuses it
                    m.giveSpare(y);
                    m.giveSpare(s);
                } else {
                    // updating memory
                    if (oldDirs.size() == historySize) {
                        // shift history by one (limited-memory)
                        m.giveSpare(oldDirs.remove(0));
                        m.giveSpare(oldStps.remove(0));
                        ro.remove(0);
                    }
                    // store new direction/step
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1. / ys);
                    // update scale of initial Hessian approximation
                    hDiag = ys / FlatVectors.dot(y, y);
                }
                // compute the approximate (L-BFGS) inverse Hessian multiplied by the gradient
                int numOld = oldDirs.size();
                if (m.al == null) {
                    m.al = new double[historySize];
                }
                double[] al = m.al;
                m.alFilled = Math.max(m.alFilled, numOld);

                // iteration in L-BFGS loop collapsed to use just one buffer; the last direction's
                // array holds it (d was last read by s above, and r/d below takes this array)
                double[] q = FlatVectors.negInto(flatGrad, d);
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = FlatVectors.dot(oldStps.get(i), q) * ro.get(i);
                    FlatVectors.addScaled(q, oldDirs.get(i), -al[i]);
                }
                // multiply by initial Hessian; r/d is the final direction (torch.mul(q, H_diag): q
                // is not used again, so r takes its array, each element the same product)
                double[] r = FlatVectors.scale(q, hDiag);
                for (int i = 0; i < numOld; i++) {
                    double beI = FlatVectors.dot(oldDirs.get(i), r) * ro.get(i);
                    FlatVectors.addScaled(r, oldStps.get(i), al[i] - beI);
                }
                d = r;
            }
            // PyTorch clones here; flatGrad is never changed in place below (each evaluation
            // gathers a new array), so keeping the array itself is the same value without a copy
            prevFlatGrad = flatGrad;
            prevLoss = loss;

            // compute step length: reset initial guess for step size; a tensor when 1 / |g|_1 wins
            StrongWolfe.Step step;
            if (m.nIter == 1) {
                StrongWolfe.Step inverse = new StrongWolfe.Step(1. / FlatVectors.absSum(flatGrad), true);
                step = StrongWolfe.pyMin(new StrongWolfe.Step(1., false), inverse).times(lr);
            } else {
                step = new StrongWolfe.Step(lr, false);
            }
            t = step.value();

            // directional derivative
            double gtd = FlatVectors.dot(flatGrad, d);
            // directional derivative is below tolerance
            if (gtd > -toleranceChange) {
                reason = StopReason.TOLERANCE_CHANGE_DIRECTION;
                break;
            }

            // optional line search: user function
            int lsFuncEvals = 0;
            if (lineSearchFn != null) {
                double[] xInit = FlatVectors.gatherValuesInto(params(), m.lineSearchStart(numel));
                double[] dir = d;
                StrongWolfe.Result ls = StrongWolfe.search(
                        trial -> directionalEvaluate(closure, xInit, trial, dir), step, d, loss, flatGrad, gtd);
                loss = ls.loss();
                flatGrad = ls.grad();
                t = ls.t();
                lsFuncEvals = ls.evaluations();
                FlatVectors.addToParams(params(), t, d);
                optCond = FlatVectors.absMax(flatGrad) <= toleranceGrad;
            } else {
                // no line search, simply move with fixed-step
                FlatVectors.addToParams(params(), t, d);
                if (nIter != maxIter) {
                    // re-evaluate function only if not in last iteration: in a stochastic setting
                    // there is no use in re-evaluating it here
                    loss = evaluate(closure).item();
                    flatGrad = FlatVectors.gatherGrad(params(), numel);
                    optCond = FlatVectors.absMax(flatGrad) <= toleranceGrad;
                    lsFuncEvals = 1;
                }
            }
            // update func eval
            currentEvals += lsFuncEvals;
            m.funcEvals += lsFuncEvals;

            // check conditions
            if (nIter == maxIter) {
                reason = StopReason.MAX_ITER;
                break;
            }
            if (currentEvals >= maxEval) {
                reason = StopReason.MAX_EVAL;
                break;
            }
            // optimal condition
            if (optCond) {
                reason = StopReason.TOLERANCE_GRAD;
                break;
            }
            // lack of progress
            if (FlatVectors.absMaxScaled(d, t) <= toleranceChange) {
                reason = StopReason.TOLERANCE_CHANGE_STEP;
                break;
            }
            if (Math.abs(loss - prevLoss) < toleranceChange) {
                reason = StopReason.TOLERANCE_CHANGE_LOSS;
                break;
            }
        }
        m.d = d;
        m.t = t;
        m.oldDirs = oldDirs;
        m.oldStps = oldStps;
        m.ro = ro;
        m.hDiag = hDiag;
        m.prevFlatGrad = prevFlatGrad;
        m.prevLoss = prevLoss;
        lastStep = result(reason, nIter, currentEvals, origLoss, loss, flatGrad);
        return origLoss;
    }

    private static StepResult result(StopReason reason, int iterations, int evaluations, Tensor origLoss, double loss,
            double[] grad) {
        return new StepResult(reason, iterations, evaluations, origLoss.item(), loss, FlatVectors.absMax(grad),
                Math.sqrt(FlatVectors.dot(grad, grad)));
    }

    /** The closure's loss, with grad mode on as PyTorch's {@code torch.enable_grad()(closure)}. */
    private static Tensor evaluate(Closure closure) {
        Tensor loss;
        try (var on = GradMode.enableGrad()) {
            loss = closure.evaluate();
        }
        if (loss == null) {
            throw new IllegalArgumentException("LBFGS: the closure returned null; it must return the loss");
        }
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("LBFGS: the closure returned a tensor of shape "
                    + Shape.format(loss.shape()) + "; it must return the loss, one element");
        }
        return loss;
    }

    /** {@code _directional_evaluate}: the loss and gradient at x + t d, then the parameters back at x. */
    private StrongWolfe.Evaluation directionalEvaluate(Closure closure, double[] x, double t, double[] d) {
        FlatVectors.addToParams(params(), t, d);
        double loss = evaluate(closure).item();
        double[] flatGrad = FlatVectors.gatherGrad(params(), numel);
        FlatVectors.setParams(params(), x);
        return new StrongWolfe.Evaluation(loss, flatGrad);
    }

    private static void check(int maxIter, int maxEval, double toleranceGrad, double toleranceChange, long historySize,
            String lineSearchFn) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("Invalid max_iter value: " + maxIter + " (at least 1)");
        }
        if (maxEval < 1) {
            throw new IllegalArgumentException("Invalid max_eval value: " + maxEval + " (at least 1)");
        }
        if (Double.isNaN(toleranceGrad)) {
            throw new IllegalArgumentException("Invalid tolerance_grad value: " + toleranceGrad);
        }
        if (Double.isNaN(toleranceChange)) {
            throw new IllegalArgumentException("Invalid tolerance_change value: " + toleranceChange);
        }
        if (historySize < 1 || historySize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Invalid history_size value: " + historySize + " (at least 1)");
        }
        if (lineSearchFn != null && !lineSearchFn.equals(STRONG_WOLFE)) {
            throw new IllegalArgumentException("only 'strong_wolfe' is supported as line_search_fn, got '"
                    + lineSearchFn + "' (null for none)");
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    String kind() {
        return "LBFGS";
    }

    @Override
    Map<String, Double> numbers() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tolerance_grad", toleranceGrad);
        m.put("tolerance_change", toleranceChange);
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
        m.put("max_eval", (long) maxEval);
        m.put("history_size", (long) historySize);
        return m;
    }

    @Override
    Map<String, String> texts() {
        return Map.of("line_search_fn", lineSearchFn == null ? NO_LINE_SEARCH : lineSearchFn);
    }

    @Override
    void saveGlobal(OptimizerState.Builder b) {
        memory.save(b);
    }

    @Override
    Runnable restorer(OptimizerState s) {
        double tolGrad = s.number("tolerance_grad");
        double tolChange = s.number("tolerance_change");
        long iters = s.integer("max_iter");
        long evals = s.integer("max_eval");
        long history = s.integer("history_size");
        String ls = s.text("line_search_fn");
        String fn = ls.equals(NO_LINE_SEARCH) ? null : ls;
        if (iters > Integer.MAX_VALUE || evals > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("loaded LBFGS state has max_iter " + iters + " and max_eval " + evals
                    + ", more than an int");
        }
        check((int) iters, (int) evals, tolGrad, tolChange, history, fn);
        return () -> {
            toleranceGrad = tolGrad;
            toleranceChange = tolChange;
            maxIter = (int) iters;
            maxEval = (int) evals;
            historySize = (int) history;
            lineSearchFn = fn;
        };
    }

    @Override
    Runnable globalRestorer(OptimizerState s) {
        LBFGSMemory loaded = LBFGSMemory.load(s, numel, (int) s.integer("history_size"));
        return () -> {
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

    /** Never called: L-BFGS has no per-parameter update, and {@link #step()} is refused. */
    @Override
    void update(double[] w, double[] g, Slot slot) {
        throw new UnsupportedOperationException("LBFGS updates all parameters at once in step(closure)");
    }
}
