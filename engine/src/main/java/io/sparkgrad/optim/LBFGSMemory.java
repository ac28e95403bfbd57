package io.sparkgrad.optim;

import io.sparkgrad.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything {@link LBFGS} carries from one {@code step} to the next, PyTorch's
 * {@code state[params[0]]}: the counters {@code func_evals} and {@code n_iter}, the last direction
 * {@code d} and step {@code t}, the curvature history {@code old_dirs} (gradient changes y),
 * {@code old_stps} (steps s) and {@code ro} (1 / y·s), the initial Hessian scale {@code H_diag},
 * the previous flat gradient and loss, and the scratch list {@code al}. Saved to and restored from
 * an {@link OptimizerState} under PyTorch's names, exactly.
 */
final class LBFGSMemory {
    static final String FUNC_EVALS = "func_evals";
    static final String N_ITER = "n_iter";

    /** False until the first step: PyTorch's state holds nothing before it. */
    boolean started;
    long funcEvals;
    long nIter;
    // set by the first iteration, all together
    double[] d;
    double t;
    List<double[]> oldDirs;
    List<double[]> oldStps;
    List<Double> ro;
    double hDiag;
    double[] prevFlatGrad;
    double prevLoss;
    /** PyTorch's {@code [None] * history_size}, created by the second iteration; null until then. */
    double[] al;
    /** How many leading entries of {@link #al} are not None: the most history ever used at once. */
    int alFilled;

    /**
     * Arrays of the parameters' length that no state refers to any more (the pair the history
     * dropped, a pair the curvature test refused), reused for the next y and s; not state.
     */
    private final java.util.ArrayDeque<double[]> spares = new java.util.ArrayDeque<>(2);
    /** The line search's starting point, reused from step to step; not state. */
    private double[] lineSearchStart;

    /** A spare array, or null when there is none (the caller then allocates). */
    double[] takeSpare() {
        return spares.pollFirst();
    }

    void giveSpare(double[] a) {
        if (spares.size() < 2) {
            spares.addLast(a);
        }
    }

    /** The array the line search keeps its starting point in. */
    double[] lineSearchStart(int numel) {
        if (lineSearchStart == null || lineSearchStart.length != numel) {
            lineSearchStart = new double[numel];
        }
        return lineSearchStart;
    }

    /** Whether the iteration state (d, t, history, ...) exists: it does once an iteration ran. */
    boolean hasIterate() {
        return d != null;
    }

    void save(OptimizerState.Builder b) {
        if (!started) {
            return;
        }
        b.counter(FUNC_EVALS, funcEvals).counter(N_ITER, nIter);
        if (!hasIterate()) {
            return;
        }
        int n = d.length;
        b.global("d", new int[] {n}, d);
        b.global("t", new int[0], new double[] {t});
        for (int i = 0; i < oldDirs.size(); i++) {
            b.global("old_dirs." + i, new int[] {n}, oldDirs.get(i));
        }
        for (int i = 0; i < oldStps.size(); i++) {
            b.global("old_stps." + i, new int[] {n}, oldStps.get(i));
        }
        double[] r = ro.stream().mapToDouble(Double::doubleValue).toArray();
        b.global("ro", new int[] {r.length}, r);
        b.global("H_diag", new int[0], new double[] {hDiag});
        b.global("prev_flat_grad", new int[] {n}, prevFlatGrad);
        b.global("prev_loss", new int[0], new double[] {prevLoss});
        if (al != null) {
            b.global("al", new int[] {alFilled}, Arrays.copyOf(al, alFilled));
        }
    }

    /**
     * The memory a state describes, for parameters of {@code numel} elements in all and the
     * state's own {@code historySize}; throws {@link IllegalArgumentException} naming what does
     * not fit.
     */
    static LBFGSMemory load(OptimizerState s, int numel, int historySize) {
        LBFGSMemory m = new LBFGSMemory();
        boolean hasEvals = s.counters().containsKey(FUNC_EVALS);
        boolean hasIter = s.counters().containsKey(N_ITER);
        for (String name : s.counters().keySet()) {
            if (!name.equals(FUNC_EVALS) && !name.equals(N_ITER)) {
                throw mismatch("an unknown counter '" + name + "'");
            }
        }
        if (hasEvals != hasIter) {
            throw mismatch("'" + (hasEvals ? FUNC_EVALS : N_ITER) + "' without '" + (hasEvals ? N_ITER : FUNC_EVALS)
                    + "'");
        }
        List<String> names = new ArrayList<>(s.globalNames());
        if (!hasEvals) {
            if (!names.isEmpty()) {
                throw mismatch("tensors " + names + " but no counters");
            }
            return m;
        }
        m.started = true;
        m.funcEvals = nonNegative(s.counter(FUNC_EVALS), FUNC_EVALS);
        m.nIter = nonNegative(s.counter(N_ITER), N_ITER);
        if (m.nIter == 0) {
            if (!names.isEmpty()) {
                throw mismatch("tensors " + names + " though n_iter is 0");
            }
            return m;
        }
        m.d = vector(s, names, "d", numel);
        m.t = scalar(s, names, "t");
        m.hDiag = scalar(s, names, "H_diag");
        m.prevFlatGrad = vector(s, names, "prev_flat_grad", numel);
        m.prevLoss = scalar(s, names, "prev_loss");
        double[] r = vector(s, names, "ro", -1);
        if (r.length > historySize) {
            throw mismatch("a history of " + r.length + " pairs, more than history_size " + historySize);
        }
        m.ro = new ArrayList<>();
        m.oldDirs = new ArrayList<>();
        m.oldStps = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            m.ro.add(r[i]);
            m.oldDirs.add(vector(s, names, "old_dirs." + i, numel));
            m.oldStps.add(vector(s, names, "old_stps." + i, numel));
        }
        if (names.contains("al")) {
            double[] al = vector(s, names, "al", -1);
            if (al.length > historySize) {
                throw mismatch("'al' of " + al.length + " entries, more than history_size " + historySize);
            }
            m.al = Arrays.copyOf(al, historySize);
            m.alFilled = al.length;
        }
        if (!names.isEmpty()) {
            throw mismatch("unknown tensors " + names + " (a history longer than 'ro' says, or not an LBFGS state)");
        }
        return m;
    }

    /** Takes a 1-d tensor out of {@code names}; {@code length} -1 accepts any length. */
    private static double[] vector(OptimizerState s, List<String> names, String name, int length) {
        int[] shape = take(s, names, name);
        if (shape.length != 1 || (length >= 0 && shape[0] != length)) {
            throw mismatch("'" + name + "' of shape " + Shape.format(shape) + ", expected "
                    + (length >= 0 ? "[" + length + "], the parameters' element count" : "a vector"));
        }
        return s.globalView(name).clone();
    }

    private static double scalar(OptimizerState s, List<String> names, String name) {
        int[] shape = take(s, names, name);
        if (shape.length != 0) {
            throw mismatch("'" + name + "' of shape " + Shape.format(shape) + ", expected a scalar []");
        }
        return s.globalView(name)[0];
    }

    private static int[] take(OptimizerState s, List<String> names, String name) {
        if (!names.remove(name)) {
            throw mismatch("no '" + name + "' though n_iter is " + s.counter(N_ITER));
        }
        return s.globalShape(name);
    }

    private static long nonNegative(long v, String name) {
        if (v < 0) {
            throw mismatch("a negative " + name + " " + v);
        }
        return v;
    }

    private static IllegalArgumentException mismatch(String what) {
        return new IllegalArgumentException("loaded LBFGS state has " + what);
    }
}
