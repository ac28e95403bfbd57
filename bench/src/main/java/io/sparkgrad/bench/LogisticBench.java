package io.sparkgrad.bench;

import io.sparkgrad.nn.F;
import io.sparkgrad.nn.Reduction;
import io.sparkgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * One forward and backward pass of logistic regression over 200,000 × 100 rows held as dense
 * row-major blocks of 4096 rows, the way a Spark partition runs it ({@code PartitionGradient}):
 * per block, {@code F.linear} → binary cross-entropy of logits (sum) → {@code backward()}, and the
 * leaves' gradients added into one buffer. Against it, hand-fused loops doing the same
 * arithmetic with no tensors and no graph, in one pass over each row (the dot product, the loss
 * and its slope, and the row scaled into the gradient while it is in cache): one with the Vector
 * API (the fastest a hand-written loop gets), one in plain Java.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
public class LogisticBench {
    static final int ROWS = 200_000;
    static final int FEATURES = 100;
    static final int BLOCK_ROWS = 4096;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private double[][] blocks;
    private double[][] labels;
    private Tensor weight;
    private Tensor bias;
    private final double[] gradient = new double[FEATURES + 1];

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] truth = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            truth[j] = rnd.nextGaussian() / Math.sqrt(FEATURES);
        }
        int count = (ROWS + BLOCK_ROWS - 1) / BLOCK_ROWS;
        blocks = new double[count][];
        labels = new double[count][];
        for (int k = 0; k < count; k++) {
            int rows = Math.min(BLOCK_ROWS, ROWS - k * BLOCK_ROWS);
            blocks[k] = new double[rows * FEATURES];
            labels[k] = new double[rows];
            for (int i = 0; i < rows; i++) {
                double z = 0;
                for (int j = 0; j < FEATURES; j++) {
                    double v = rnd.nextGaussian();
                    blocks[k][i * FEATURES + j] = v;
                    z += v * truth[j];
                }
                labels[k][i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0;
            }
        }
        double[] w = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            w[j] = 0.1 * rnd.nextGaussian();
        }
        weight = Tensor.wrap(w, 1, FEATURES).requiresGrad_(true);
        bias = Tensor.scalar(0.05).reshape(1).requiresGrad_(true);
    }

    /** The engine: every block through autograd, as a Spark partition does. Returns the loss sum. */
    @Benchmark
    public double autograd() {
        java.util.Arrays.fill(gradient, 0.0);
        double total = 0;
        for (int k = 0; k < blocks.length; k++) {
            int rows = labels[k].length;
            Tensor x = Tensor.wrap(blocks[k], rows, FEATURES);
            Tensor y = Tensor.wrap(labels[k], rows);
            Tensor z = F.linear(x, weight, bias).reshape(rows);
            Tensor loss = F.binaryCrossEntropyWithLogits(z, y, Reduction.SUM);
            loss.backward();
            total += loss.item();
            double[] gw = weight.grad().toArray();
            for (int j = 0; j < FEATURES; j++) {
                gradient[j] += gw[j];
            }
            gradient[FEATURES] += bias.grad().item();
            weight.setGrad(null);
            bias.setGrad(null);
        }
        return total + gradient[0];
    }

    /** The same arithmetic in one pass per row with the Vector API: the dot in 8 lanes, the slope, the row scaled into the gradient. */
    @Benchmark
    public double handFusedVector() {
        double[] w = weight.toArray();
        double b = bias.item();
        double[] gw = new double[FEATURES];
        double gb = 0;
        double total = 0;
        int full = S.loopBound(FEATURES);
        for (int k = 0; k < blocks.length; k++) {
            double[] x = blocks[k];
            double[] y = labels[k];
            for (int i = 0; i < y.length; i++) {
                int row = i * FEATURES;
                DoubleVector acc = DoubleVector.zero(S);
                for (int p = 0; p < full; p += S.length()) {
                    acc = DoubleVector.fromArray(S, x, row + p).fma(DoubleVector.fromArray(S, w, p), acc);
                }
                // the tail in scalar code: masked vector loads are slow on JDK 17
                double z = acc.reduceLanes(VectorOperators.ADD) + b;
                for (int p = full; p < FEATURES; p++) {
                    z = Math.fma(x[row + p], w[p], z);
                }
                double slope = lossAndSlope(z, y[i]);
                total += loss;
                DoubleVector s = DoubleVector.broadcast(S, slope);
                for (int p = 0; p < full; p += S.length()) {
                    s.fma(DoubleVector.fromArray(S, x, row + p), DoubleVector.fromArray(S, gw, p)).intoArray(gw, p);
                }
                for (int p = full; p < FEATURES; p++) {
                    gw[p] = Math.fma(slope, x[row + p], gw[p]);
                }
                gb += slope;
            }
        }
        return total + gw[0] + gb;
    }

    /** The same one-pass loop in plain Java: eight partial sums for the dot (the JIT does not reorder a sum). */
    @Benchmark
    public double handFusedScalar() {
        double[] w = weight.toArray();
        double b = bias.item();
        double[] gw = new double[FEATURES];
        double gb = 0;
        double total = 0;
        int full = FEATURES & ~7;
        for (int k = 0; k < blocks.length; k++) {
            double[] x = blocks[k];
            double[] y = labels[k];
            for (int i = 0; i < y.length; i++) {
                int row = i * FEATURES;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                int p = 0;
                for (; p < full; p += 8) {
                    s0 = Math.fma(x[row + p], w[p], s0);
                    s1 = Math.fma(x[row + p + 1], w[p + 1], s1);
                    s2 = Math.fma(x[row + p + 2], w[p + 2], s2);
                    s3 = Math.fma(x[row + p + 3], w[p + 3], s3);
                    s4 = Math.fma(x[row + p + 4], w[p + 4], s4);
                    s5 = Math.fma(x[row + p + 5], w[p + 5], s5);
                    s6 = Math.fma(x[row + p + 6], w[p + 6], s6);
                    s7 = Math.fma(x[row + p + 7], w[p + 7], s7);
                }
                for (; p < FEATURES; p++) {
                    s0 = Math.fma(x[row + p], w[p], s0);
                }
                double z = ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7)) + b;
                double slope = lossAndSlope(z, y[i]);
                total += loss;
                for (p = 0; p < FEATURES; p++) {
                    gw[p] = Math.fma(slope, x[row + p], gw[p]);
                }
                gb += slope;
            }
        }
        return total + gw[0] + gb;
    }

    /** The loss of the last {@link #lossAndSlope} call (a field, so the hot loop allocates nothing). */
    private double loss;

    /** The engine's formulas: loss z·c + log1p(e) and slope c ∓ e / (1 + e), e = exp(−|z|), c = 1 − y − [z < 0]. */
    private double lossAndSlope(double z, double y) {
        boolean negative = z < 0.0;
        double c = (1.0 - y) - (negative ? 1.0 : 0.0);
        double e = Math.exp(negative ? z : -z);
        loss = z * c + Math.log1p(e);
        double q = e / (1.0 + e);
        return c + (negative ? q : -q);
    }
}
