package io.sparkgrad.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The opt-in kernel threads of {@link Kernels#setNumThreads}. A kernel hands {@link #forRange}
 * a range of output indices; the range is cut into one contiguous chunk per thread and each
 * chunk is computed by exactly one thread, start to end, so which thread computes an output never
 * changes its value. The pool threads are daemons, created on first use; a kernel called from a
 * pool thread runs inline (no nested parallelism, no deadlock).
 */
final class KernelThreads {
    /** Receives one chunk [from, to) of the range. */
    interface Chunk {
        void run(int from, int to);
    }

    private static volatile int threads = 1;
    private static ExecutorService pool;
    private static int poolSize;
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> false);

    private KernelThreads() {
    }

    static int threads() {
        return threads;
    }

    static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setNumThreads: expected at least 1 thread, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize != size) {
            if (pool != null) {
                pool.shutdown();
            }
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(() -> {
                    IN_POOL.set(true);
                    r.run();
                }, "sparkgrad-kernel-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolSize = size;
        }
        return pool;
    }

    /**
     * Runs {@code body} over [0, n) in chunks that are multiples of {@code grain} (except the
     * last), on up to {@link #threads()} threads; inline when one thread is set or the range has
     * fewer than two grains of work per thread.
     */
    static void forRange(int n, int grain, Chunk body) {
        int t = threads;
        int grains = (n + grain - 1) / grain;
        int parts = Math.min(t, grains);
        if (parts <= 1 || IN_POOL.get()) {
            body.run(0, n);
            return;
        }
        int perPart = (grains + parts - 1) / parts * grain;
        ExecutorService executor = pool(t - 1);
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int k = 1; k < parts; k++) {
            int from = Math.min(n, k * perPart);
            int to = Math.min(n, from + perPart);
            futures[k - 1] = executor.submit(() -> body.run(from, to));
        }
        body.run(0, Math.min(n, perPart));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
