package io.sparkgrad.bench;

import io.sparkgrad.optim.Closure;
import io.sparkgrad.optim.LBFGS;
import io.sparkgrad.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * L-BFGS on the driver at wide scale (issue 19, item 4), without Spark: the engine's LBFGS with
 * a 10-pair history over {@code n} parameters (default 2^24, one [1, n] weight as the job's first
 * layer), on a separable quadratic whose gradient costs one pass. Prints:
 *
 * <ul>
 *   <li>the heap's peak use against its maximum, once the history is full;
 *   <li>seconds per iteration with a full history, the closure's own time taken out;
 *   <li>the streaming bandwidth of this JVM on arrays of the same size (an fma triad), and what
 *       the iteration's array passes would take at it: the ratio says how close to memory speed
 *       the two-loop recursion and the vector updates run.
 * </ul>
 *
 * <pre>bench/mllib.sh lbfgs [n]      (BENCH_HEAP=12g: the issue's -Xmx12g)</pre>
 */
public final class LbfgsMemory {
    private static final int HISTORY = 10;

    private LbfgsMemory() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 24;
        int iterations = Integer.getInteger("bench.lbfgsIterations", 16);
        System.out.printf(Locale.ROOT, "%n== lbfgs: %d parameters (%.0f MB a vector), history %d, heap max %d MB ==%n", n,
                8.0 * n / 1e6, HISTORY, Runtime.getRuntime().maxMemory() >> 20);
        double[] curvature = new double[n];
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            curvature[i] = 0.5 + (i % 97) / 50.0; // a spread of curvatures: L-BFGS needs its history
            start[i] = ((i * 2654435761L) % 1000) / 1000.0 - 0.5;
        }
        Tensor w = Tensor.wrap(start, 1, n).requiresGrad_(true);
        LBFGS lbfgs = new LBFGS(List.of(w), LBFGS.options().maxIter(1).historySize(HISTORY).lineSearchFn(LBFGS.STRONG_WOLFE));
        long[] closureNanos = {0};
        int[] evaluations = {0};
        Closure closure = () -> {
            long t0 = System.nanoTime();
            double[] x = w.toArray();
            double[] g = new double[n];
            double f = 0;
            for (int i = 0; i < n; i++) {
                g[i] = curvature[i] * x[i];
                f = Math.fma(0.5 * g[i], x[i], f);
            }
            w.setGrad(Tensor.wrap(g, 1, n));
            closureNanos[0] += System.nanoTime() - t0;
            evaluations[0]++;
            return Tensor.scalar(f);
        };
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        double[] seconds = new double[iterations];
        double[] inClosureSeconds = new double[iterations];
        int[] evals = new int[iterations];
        double firstLoss = Double.NaN;
        double loss = Double.NaN;
        for (int it = 0; it < iterations; it++) {
            if (it == HISTORY + 1) {
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            }
            closureNanos[0] = 0;
            evaluations[0] = 0;
            long t0 = System.nanoTime();
            lbfgs.step(closure);
            seconds[it] = (System.nanoTime() - t0) / 1e9;
            inClosureSeconds[it] = closureNanos[0] / 1e9;
            evals[it] = evaluations[0];
            loss = lbfgs.lastStep().loss();
            firstLoss = it == 0 ? lbfgs.lastStep().initialLoss() : firstLoss;
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "loss %.6g -> %.6g over %d iterations%n", firstLoss, loss, iterations);
        System.out.printf(Locale.ROOT, "heap peak with the history full: %.2f GB of %.2f GB max (history alone %.2f GB)%n",
                peak / 1e9, Runtime.getRuntime().maxMemory() / 1e9, 2.0 * HISTORY * 8.0 * n / 1e9);

        // the iterations with a full history: the two-loop recursion reads 10 pairs twice
        double step = 0;
        double inClosure = 0;
        int full = 0;
        int evalCount = 0;
        for (int it = HISTORY + 1; it < iterations; it++) {
            step += seconds[it];
            inClosure += inClosureSeconds[it];
            evalCount += evals[it];
            full++;
        }
        double perIteration = (step - inClosure) / Math.max(full, 1);
        System.out.printf(Locale.ROOT, "seconds per iteration with a full history: %.3f (%.3f with the closure; %.1f evaluations)%n",
                perIteration, step / Math.max(full, 1), evalCount / (double) Math.max(full, 1));

        // streaming bandwidth on arrays of this size: a[i] = fma(b[i], s, a[i]) reads 2 and writes 1
        double[] a = new double[n];
        double[] b = start.clone();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a[i] = Math.fma(b[i], 1.0000001, a[i]);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        double bandwidth = 3.0 * 8 * n / best;
        // array passes an iteration makes outside the closure: two-loop recursion 10 per pair (dot 2 + axpy 3, twice),
        // y, s, -g (3 each) and g·d, y·s, y·y (2 each); per evaluation: x + t·d and back, the gathers (about 8)
        double passes = 10.0 * HISTORY + 9 + 6 + 8.0 * evalCount / Math.max(full, 1);
        double atBandwidth = passes * 8.0 * n / bandwidth;
        System.out.printf(Locale.ROOT, "streaming bandwidth (fma triad): %.1f GB/s; an iteration's ~%.0f array passes take %.3f s "
                + "at it: the iteration runs at %.2fx that%n", bandwidth / 1e9, passes, atBandwidth, perIteration / atBandwidth);
    }
}
