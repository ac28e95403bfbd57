package io.sparkgrad.optim;

import io.sparkgrad.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@link OWLQN} carries from one {@code step} to the next, Breeze's
 * {@code FirstOrderMinimizer.State} less what the next step re-evaluates (x, f and its gradient):
 * the iteration count {@code iter} (the first iteration's line search differs), whether the last
 * attempt failed ({@code failed_once}), the first objective (the function-value test's scale) and
 * the curvature history, newest pair first ({@code mem_step.0} = the last step s,
 * {@code mem_grad_delta.0} = the change y of f's gradient along it). Saved to and restored from an
 * {@link OptimizerState} exactly.
 */
final class OWLQNMemory {
    static final String ITER = "iter";
    static final String FAILED_ONCE = "failed_once";

    boolean started;
    double initialAdjValue;
    long iter;
    boolean failedOnce;
    final List<double[]> memStep = new ArrayList<>();
    final List<double[]> memGradDelta = new ArrayList<>();

    void save(OptimizerState.Builder b) {
        if (!started) {
            return;
        }
        b.counter(ITER, iter).counter(FAILED_ONCE, failedOnce ? 1 : 0);
        b.global("initial_objective", new int[0], new double[] {initialAdjValue});
        for (int i = 0; i < memStep.size(); i++) {
            b.global("mem_step." + i, new int[] {memStep.get(i).length}, memStep.get(i));
            b.global("mem_grad_delta." + i, new int[] {memGradDelta.get(i).length}, memGradDelta.get(i));
        }
    }

    /** The memory a state describes; throws {@link IllegalArgumentException} naming what does not fit. */
    static OWLQNMemory load(OptimizerState s, int numel, int historySize) {
        OWLQNMemory m = new OWLQNMemory();
        List<String> names = new ArrayList<>(s.globalNames());
        names.remove("l1");
        for (String name : s.counters().keySet()) {
            if (!name.equals(ITER) && !name.equals(FAILED_ONCE)) {
                throw mismatch("an unknown counter '" + name + "'");
            }
        }
        if (!s.counters().containsKey(ITER)) {
            if (!names.isEmpty()) {
                throw mismatch("tensors " + names + " but no counters");
            }
            return m;
        }
        m.started = true;
        m.iter = s.counter(ITER);
        long failed = s.counters().getOrDefault(FAILED_ONCE, -1L);
        if (m.iter < 0 || (failed != 0 && failed != 1)) {
            throw mismatch("iter " + m.iter + " and failed_once " + failed + " (iter >= 0, failed_once 0 or 1)");
        }
        m.failedOnce = failed == 1;
        if (!names.remove("initial_objective") || s.globalShape("initial_objective").length != 0) {
            throw mismatch("no scalar 'initial_objective'");
        }
        m.initialAdjValue = s.globalView("initial_objective")[0];
        for (int i = 0; names.contains("mem_step." + i); i++) {
            if (i >= historySize) {
                throw mismatch("more than history_size " + historySize + " curvature pairs");
            }
            m.memStep.add(vector(s, names, "mem_step." + i, numel));
            m.memGradDelta.add(vector(s, names, "mem_grad_delta." + i, numel));
        }
        if (!names.isEmpty()) {
            throw mismatch("unknown tensors " + names + " (not an OWLQN state, or a history with a gap)");
        }
        return m;
    }

    private static double[] vector(OptimizerState s, List<String> names, String name, int numel) {
        if (!names.remove(name)) {
            throw mismatch("no '" + name + "'");
        }
        int[] shape = s.globalShape(name);
        if (shape.length != 1 || shape[0] != numel) {
            throw mismatch("'" + name + "' of shape " + Shape.format(shape) + ", expected [" + numel
                    + "], the parameters' element count");
        }
        return s.globalView(name).clone();
    }

    private static IllegalArgumentException mismatch(String what) {
        return new IllegalArgumentException("loaded OWLQN state has " + what);
    }
}
