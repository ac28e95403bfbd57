package io.sparkgrad.tensor;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The engine's compute kernels: which implementation runs, and how many threads it may use.
 *
 * <p><b>Vector or scalar, chosen once.</b> When the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (Spark 4's launcher adds it; so do this project's
 * {@code submit.sh}, Maven test runs and benchmarks) the inner loops use the Java Vector API;
 * otherwise, or with {@code -Dsparkgrad.kernels=scalar}, plain Java loops. The choice is made when
 * this class is initialised; without the module the vector classes are never loaded. Both paths
 * give bit-identical results on every input, because every floating-point sum is done in an order
 * the algorithm fixes (see {@code engine/KERNELS.md}); only the speed differs.
 *
 * <p><b>Threads.</b> Single-threaded by default, which is what a Spark task wants (Spark already
 * runs one task per core). Local programs may call {@link #setNumThreads(int)}, as
 * {@code torch.set_num_threads}: matrix products then split their output between threads. Each
 * output element is still computed by exactly one thread in the same order, so results do not
 * depend on the thread count.
 */
public final class Kernels {
    private static final Logger LOG = Logger.getLogger(Kernels.class.getName());
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Backend SELECTED = select();
    /** The backend in use: {@link #SELECTED}, or another one inside {@link #withBackend} (tests). */
    private static Backend active = SELECTED;

    private Kernels() {
    }

    /** True when the Vector API kernels are in use, false for the scalar fallback. */
    public static boolean vectorized() {
        return active != ScalarBackend.INSTANCE;
    }

    /** The kernels in use: {@code "vector-512"}, {@code "vector-256"} or {@code "scalar"}. */
    public static String implementation() {
        return active.name();
    }

    /**
     * Lets matrix products use up to {@code n} threads (the caller's plus n − 1 pool threads), as
     * {@code torch.set_num_threads}; 1, the default, keeps everything on the calling thread. The
     * setting is global to the JVM: leave it at 1 inside Spark tasks.
     */
    public static void setNumThreads(int n) {
        KernelThreads.setThreads(n);
    }

    /** The thread count set by {@link #setNumThreads(int)}. */
    public static int numThreads() {
        return KernelThreads.threads();
    }

    static Backend backend() {
        return active;
    }

    /** The backend chosen at class load, whichever one {@link #withBackend} may have swapped in. */
    static Backend selected() {
        return SELECTED;
    }

    /**
     * Runs {@code body} with {@code backend} in place of the selected one, for the tests that
     * compare the two paths; not thread-safe, like the test runner that calls it.
     */
    static <T> T withBackend(Backend backend, Supplier<T> body) {
        Backend previous = active;
        active = backend;
        try {
            return body.get();
        } finally {
            active = previous;
        }
    }

    private static Backend select() {
        String mode = System.getProperty("sparkgrad.kernels", "auto");
        switch (mode) {
            case "scalar":
                return ScalarBackend.INSTANCE;
            case "auto":
            case "vector":
                break;
            default:
                throw new IllegalArgumentException("sparkgrad.kernels must be auto, vector or scalar, got " + mode);
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            if (mode.equals("vector")) {
                throw new IllegalStateException("sparkgrad.kernels=vector needs the JVM option --add-modules "
                        + VECTOR_MODULE);
            }
            return ScalarBackend.INSTANCE;
        }
        try {
            // by name, so that the vector class is loaded only here, after the module check
            Class<?> type = Class.forName("io.sparkgrad.tensor.VectorBackend");
            if (!(Boolean) type.getDeclaredMethod("worthwhile").invoke(null) && mode.equals("auto")) {
                return ScalarBackend.INSTANCE;
            }
            return (Backend) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warning("Vector API kernels unavailable (" + e + "); using the scalar kernels");
            return ScalarBackend.INSTANCE;
        }
    }
}
