package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.sparkgrad.tensor.Fused;
import io.sparkgrad.tensor.Generator;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The op matrix: every differentiable op passes {@link GradCheck#gradcheck} and
 * {@link GradCheck#gradgradcheck} on scalar, vector and matrix shapes, and binary ops on
 * broadcast pairs. Inputs are drawn away from kinks (abs, relu, clamp, max ties) and from the
 * edges of domains (log, sqrt), where central differences are meaningless.
 */
class OpGradcheckTest {
    private static final int[] SCALAR = {};
    private static final int[] VECTOR = {5};
    private static final int[] MATRIX = {3, 5};
    private static final int[][] SHAPES = {SCALAR, VECTOR, MATRIX};
    /** Same-shape pairs, a scalar operand, and two broadcast pairs that grow both operands. */
    private static final int[][][] PAIRS = {
        {SCALAR, SCALAR}, {VECTOR, VECTOR}, {MATRIX, MATRIX}, {MATRIX, SCALAR}, {{3, 1, 5}, {4, 5}},
        {{4, 1}, {3, 1, 5}},
    };

    /** One op applied to fresh inputs; inputs are built anew for every check. */
    private record Case(String name, Function<Tensor[], Tensor> fn, Supplier<Tensor[]> inputs) {
    }

    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return cases().stream().map(c -> dynamicTest(c.name(),
                () -> assertTrue(GradCheck.gradcheck(c.fn(), c.inputs().get()))));
    }

    @TestFactory
    Stream<DynamicTest> gradgradcheck() {
        return cases().stream().map(c -> dynamicTest(c.name(),
                () -> assertTrue(GradCheck.gradgradcheck(c.fn(), c.inputs().get()))));
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        unary(cases, "neg", Tensor::neg, OpGradcheckTest::anywhere);
        unary(cases, "exp", Tensor::exp, OpGradcheckTest::anywhere);
        unary(cases, "log", Tensor::log, OpGradcheckTest::positive);
        unary(cases, "log1p", Tensor::log1p, OpGradcheckTest::positive);
        unary(cases, "sqrt", Tensor::sqrt, OpGradcheckTest::positive);
        unary(cases, "abs", Tensor::abs, OpGradcheckTest::awayFromZero);
        unary(cases, "sin", Tensor::sin, OpGradcheckTest::anywhere);
        unary(cases, "cos", Tensor::cos, OpGradcheckTest::anywhere);
        unary(cases, "tanh", Tensor::tanh, OpGradcheckTest::anywhere);
        unary(cases, "sigmoid", Tensor::sigmoid, OpGradcheckTest::anywhere);
        unary(cases, "relu", Tensor::relu, OpGradcheckTest::awayFromZero);
        unary(cases, "clamp(-0.5, 0.5)", x -> x.clamp(-0.5, 0.5),
                s -> leaf(s, v -> nudge(nudge(v, -0.5), 0.5)));
        unary(cases, "clampMin(0.2)", x -> x.clampMin(0.2), s -> leaf(s, v -> nudge(v, 0.2)));
        unary(cases, "pow(2)", x -> x.pow(2.0), OpGradcheckTest::anywhere);
        unary(cases, "pow(3)", x -> x.pow(3.0), OpGradcheckTest::anywhere);
        unary(cases, "pow(0.5)", x -> x.pow(0.5), OpGradcheckTest::positive);
        unary(cases, "pow(-1.5)", x -> x.pow(-1.5), OpGradcheckTest::positive);
        unary(cases, "pow(0)", x -> x.pow(0.0), OpGradcheckTest::anywhere);
        unary(cases, "add(scalar)", x -> x.add(2.5), OpGradcheckTest::anywhere);
        unary(cases, "mul(scalar)", x -> x.mul(-1.5), OpGradcheckTest::anywhere);
        unary(cases, "div(scalar)", x -> x.div(4.0), OpGradcheckTest::anywhere);
        unary(cases, "clone", Tensor::clone, OpGradcheckTest::anywhere);
        unary(cases, "erf", Tensor::erf, OpGradcheckTest::anywhere);

        binary(cases, "add", Tensor::add, OpGradcheckTest::anywhere, OpGradcheckTest::anywhere);
        binary(cases, "sub", Tensor::sub, OpGradcheckTest::anywhere, OpGradcheckTest::anywhere);
        binary(cases, "mul", Tensor::mul, OpGradcheckTest::anywhere, OpGradcheckTest::anywhere);
        binary(cases, "div", Tensor::div, OpGradcheckTest::anywhere, OpGradcheckTest::positive);
        binary(cases, "pow(tensor)", Tensor::pow, OpGradcheckTest::positive, OpGradcheckTest::anywhere);
        // distinct seeds make ties impossible; gradcheck steps are far smaller than any gap
        binary(cases, "maximum", Tensor::maximum, OpGradcheckTest::anywhere, OpGradcheckTest::anywhere);
        binary(cases, "minimum", Tensor::minimum, OpGradcheckTest::anywhere, OpGradcheckTest::anywhere);
        for (int[][] pair : PAIRS) {
            int[] out = Shape.broadcast("where", pair[0], pair[1]);
            Tensor cond = leaf(out, v -> v > 0 ? 1.0 : 0.0).requiresGrad_(false);
            cases.add(new Case("where " + shapes(pair[0], pair[1]),
                    x -> Tensor.where(cond, x[0], x[1]), () -> new Tensor[] {anywhere(pair[0]), anywhere(pair[1], 7)}));
        }

        reductions(cases);
        linalg(cases);
        views(cases);
        indexing(cases);
        stridedOperands(cases);
        fused(cases);
        factorInteractions(cases);
        return cases;
    }

    /** The fused primitives and their backward primitives (differentiable again, so gradgradcheck covers them). */
    private static void fused(List<Case> cases) {
        cases.add(new Case("linear [3, 4] x [2, 4] + [2]", x -> Fused.linear(x[0], x[1], x[2]),
                () -> new Tensor[] {anywhere(new int[] {3, 4}), anywhere(new int[] {2, 4}, 7), anywhere(new int[] {2}, 9)}));
        cases.add(new Case("linear [4] x [2, 4] + [2]", x -> Fused.linear(x[0], x[1], x[2]),
                () -> new Tensor[] {anywhere(new int[] {4}), anywhere(new int[] {2, 4}, 7), anywhere(new int[] {2}, 9)}));
        cases.add(new Case("linear [2, 3, 4] x [5, 4] + [5]", x -> Fused.linear(x[0], x[1], x[2]),
                () -> new Tensor[] {anywhere(new int[] {2, 3, 4}), anywhere(new int[] {5, 4}, 7),
                    anywhere(new int[] {5}, 9)}));
        cases.add(new Case("linear of a transposed input and weight", x -> Fused.linear(x[0].t(), x[1].t(), x[2]),
                () -> new Tensor[] {anywhere(new int[] {4, 3}), anywhere(new int[] {4, 2}, 7), anywhere(new int[] {2}, 9)}));
        for (int[] shape : SHAPES) {
            cases.add(new Case("binaryCrossEntropyWithLogits " + Shape.format(shape),
                    x -> Fused.binaryCrossEntropyWithLogits(x[0].mul(4.0), x[1]),
                    () -> new Tensor[] {anywhere(shape), leaf(shape, 7, v -> (v + 1.5) / 3.0)}));
            cases.add(new Case("binaryCrossEntropyWithLogitsBackward " + Shape.format(shape),
                    x -> Fused.binaryCrossEntropyWithLogitsBackward(x[0], x[1].mul(4.0), x[2]),
                    () -> new Tensor[] {anywhere(shape, 3), anywhere(shape), leaf(shape, 7, v -> (v + 1.5) / 3.0)}));
            cases.add(new Case("sigmoid backward " + Shape.format(shape),
                    x -> Fused.activationBackward(Fused.Activation.SIGMOID, x[0], x[1].sigmoid()),
                    () -> new Tensor[] {anywhere(shape, 3), anywhere(shape)}));
            cases.add(new Case("tanh backward " + Shape.format(shape),
                    x -> Fused.activationBackward(Fused.Activation.TANH, x[0], x[1].tanh()),
                    () -> new Tensor[] {anywhere(shape, 3), anywhere(shape)}));
            cases.add(new Case("relu backward " + Shape.format(shape),
                    x -> Fused.activationBackward(Fused.Activation.RELU, x[0], awayFromZero(shape).relu()),
                    () -> new Tensor[] {anywhere(shape, 3)}));
        }
        cases.add(new Case("sigmoid backward of a broadcast gradient [5] to [3, 5]",
                x -> Fused.activationBackward(Fused.Activation.SIGMOID, x[0], x[1].sigmoid()),
                () -> new Tensor[] {anywhere(VECTOR, 3), anywhere(MATRIX)}));
        // one ignored sample (-1) and unequal class weights
        Tensor target = Tensor.of(2, -1, 0, 4);
        Tensor weight = Tensor.of(0.5, 0, 2, 1);
        cases.add(new Case("crossEntropy [4, 5]", x -> Fused.crossEntropy(x[0].mul(3.0), target, weight),
                () -> new Tensor[] {anywhere(new int[] {4, 5})}));
        cases.add(new Case("crossEntropyBackward [4, 5]",
                x -> Fused.crossEntropyBackward(x[0], x[1].mul(3.0), target, weight),
                () -> new Tensor[] {anywhere(new int[] {4}, 3), anywhere(new int[] {4, 5})}));
        cases.add(new Case("crossEntropyBackward of a scalar gradient",
                x -> Fused.crossEntropyBackward(x[0], x[1].mul(3.0), target, weight),
                () -> new Tensor[] {anywhere(SCALAR, 3), anywhere(new int[] {4, 5})}));
    }

    /** A factorization machine's pairwise term of CSR rows (a constant) and of dense rows, and its backward primitive. */
    private static void factorInteractions(List<Case> cases) {
        // an empty row, a row with one entry (no pairs), a zero stored in the dense rows' CSR form is skipped
        SparseMatrix x = SparseMatrix.csr(4, 6, new int[] {0, 3, 3, 4, 8}, new int[] {0, 2, 5, 1, 0, 1, 3, 4},
                new double[] {1.5, -0.7, 2.0, 0.9, -1.1, 0.4, 1.3, -0.6});
        cases.add(new Case("factorInteractions of CSR rows [4, 6] x [6, 3]", v -> Fused.factorInteractions(x, v[0]),
                () -> new Tensor[] {anywhere(new int[] {6, 3})}));
        cases.add(new Case("factorInteractions of CSR rows, summed over factors",
                v -> Fused.factorInteractions(x, v[0]).sum(1, false), () -> new Tensor[] {anywhere(new int[] {6, 3})}));
        cases.add(new Case("factorInteractions of dense rows [3, 5] x [5, 2]", t -> Fused.factorInteractions(t[0], t[1]),
                () -> new Tensor[] {anywhere(MATRIX), anywhere(new int[] {5, 2}, 7)}));
        cases.add(new Case("factorInteractions of dense rows, the factors only",
                t -> Fused.factorInteractions(x.toDense(), t[0]), () -> new Tensor[] {anywhere(new int[] {6, 3}, 7)}));
        cases.add(new Case("factorInteractionsBackward [4, 3] -> [6, 3]", t -> {
            Tensor sums;
            try (var off = GradMode.noGrad()) {
                sums = x.matmul(t[1]);
            }
            return Fused.factorInteractionsBackward(t[0], x, t[1], sums);
        }, () -> new Tensor[] {anywhere(new int[] {4, 3}, 3), anywhere(new int[] {6, 3})}));
    }

    /** Kernels fed non-contiguous views (transposed, narrowed, expanded) rather than fresh tensors. */
    private static void stridedOperands(List<Case> cases) {
        single(cases, "exp of a transposed matrix", x -> x.t().exp(), MATRIX);
        single(cases, "softmax(1) of a transposed matrix", x -> x.t().softmax(1), MATRIX);
        single(cases, "logSoftmax(0) of a narrowed matrix", x -> x.narrow(1, 1, 3).logSoftmax(0), MATRIX);
        single(cases, "max(1) of a transposed matrix", x -> x.t().max(1, false), MATRIX);
        single(cases, "sum({0, 2}) of a transposed 3-d tensor", x -> x.transpose(0, 1).sum(new int[] {0, 2}, false),
                new int[] {2, 3, 4});
        single(cases, "gather(0) of a transposed matrix", x -> x.t().gather(0, Tensor.of(new double[][] {{4, 0, 2}})),
                MATRIX);
        single(cases, "cat of a transposed and a narrowed view", x -> Tensor.cat(0, x.narrow(0, 0, 2).t(),
                x.t().narrow(1, 1, 2)), new int[] {3, 3});
        cases.add(new Case("mul of a transposed and an expanded operand", x -> x[0].t().mul(x[1].expand(5, 3)),
                () -> new Tensor[] {anywhere(MATRIX), anywhere(new int[] {3}, 7)}));
        cases.add(new Case("matmul of transposed operands", x -> x[0].t().matmul(x[1].t()),
                () -> new Tensor[] {anywhere(new int[] {4, 3}), anywhere(new int[] {2, 4}, 7)}));
        cases.add(new Case("where with a transposed branch", x -> Tensor.where(x[1].gt(0.0), x[0].t(), x[1]),
                () -> new Tensor[] {anywhere(new int[] {5, 3}), anywhere(MATRIX, 7)}));
    }

    private static void reductions(List<Case> cases) {
        unary(cases, "sum()", Tensor::sum, OpGradcheckTest::anywhere);
        unary(cases, "mean()", Tensor::mean, OpGradcheckTest::anywhere);
        unary(cases, "max()", Tensor::max, OpGradcheckTest::anywhere);
        unary(cases, "min()", Tensor::min, OpGradcheckTest::anywhere);
        for (boolean keepdim : new boolean[] {false, true}) {
            unary(cases, "sum(0, " + keepdim + ")", x -> x.sum(0, keepdim), OpGradcheckTest::anywhere);
            unary(cases, "mean(0, " + keepdim + ")", x -> x.mean(0, keepdim), OpGradcheckTest::anywhere);
            unary(cases, "max(0, " + keepdim + ")", x -> x.max(0, keepdim), OpGradcheckTest::anywhere);
            unary(cases, "min(0, " + keepdim + ")", x -> x.min(0, keepdim), OpGradcheckTest::anywhere);
            single(cases, "sum(-1, " + keepdim + ")", x -> x.sum(-1, keepdim), MATRIX);
            single(cases, "mean(-1, " + keepdim + ")", x -> x.mean(-1, keepdim), MATRIX);
            single(cases, "max(1, " + keepdim + ")", x -> x.max(1, keepdim), MATRIX);
            single(cases, "min(1, " + keepdim + ")", x -> x.min(1, keepdim), MATRIX);
            single(cases, "sum({0, 2}, " + keepdim + ")", x -> x.sum(new int[] {0, 2}, keepdim), new int[] {2, 3, 4});
            single(cases, "mean({0, 2}, " + keepdim + ")", x -> x.mean(new int[] {0, 2}, keepdim),
                    new int[] {2, 3, 4});
        }
        unary(cases, "softmax(0)", x -> x.softmax(0), OpGradcheckTest::anywhere);
        unary(cases, "logSoftmax(0)", x -> x.logSoftmax(0), OpGradcheckTest::anywhere);
        single(cases, "softmax(1)", x -> x.softmax(1), MATRIX);
        single(cases, "logSoftmax(-1)", x -> x.logSoftmax(-1), MATRIX);
        single(cases, "softmax(1)", x -> x.softmax(1), new int[] {2, 3, 4});
    }

    private static void linalg(List<Case> cases) {
        int[][][] matmulPairs = {
            {{4}, {4}}, {{3, 4}, {4}}, {{4}, {4, 2}}, {{3, 4}, {4, 2}}, {{2, 3, 4}, {4, 2}}, {{3, 4}, {2, 4, 5}},
            {{4}, {2, 4, 3}}, {{2, 3, 4}, {4}}, {{2, 1, 3, 4}, {5, 4, 2}},
        };
        for (int[][] pair : matmulPairs) {
            cases.add(new Case("matmul " + shapes(pair[0], pair[1]), x -> x[0].matmul(x[1]),
                    () -> new Tensor[] {anywhere(pair[0]), anywhere(pair[1], 7)}));
        }
        cases.add(new Case("mm [3, 4] x [4, 2]", x -> x[0].mm(x[1]),
                () -> new Tensor[] {anywhere(new int[] {3, 4}), anywhere(new int[] {4, 2}, 7)}));
        cases.add(new Case("mm of a transposed operand [4, 3]^T x [4, 2]", x -> x[0].t().mm(x[1]),
                () -> new Tensor[] {anywhere(new int[] {4, 3}), anywhere(new int[] {4, 2}, 7)}));
    }

    private static void views(List<Case> cases) {
        unary(cases, "t", Tensor::t, OpGradcheckTest::anywhere);
        unary(cases, "reshape(-1)", x -> x.reshape(-1), OpGradcheckTest::anywhere);
        unary(cases, "view(-1)", x -> x.view(-1), OpGradcheckTest::anywhere);
        unary(cases, "unsqueeze(0)", x -> x.unsqueeze(0), OpGradcheckTest::anywhere);
        unary(cases, "unsqueeze(-1)", x -> x.unsqueeze(-1), OpGradcheckTest::anywhere);
        unary(cases, "squeeze()", x -> x.unsqueeze(0).squeeze(), OpGradcheckTest::anywhere);
        unary(cases, "expand to [2, 3, 5]", x -> x.expand(2, 3, 5), OpGradcheckTest::anywhere);
        unary(cases, "transpose(0, -1)", x -> x.transpose(0, -1), OpGradcheckTest::anywhere);
        single(cases, "transpose(0, 2)", x -> x.transpose(0, 2), new int[] {2, 3, 4});
        single(cases, "reshape(5, 3)", x -> x.reshape(5, 3), MATRIX);
        single(cases, "reshape of a transposed tensor (copies)", x -> x.t().reshape(15), MATRIX);
        single(cases, "view(5, 3)", x -> x.view(5, 3), MATRIX);
        single(cases, "view(1, 15, 1)", x -> x.view(1, 15, 1), MATRIX);
        single(cases, "squeeze(1)", x -> x.squeeze(1), new int[] {3, 1, 5});
        single(cases, "expand [3, 1] to [2, 3, 4]", x -> x.expand(2, 3, 4), new int[] {3, 1});
        single(cases, "expand(-1, 4)", x -> x.expand(-1, 4), new int[] {3, 1});
        single(cases, "select(0, 1)", x -> x.select(0, 1), VECTOR);
        single(cases, "select(0, 2)", x -> x.select(0, 2), MATRIX);
        single(cases, "select(1, -1)", x -> x.select(1, -1), MATRIX);
        single(cases, "narrow(0, 1, 3)", x -> x.narrow(0, 1, 3), VECTOR);
        single(cases, "narrow(1, 2, 2)", x -> x.narrow(1, 2, 2), MATRIX);
        single(cases, "narrow(0, 1, 2) then transposed", x -> x.narrow(0, 1, 2).t(), MATRIX);
    }

    private static void indexing(List<Case> cases) {
        Tensor rowIndex = Tensor.of(new double[][] {{4, 0}, {1, 1}, {2, 3}});
        single(cases, "gather(1) with repeated indices", x -> x.gather(1, rowIndex), MATRIX);
        Tensor colIndex = Tensor.of(new double[][] {{2, 0, 1, 1, 0}, {0, 0, 2, 1, 2}});
        single(cases, "gather(0)", x -> x.gather(0, colIndex), MATRIX);
        single(cases, "gather(0) of a vector", x -> x.gather(0, Tensor.of(3, 3, 0, 4)), VECTOR);
        cases.add(new Case("scatterAdd(0) [3, 5] <- [2, 5]", x -> x[0].scatterAdd(0, colIndex, x[1]),
                () -> new Tensor[] {anywhere(MATRIX), anywhere(new int[] {2, 5}, 7)}));
        cases.add(new Case("scatterAdd(1) [3, 5] <- [3, 2]", x -> x[0].scatterAdd(1, rowIndex, x[1]),
                () -> new Tensor[] {anywhere(MATRIX), anywhere(new int[] {3, 2}, 7)}));
        cases.add(new Case("sliceScatter(1, 2) [3, 5] <- [3, 2]", x -> x[0].sliceScatter(x[1], 1, 2),
                () -> new Tensor[] {anywhere(MATRIX), anywhere(new int[] {3, 2}, 7)}));
        cases.add(new Case("sliceScatter(0, 0) [5] <- [2]", x -> x[0].sliceScatter(x[1], 0, 0),
                () -> new Tensor[] {anywhere(VECTOR), anywhere(new int[] {2}, 7)}));
        cases.add(new Case("cat(0) [2, 5], [3, 5]", x -> Tensor.cat(0, x[0], x[1]),
                () -> new Tensor[] {anywhere(new int[] {2, 5}), anywhere(MATRIX, 7)}));
        cases.add(new Case("cat(-1) [3, 2], [3, 5], [3, 1]", x -> Tensor.cat(-1, x[0], x[1], x[2]),
                () -> new Tensor[] {anywhere(new int[] {3, 2}), anywhere(MATRIX, 7), anywhere(new int[] {3, 1}, 9)}));
        cases.add(new Case("cat(0) [5], [2]", x -> Tensor.cat(0, x[0], x[1]),
                () -> new Tensor[] {anywhere(VECTOR), anywhere(new int[] {2}, 7)}));
        for (int[] shape : SHAPES) {
            for (int dim : new int[] {0, -1}) {
                cases.add(new Case("stack(" + dim + ") " + shapes(shape, shape), x -> Tensor.stack(dim, x[0], x[1]),
                        () -> new Tensor[] {anywhere(shape), anywhere(shape, 7)}));
            }
        }
    }

    // ---------------------------------------------------------------- case builders

    private static void unary(List<Case> cases, String name, Function<Tensor, Tensor> op,
            Function<int[], Tensor> input) {
        for (int[] shape : SHAPES) {
            cases.add(new Case(name + " " + Shape.format(shape), x -> op.apply(x[0]),
                    () -> new Tensor[] {input.apply(shape)}));
        }
    }

    private static void single(List<Case> cases, String name, Function<Tensor, Tensor> op, int[] shape) {
        cases.add(new Case(name + " " + Shape.format(shape), x -> op.apply(x[0]),
                () -> new Tensor[] {anywhere(shape)}));
    }

    private static void binary(List<Case> cases, String name, Function2 op, Function<int[], Tensor> left,
            Function<int[], Tensor> right) {
        for (int[][] pair : PAIRS) {
            cases.add(new Case(name + " " + shapes(pair[0], pair[1]), x -> op.apply(x[0], x[1]),
                    () -> new Tensor[] {left.apply(pair[0]), shifted(right.apply(pair[1]))}));
        }
    }

    private interface Function2 {
        Tensor apply(Tensor a, Tensor b);
    }

    private static String shapes(int[] a, int[] b) {
        return Shape.format(a) + " x " + Shape.format(b);
    }

    // ---------------------------------------------------------------- inputs

    /** Values in [-1.5, 1.5), reproducible from the shape. */
    static Tensor anywhere(int[] shape) {
        return anywhere(shape, 1);
    }

    static Tensor anywhere(int[] shape, long seed) {
        return leaf(shape, seed, v -> v);
    }

    static Tensor positive(int[] shape) {
        return leaf(shape, v -> 0.6 + Math.abs(v));
    }

    static Tensor awayFromZero(int[] shape) {
        return leaf(shape, v -> nudge(v, 0.0));
    }

    /** Moves v at least 0.1 away from a kink at k. */
    private static double nudge(double v, double k) {
        return Math.abs(v - k) < 0.1 ? k + Math.copySign(0.1, v - k) + (v - k) : v;
    }

    private static Tensor leaf(int[] shape, DoubleUnaryOperator f) {
        return leaf(shape, 1, f);
    }

    private static Tensor leaf(int[] shape, long seed, DoubleUnaryOperator f) {
        double[] u = Tensor.rand(new Generator(seed * 1000 + Arrays.hashCode(shape)), shape).toArray();
        double[] v = Arrays.stream(u).map(x -> f.applyAsDouble(3.0 * x - 1.5)).toArray();
        return Tensor.fromArray(v, shape).requiresGrad_(true);
    }

    /** The second operand of a binary op: the draw reversed and shifted, so max / min never tie. */
    private static Tensor shifted(Tensor t) {
        double[] v = t.toArray();
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i] + 0.0371;
        }
        return Tensor.fromArray(r, t.shape()).requiresGrad_(true);
    }
}
