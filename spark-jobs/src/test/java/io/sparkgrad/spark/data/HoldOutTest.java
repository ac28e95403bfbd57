package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass stratified hold-out ({@link HoldOut#windowed}): on tables of 10,000 rows and more
 * the held-out share is within 1 % (a percentage point) of the fraction asked, and every class's
 * share of the held-out rows within 1 % of its share of the data, whatever the seed, the fraction,
 * the class balance and the rows' order (in partitions of a thousand rows or more); a plain
 * per-row draw misses that.
 */
class HoldOutTest {
    /** Held out [total, per class...] of rows split over {@code partitions} partitions of (identity, label). */
    private static long[] heldOut(HoldOut holdOut, int[][] labels) {
        int classes = 3;
        long[] out = new long[1 + classes];
        for (int p = 0; p < labels.length; p++) {
            HoldOut draw = holdOut.draw(p);
            for (int i = 0; i < labels[p].length; i++) {
                double[] row = {0.5, labels[p][i]};
                if (draw.isValidation(RowIdentity.of(p, i), row)) {
                    out[0]++;
                    out[1 + labels[p][i]]++;
                }
            }
        }
        return out;
    }

    /** {@code n} rows over {@code partitions} partitions: classes with shares 70/22/8 %, shuffled or sorted by class. */
    private static int[][] table(int n, int partitions, boolean sorted, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i < 0.70 * n ? 0 : i < 0.92 * n ? 1 : 2;
        }
        if (!sorted) {
            Random r = new Random(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
        }
        int[][] parts = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            parts[p] = java.util.Arrays.copyOfRange(all, from, to);
        }
        return parts;
    }

    private static double worst(long[] held, int[][] parts, double fraction) {
        long n = 0;
        long[] perClass = new long[3];
        for (int[] part : parts) {
            for (int label : part) {
                n++;
                perClass[label]++;
            }
        }
        double worst = Math.abs((double) held[0] / n - fraction);
        for (int c = 0; c < 3; c++) {
            worst = Math.max(worst, Math.abs((double) held[1 + c] / held[0] - (double) perClass[c] / n));
        }
        return worst;
    }

    @Test
    void largeTablesHoldOutTheFractionAndEveryClassShareToWithinOnePercent() {
        double worst = 0;
        for (double fraction : new double[] {0.05, 0.1, 0.2, 0.3, 0.5, 0.8}) {
            for (int partitions : new int[] {1, 2, 4, 8}) {
                for (boolean sorted : new boolean[] {false, true}) {
                    for (long seed = 1; seed <= 8; seed++) {
                        int[][] parts = table(10_000, partitions, sorted, seed);
                        long[] held = heldOut(HoldOut.windowed(seed, fraction, 1, 3), parts);
                        double w = worst(held, parts, fraction);
                        assertTrue(w <= 0.01, "fraction " + fraction + ", " + partitions + " partitions, sorted "
                                + sorted + ", seed " + seed + ": off by " + w);
                        worst = Math.max(worst, w);
                    }
                }
            }
        }
        // in fact far closer: a few rows per partition and class
        assertTrue(worst < 0.0075, "worst " + worst);
    }

    @Test
    void aPlainPerRowDrawIsNotThatClose() {
        // the Bernoulli draw's share of a 5 % hold-out of 10,000 rows varies by sqrt(0.08 * 0.92 / 500) = 1.2 %
        double worst = 0;
        for (long seed = 1; seed <= 8; seed++) {
            int[][] parts = table(10_000, 4, false, seed);
            worst = Math.max(worst, worst(heldOut(HoldOut.hashed(seed, 0.05), parts), parts, 0.05));
        }
        assertTrue(worst > 0.01, "worst " + worst);
    }

    @Test
    void theDrawsAreFixedBySeedIdentityAndPartitionAndRandomWithinAWindow() {
        int[][] parts = table(12_000, 3, false, 5);
        assertEquals(java.util.Arrays.toString(heldOut(HoldOut.windowed(7, 0.25, 1, 3), parts)),
                java.util.Arrays.toString(heldOut(HoldOut.windowed(7, 0.25, 1, 3), parts)));
        // every window of L = 4 rows of a class holds out exactly 1 (0.25 * 4), at a position that varies
        HoldOut draw = HoldOut.windowed(7, 0.25, 1, 3).draw(0);
        int[] atPosition = new int[4];
        for (int w = 0; w < 2000; w++) {
            int inWindow = 0;
            for (int q = 0; q < 4; q++) {
                boolean held = draw.isValidation(RowIdentity.of(0, w * 4L + q), new double[] {0, 0});
                inWindow += held ? 1 : 0;
                atPosition[q] += held ? 1 : 0;
            }
            assertEquals(1, inWindow, "window " + w);
        }
        for (int q = 0; q < 4; q++) {
            // each position is held out a quarter of the time: 500 ± 4 sd (sd 19.4)
            assertTrue(Math.abs(atPosition[q] - 500) < 78, "position " + q + ": " + atPosition[q]);
        }
    }
}
