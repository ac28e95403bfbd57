package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The strided walker against element-by-element indexing: random shapes, broadcast operands and
 * non-contiguous views (transposed, narrowed, expanded) must give what indexing every element does.
 */
class StridedTest {

    @RepeatedTest(200)
    void binaryOpsOnRandomBroadcastViewsMatchElementwiseIndexing(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        int rank = 1 + rnd.nextInt(4);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            out[d] = 1 + rnd.nextInt(4);
        }
        Tensor a = randomOperand(rnd, out);
        Tensor b = randomOperand(rnd, out);
        int[] shape = Shape.broadcast("test", a.shape(), b.shape());

        Tensor sum = a.add(b);
        Tensor max = a.maximum(b);
        Tensor sel = Tensor.where(a.gt(b), a, b.mul(2.0));
        assertArrayEquals(shape, sum.shape());
        int n = Shape.numel(shape);
        int[] index = new int[shape.length];
        for (int p = 0; p < n; p++) {
            double x = at(a, index);
            double y = at(b, index);
            assertEquals(x + y, sum.get(index), 0.0, () -> "add at " + Arrays.toString(index));
            assertEquals(Math.max(x, y), max.get(index), 0.0);
            assertEquals(x > y ? x : 2 * y, sel.get(index), 0.0);
            increment(index, shape);
        }
        // unary kernels and copies over the same views
        assertArrayEquals(Arrays.stream(a.toArray()).map(Math::exp).toArray(), a.exp().toArray(), 0.0);
        assertArrayEquals(a.toArray(), a.contiguous().toArray(), 0.0);
        assertEquals(Arrays.stream(a.toArray()).sum(), a.sum().item(), 1e-12);
    }

    /** A tensor broadcastable to {@code out}: some dims dropped or 1, built as a transposed / narrowed / expanded view. */
    private static Tensor randomOperand(Random rnd, int[] out) {
        int drop = rnd.nextInt(out.length);
        int[] shape = Arrays.copyOfRange(out, drop, out.length);
        for (int d = 0; d < shape.length; d++) {
            if (rnd.nextInt(3) == 0) {
                shape[d] = 1;
            }
        }
        Tensor t;
        switch (rnd.nextInt(4)) {
            case 0 -> t = fresh(rnd, shape);
            case 1 -> {
                // a transpose of the transposed shape
                if (shape.length >= 2) {
                    int[] swapped = shape.clone();
                    swapped[0] = shape[shape.length - 1];
                    swapped[shape.length - 1] = shape[0];
                    t = fresh(rnd, swapped).transpose(0, shape.length - 1);
                } else {
                    t = fresh(rnd, shape);
                }
            }
            case 2 -> {
                // a narrow of a larger tensor along the last dim
                int[] wider = shape.clone();
                if (wider.length > 0) {
                    wider[wider.length - 1] += 2;
                }
                t = wider.length > 0 ? fresh(rnd, wider).narrow(-1, 1, shape[shape.length - 1]) : fresh(rnd, shape);
            }
            default -> {
                // an expanded view: a size-1 dim stretched to its full size, then compared as-is
                int[] ones = shape.clone();
                int[] target = shape.clone();
                for (int d = 0; d < ones.length; d++) {
                    if (rnd.nextBoolean()) {
                        ones[d] = 1;
                    }
                }
                t = fresh(rnd, ones).expand(target);
            }
        }
        assertArrayEquals(shape, t.shape());
        return t;
    }

    private static Tensor fresh(Random rnd, int[] shape) {
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(rnd.nextGaussian() * 100) / 10.0;
        }
        return Tensor.fromArray(v, shape);
    }

    /** The element of a broadcast operand at an index of the output shape. */
    private static double at(Tensor t, int[] outIndex) {
        int[] shape = t.shape();
        int[] idx = new int[shape.length];
        int lead = outIndex.length - shape.length;
        for (int d = 0; d < shape.length; d++) {
            idx[d] = shape[d] == 1 ? 0 : outIndex[lead + d];
        }
        return t.get(idx);
    }

    private static void increment(int[] index, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    @RepeatedTest(50)
    void toArrayIntoABufferWritesTheViewsValuesAtTheOffsetOnly(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        int rank = 1 + rnd.nextInt(3);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + rnd.nextInt(4);
        }
        Tensor view = randomOperand(rnd, shape).expand(shape);
        double[] expected = view.toArray();
        int offset = rnd.nextInt(3);
        double[] buffer = new double[offset + expected.length + 2];
        Arrays.fill(buffer, -7.0);
        org.junit.jupiter.api.Assertions.assertSame(buffer, view.toArray(buffer, offset));
        for (int i = 0; i < buffer.length; i++) {
            boolean inside = i >= offset && i < offset + expected.length;
            assertEquals(inside ? expected[i - offset] : -7.0, buffer[i], 0.0, "buffer[" + i + "]");
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> view.toArray(new double[offset + expected.length + 2], offset + 3));
    }
}
