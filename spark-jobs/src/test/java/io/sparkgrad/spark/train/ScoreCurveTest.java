package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The curve's sort is a stable descending {@code Double.compare} sort (what a comparison sort of
 * the rows gives, bit for bit), and a curve shipped to the driver comes back the same, in about 9
 * bytes per distinct score of unit-weighted rows.
 */
class ScoreCurveTest {

    @Test
    void theRadixSortIsAStableDescendingDoubleCompareSort() {
        SplittableRandom random = new SplittableRandom(4);
        double[] special = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, 1.0, -1.0};
        int n = 20_000;
        double[] key = new double[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            key[i] = switch (random.nextInt(3)) {
                case 0 -> special[random.nextInt(special.length)];
                case 1 -> Math.log(random.nextDouble());   // log-probabilities, as the curve ranks by
                default -> random.nextInt(50) - 25.0;      // ties
            };
            value[i] = i;  // the row's place: equal keys must keep it in order
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        double[] k0 = key.clone();
        Arrays.sort(order, Comparator.comparing((Integer i) -> k0[i], (a, b) -> Double.compare(b, a)));
        ScoreCurve.sortDescending(key, value, n);
        for (int i = 0; i < n; i++) {
            assertEquals(0, Double.compare(k0[order[i]], key[i]), "key at " + i);
            assertEquals(order[i], (int) value[i], "row at " + i);
        }
    }

    private static ScoreCurve curve(double[] scores, double[] labels, double[] weights) {
        ScoreCurve c = new ScoreCurve();
        for (int i = 0; i < scores.length; i++) {
            c.add(scores[i], labels[i], weights == null ? 1.0 : weights[i]);
        }
        return c;
    }

    private static byte[] bytes(ScoreCurve c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(c);
        }
        return b.toByteArray();
    }

    private static ScoreCurve read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (ScoreCurve) in.readObject();
        }
    }

    private static void assertSameCurve(ScoreCurve expected, ScoreCurve actual) {
        assertEquals(expected.distinctScores(), actual.distinctScores());
        for (int bins : new int[] {0, 10, 1000}) {
            assertEquals(Double.doubleToRawLongBits(expected.areaUnderROC(bins)),
                    Double.doubleToRawLongBits(actual.areaUnderROC(bins)), "ROC, " + bins + " bins");
            assertEquals(Double.doubleToRawLongBits(expected.areaUnderPR(bins)),
                    Double.doubleToRawLongBits(actual.areaUnderPR(bins)), "PR, " + bins + " bins");
        }
    }

    @Test
    void aShippedCurveComesBackTheSameAndSmall() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        int n = 50_000;
        double[] scores = new double[n];
        double[] labels = new double[n];
        double[] weights = new double[n];
        double[] tied = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.4 ? 1 : 0;
            scores[i] = Math.log(1 / (1 + Math.exp(-(random.nextGaussian() + labels[i]))));
            weights[i] = 0.5 + random.nextInt(4);
            tied[i] = Math.floor(scores[i] * 20) / 20;
        }
        // distinct scores of unit-weighted rows: a score and a byte each
        ScoreCurve distinct = curve(scores, labels, null).seal();
        assertEquals(n, distinct.distinctScores());
        byte[] shipped = bytes(distinct);
        assertTrue(shipped.length < 9 * n + 200, shipped.length + " bytes for " + n + " distinct scores");
        assertSameCurve(distinct, read(shipped));
        // ties and weights: each score's weights shipped as they are; an unsealed curve is sealed on the way
        assertSameCurve(curve(tied, labels, weights).seal(), read(bytes(curve(tied, labels, weights))));
        assertSameCurve(curve(scores, labels, weights).seal(), read(bytes(curve(scores, labels, weights))));
        // and a shipped curve merges as the one it came from
        ScoreCurve a = curve(Arrays.copyOf(scores, 20_000), labels, null).seal();
        ScoreCurve b = curve(Arrays.copyOfRange(scores, 20_000, n), Arrays.copyOfRange(labels, 20_000, n), null).seal();
        ScoreCurve merged = read(bytes(a)).merge(read(bytes(b)));
        assertSameCurve(curve(Arrays.copyOf(scores, 20_000), labels, null).seal().merge(
                curve(Arrays.copyOfRange(scores, 20_000, n), Arrays.copyOfRange(labels, 20_000, n), null).seal()), merged);
        assertEquals(n, merged.distinctScores());
    }
}
