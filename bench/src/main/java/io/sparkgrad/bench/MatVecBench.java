package io.sparkgrad.bench;

import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A linear model's block: X [4096, 100] row-major times w ({@code X·w}, the forward) and its
 * transpose times g ({@code Xᵀ·g}, the backward), read in place; 2·4096·100 flops each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class MatVecBench {
    static final int ROWS = 4096;
    static final int FEATURES = 100;

    private Tensor x;
    private Tensor w;
    private Tensor g;

    @Setup
    public void setup() {
        Generator gen = new Generator(2);
        x = Tensor.randn(gen, ROWS, FEATURES);
        w = Tensor.randn(gen, FEATURES);
        g = Tensor.randn(gen, ROWS);
    }

    @Benchmark
    public Tensor xw() {
        return x.matmul(w);
    }

    @Benchmark
    public Tensor xtg() {
        return x.t().matmul(g);
    }
}
