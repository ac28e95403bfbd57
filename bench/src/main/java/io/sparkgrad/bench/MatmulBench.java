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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@code a.matmul(b)} for n×n float64 matrices; compare.sh turns the time into GFLOPS (2n³ flops). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class MatmulBench {
    @Param({"256", "1024"})
    public int n;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        Generator gen = new Generator(1);
        a = Tensor.randn(gen, n, n);
        b = Tensor.randn(gen, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}
