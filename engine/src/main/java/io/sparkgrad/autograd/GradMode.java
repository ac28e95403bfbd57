package io.sparkgrad.autograd;

/**
 * Whether operations record a graph for autograd, per thread ({@code torch.no_grad},
 * {@code torch.enable_grad}). Thread-local on purpose: Spark runs several tasks in one executor
 * JVM at once, and one task's {@code no_grad} must not switch recording off for another.
 *
 * <pre>{@code
 * try (var off = GradMode.noGrad()) {
 *     w.sub_(w.grad().mul(lr));   // not recorded
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True when operations on this thread record a graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets recording on this thread, outside of any scope. Prefer the scopes below. */
    public static void setEnabled(boolean enabled) {
        ENABLED.get()[0] = enabled;
    }

    /** Turns recording off until the returned scope is closed, then restores the previous mode. */
    public static Scope noGrad() {
        return enter(false);
    }

    /** Turns recording on until the returned scope is closed (inside a {@link #noGrad()} block). */
    public static Scope enableGrad() {
        return enter(true);
    }

    /** Sets the mode until the returned scope is closed. */
    public static Scope enter(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return new Scope(cell, previous);
    }

    /** Restores the grad mode that was in force when it was opened. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;

        private Scope(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override
        public void close() {
            cell[0] = previous;
        }
    }
}
