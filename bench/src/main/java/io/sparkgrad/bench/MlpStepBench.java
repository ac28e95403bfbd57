package io.sparkgrad.bench;

import io.sparkgrad.nn.F;
import io.sparkgrad.nn.Linear;
import io.sparkgrad.nn.ReLU;
import io.sparkgrad.nn.Sequential;
import io.sparkgrad.optim.Adam;
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

/**
 * One training step of a two-layer MLP, exactly as {@code bench/reference.py} runs it in PyTorch:
 * zero the gradients, Linear → ReLU → Linear, mean cross-entropy against class indices,
 * backward, Adam (lr 1e-3). The shape is "batch:in:hidden:classes".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class MlpStepBench {
    @Param({"256:64:128:10", "1024:784:256:10"})
    public String shape;

    private Sequential model;
    private Adam optimizer;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setup() {
        String[] dims = shape.split(":");
        int batch = Integer.parseInt(dims[0]);
        int in = Integer.parseInt(dims[1]);
        int hidden = Integer.parseInt(dims[2]);
        int classes = Integer.parseInt(dims[3]);
        Generator gen = new Generator(0);
        model = new Sequential(new Linear(in, hidden, gen), new ReLU(), new Linear(hidden, classes, gen));
        optimizer = new Adam(model.parameters(), 1e-3);
        x = Tensor.randn(gen, batch, in);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = Math.floor(gen.nextDouble() * classes);
        }
        y = Tensor.wrap(labels, batch);
    }

    @Benchmark
    public Tensor trainStep() {
        optimizer.zeroGrad();
        Tensor loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss;
    }
}
