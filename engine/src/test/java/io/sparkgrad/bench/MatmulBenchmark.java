package io.sparkgrad.bench;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * GFLOPS (2·n³ / seconds) of {@link Tensor#matmul} on n×n float64 matrices, best and median of
 * several timed runs after a warm-up, next to a naive i-j-k triple loop measured in the same JVM.
 * A main, not a test (surefire does not pick it up). Run after {@code mvn -q -pl engine test-compile}:
 *
 * <pre>
 * java -cp engine/target/classes:engine/target/test-classes io.sparkgrad.bench.MatmulBenchmark [sizes...]
 * </pre>
 */
public final class MatmulBenchmark {
    /** Untimed runs last at least this long, so the JIT has compiled the kernel at full optimisation. */
    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final int RUNS = 7;
    private static final int NAIVE_RUNS = 3;

    private MatmulBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {512, 1024} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "JVM %s, %d cores available (kernel is single-threaded)%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        for (int n : sizes) {
            Tensor a = Tensor.randn(new Generator(1), n, n);
            Tensor b = Tensor.randn(new Generator(2), n, n);
            double[] engine = time(() -> a.matmul(b), WARMUP_NANOS, RUNS);
            double[] x = a.toArray();
            double[] y = b.toArray();
            double[] naive = time(() -> naive(x, y, n), 0, NAIVE_RUNS);
            checkAgree(a.matmul(b).toArray(), naive(x, y, n), n);
            double flops = 2.0 * n * n * n;
            System.out.printf(Locale.ROOT, "%4d x %-4d matmul: best %6.2f GFLOPS, median %6.2f GFLOPS (%d runs)%n", n, n,
                    flops / engine[0] / 1e9, flops / engine[1] / 1e9, RUNS);
            System.out.printf(Locale.ROOT, "%4d x %-4d naive : best %6.2f GFLOPS, median %6.2f GFLOPS (%d runs)%n", n, n,
                    flops / naive[0] / 1e9, flops / naive[1] / 1e9, NAIVE_RUNS);
            System.out.printf(Locale.ROOT, "%4d x %-4d speed-up over naive i-j-k: %.1fx (best), %.1fx (median)%n", n, n,
                    naive[0] / engine[0], naive[1] / engine[1]);
        }
    }

    /** {best, median} seconds of {@code runs} timed runs after untimed ones for {@code warmupNanos} (at least one). */
    private static double[] time(Runnable body, long warmupNanos, int runs) {
        long end = System.nanoTime() + warmupNanos;
        do {
            body.run();
        } while (System.nanoTime() < end);
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return new double[] {seconds[0], seconds[runs / 2]};
    }

    /** The textbook i-j-k loop: a dot product per output element, B walked down its columns. */
    static double[] naive(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * b[k * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void checkAgree(double[] got, double[] want, int n) {
        for (int i = 0; i < got.length; i++) {
            if (Math.abs(got[i] - want[i]) > 1e-9 * n) {
                throw new AssertionError("matmul disagrees with the naive product at " + i + ": " + got[i] + " vs "
                        + want[i]);
            }
        }
    }
}
