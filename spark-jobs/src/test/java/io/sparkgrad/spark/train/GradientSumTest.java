package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sparse partial gradients give the very bits of the dense merge they replace: the dense
 * reference here is today's path written out with plain arrays (each partial is +0.0 plus its
 * gradient, partials added left + right in a fixed tree), the candidate is {@link GradientSum}
 * choosing sparse or dense per partial and per merge.
 */
class GradientSumTest {
    /** Leaves of a wide first layer, a small dense layer and a bias. */
    private static final int[] OFFSETS = {0, 4000, 4100};
    private static final int[] LENGTHS = {4000, 100, 1};
    private static final int SIZE = 4101;

    /** One partition's per-leaf gradients: {@code touched} entries of the wide leaf, every entry of the others. */
    private static double[][] partition(SplittableRandom rng, double touched, boolean allZero) {
        double[][] g = new double[3][];
        if (allZero) {
            return new double[][] {new double[4000], null, new double[1]}; // touched nothing, a leaf never reached
        }
        for (int p = 0; p < 3; p++) {
            g[p] = new double[LENGTHS[p]];
            double fraction = p == 0 ? touched : 1.0;
            for (int i = 0; i < g[p].length; i++) {
                if (rng.nextDouble() < fraction) {
                    double u = rng.nextDouble();
                    // explicit ±0.0 from autograd, exact small values that cancel across partitions, and noise
                    g[p][i] = u < 0.1 ? -0.0 : u < 0.15 ? 0.0 : u < 0.45 ? (rng.nextBoolean() ? 0.5 : -0.5)
                            : rng.nextDouble(-1, 1) * Math.pow(2, rng.nextInt(-30, 30));
                }
            }
        }
        return g;
    }

    private static double[] denseReference(double[][] g) {
        double[] acc = new double[SIZE];
        for (int p = 0; p < g.length; p++) {
            if (g[p] != null) {
                for (int i = 0; i < g[p].length; i++) {
                    acc[OFFSETS[p] + i] += g[p][i];
                }
            }
        }
        return acc;
    }

    private static GradientSum partial(double[][] g) {
        GradientSum s = new GradientSum(SIZE);
        s.addLoss(1.0, 10, 10.0);
        s.setGradient(OFFSETS, g);
        return s;
    }

    /** The ordered tree's shape: groups of {@code scale} consecutive partials merged in order, then the rest in order. */
    private static <T> T tree(List<T> partials, int scale, java.util.function.BinaryOperator<T> merge) {
        List<T> level = partials;
        while (scale > 0 && level.size() > scale + 1) {
            List<T> next = new ArrayList<>();
            for (int s = 0; s < level.size(); s += scale) {
                T acc = level.get(s);
                for (int k = s + 1; k < Math.min(s + scale, level.size()); k++) {
                    acc = merge.apply(acc, level.get(k));
                }
                next.add(acc);
            }
            level = next;
        }
        T acc = level.get(0);
        for (int k = 1; k < level.size(); k++) {
            acc = merge.apply(acc, level.get(k));
        }
        return acc;
    }

    private static double[] add(double[] left, double[] right) {
        for (int i = 0; i < left.length; i++) {
            left[i] += right[i];
        }
        return left;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + ", the dense merge gives " + expected[i]);
            }
        }
    }

    @Test
    void mergedSparseAndDensePartialsGiveTheDenseMergesBits() {
        double[] fractions = {0.0005, 0.002, 0.01, 0.05, 0.2, 0.3, 0.9};
        for (int scale : new int[] {0, 2, 3, 5}) {
            for (long seed = 1; seed <= 6; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                List<double[][]> grads = new ArrayList<>();
                for (int k = 0; k < 17; k++) {
                    grads.add(partition(rng, fractions[(int) ((k + seed) % fractions.length)], k % 7 == 3));
                }
                List<double[]> dense = new ArrayList<>();
                List<GradientSum> sums = new ArrayList<>();
                for (double[][] g : grads) {
                    dense.add(denseReference(g));
                    sums.add(partial(g));
                }
                double[] expected = tree(dense, scale, GradientSumTest::add);
                GradientSum actual = tree(sums, scale, GradientSum::merge);
                assertSameBits(expected, actual.gradientSum(), "scale " + scale + ", seed " + seed);
                assertEquals(170, actual.rows());
                assertEquals(17.0, actual.lossSum());
                assertSameBits(expected, actual.releaseGradient(), "released");
            }
        }
    }

    @Test
    void negativeZeroIsTheDenseSumsPositiveZero() {
        double[][] g = {new double[4000], new double[100], new double[] {-0.0}};
        g[0][7] = -0.0;
        g[0][9] = 3.0;
        GradientSum left = partial(g);
        assertTrue(left.isSparse());
        assertEquals(1, left.storedEntries(), "±0.0 entries are not stored");
        double[] alone = left.gradientSum();
        assertEquals(0L, Double.doubleToRawLongBits(alone[7]), "0.0 + -0.0 is +0.0 in the dense sum");
        assertEquals(0L, Double.doubleToRawLongBits(alone[4100]));

        // x + (−x) = +0.0, and −0.0 never comes out of a sum: merged with a dense partial that has -3.0
        double[][] h = partition(new SplittableRandom(3), 1.0, false);
        h[0][9] = -3.0;
        h[0][7] = -0.0;
        double[] expected = add(denseReference(g), denseReference(h));
        GradientSum merged = partial(g).merge(partial(h));
        assertFalse(merged.isSparse());
        assertSameBits(expected, merged.gradientSum(), "sparse + dense");
        assertSameBits(add(denseReference(h), denseReference(g)), partial(h).merge(partial(g)).gradientSum(), "dense + sparse");

        // two sparse partials that cancel exactly: the entry is dropped, the sum reads +0.0
        double[][] c = {new double[4000], null, null};
        c[0][9] = -3.0;
        GradientSum cancelled = partial(g).merge(partial(c));
        assertTrue(cancelled.isSparse());
        assertEquals(0, cancelled.storedEntries());
        assertEquals(0L, Double.doubleToRawLongBits(cancelled.gradientSum()[9]));
    }

    @Test
    void allZeroPartitionsAndEmptySumsMergeToZeros() {
        GradientSum empty = new GradientSum(SIZE);
        GradientSum zeros = partial(new double[][] {new double[4000], null, new double[1]});
        assertTrue(zeros.isSparse());
        assertEquals(0, zeros.gradientBytes());
        GradientSum merged = empty.merge(zeros).merge(new GradientSum(SIZE));
        assertSameBits(new double[SIZE], merged.gradientSum(), "all zero");
        assertSameBits(new double[SIZE], merged.releaseGradient(), "all zero, released");
    }

    @Test
    void aPartialIsSparseUpToTheThresholdAndTreeLevelsTurnDenseWhenLarger() {
        int wide = (int) (GradientSum.DENSE_ABOVE_FRACTION * SIZE);
        double[][] g = {new double[4000], null, null};
        for (int i = 0; i < wide; i++) {
            g[0][i * 2] = 1.0;
        }
        GradientSum atThreshold = partial(g);
        assertTrue(atThreshold.isSparse());
        assertEquals(12L * wide, atThreshold.gradientBytes());
        assertTrue(atThreshold.gradientBytes() < 8L * SIZE / 2);
        g[0][1] = 1.0;
        GradientSum above = partial(g);
        assertFalse(above.isSparse());
        assertEquals(8L * SIZE, above.gradientBytes());

        // two partials of 60% of the threshold each on disjoint entries: their sum passes it and is dense
        double[][] a = {new double[4000], null, null};
        double[][] b = {new double[4000], null, null};
        for (int i = 0; i < wide * 6 / 10; i++) {
            a[0][i] = 1.0;
            b[0][3999 - i] = 2.0;
        }
        GradientSum left = partial(a);
        GradientSum right = partial(b);
        assertTrue(left.isSparse() && right.isSparse());
        GradientSum sum = left.merge(right);
        assertFalse(sum.isSparse());
        assertSameBits(add(denseReference(a), denseReference(b)), sum.gradientSum(), "densified");
    }

    @Test
    void mergeLeavesItsRightOperandUnchangedAndSerialisesBothForms() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] sparse = partition(rng, 0.01, false);
        double[][] dense = partition(rng, 0.9, false);
        GradientSum right = partial(sparse);
        double[] before = right.gradientSum();
        GradientSum left = partial(partition(rng, 0.01, false));
        left.merge(right);
        partial(dense).merge(right);
        assertSameBits(before, right.gradientSum(), "right operand after merges");

        for (GradientSum s : new GradientSum[] {partial(sparse), partial(dense)}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(s);
            }
            GradientSum back;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                back = (GradientSum) in.readObject();
            }
            assertEquals(s.isSparse(), back.isSparse());
            assertSameBits(s.gradientSum(), back.gradientSum(), "serialised");
            assertTrue(bytes.size() < s.gradientBytes() + 400, "serialised " + bytes.size() + " bytes for "
                    + s.gradientBytes() + " of gradient");
        }
    }

    private static GradientSum roundTrip(GradientSum s, int[] bytesOut) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        bytesOut[0] = bytes.size();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (GradientSum) in.readObject();
        }
    }

    @Test
    void theShippedFormIsCompactAndGivesBackEveryBit() throws Exception {
        int size = 1 << 22;
        int[] written = new int[1];
        // sparse, as a wide partition's partial: indices a few apart (one byte each), plus gaps of 2^7, 2^14, 2^21 and more
        double[] wide = new double[size];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 5; i < 2_000_000; i += 1 + rng.nextInt(20)) {
            wide[i] = rng.nextGaussian();
        }
        wide[2_000_000 + 200] = Double.NaN;
        wide[2_000_000 + 200 + (1 << 14) + 3] = Double.POSITIVE_INFINITY;
        wide[size - 1] = -1e-300;
        GradientSum sparse = new GradientSum(size);
        sparse.setGradient(new int[] {0}, new double[][] {wide});
        assertTrue(sparse.isSparse());
        GradientSum back = roundTrip(sparse, written);
        assertTrue(back.isSparse());
        assertSameBits(sparse.gradientSum(), back.gradientSum(), "sparse, serialised");
        assertEquals(sparse.storedEntries(), back.storedEntries());
        double perEntry = (double) written[0] / sparse.storedEntries();
        assertTrue(perEntry < 9.1, perEntry + " bytes per sparse entry (4 + 8 held in memory)");

        // dense, as a tree level over a few partials: 40% of its entries set
        double[] level = new double[size];
        for (int i = 0; i < size; i++) {
            level[i] = rng.nextDouble() < 0.4 ? rng.nextGaussian() : 0.0;
        }
        level[size - 1] = Double.NaN;
        GradientSum dense = new GradientSum(size);
        dense.setGradient(new int[] {0}, new double[][] {level});
        assertFalse(dense.isSparse());
        GradientSum denseBack = roundTrip(dense, written);
        assertFalse(denseBack.isSparse());
        assertSameBits(dense.gradientSum(), denseBack.gradientSum(), "dense, serialised");
        assertTrue(written[0] < 0.45 * 8L * size, written[0] + " bytes for a dense gradient of " + 8L * size);

        GradientSum empty = roundTrip(new GradientSum(size), written);
        assertEquals(0, empty.storedEntries());
        assertTrue(written[0] < 200, written[0] + " bytes for an empty sum");
    }

    @Test
    void outOfRangeGradientsAreRejected() {
        GradientSum s = new GradientSum(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.setGradient(new int[] {0, 8}, new double[][] {new double[8], new double[3]}));
        assertTrue(e.getMessage().contains("exceeds 10 parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.merge(new GradientSum(11)));
    }
}
