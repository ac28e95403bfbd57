package io.sparkgrad.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
    @Test
    void aShortSeriesIsKeptWhole() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Downsampler.minMax(new double[] {5, 1, 4, 2, 3}, 5));
        assertArrayEquals(new int[0], Downsampler.minMax(new double[0], 2000));
    }

    @Test
    void aLongSeriesKeepsFirstLastAndExtremesWithinTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 100_000;
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = random.nextGaussian();
        }
        ys[31_337] = 50;   // the one spike a plot must not lose
        ys[77_777] = -50;
        int[] kept = Downsampler.minMax(ys, 2000);
        assertTrue(kept.length <= 2000, "kept " + kept.length);
        assertTrue(kept.length >= 1990, "uses its budget: kept " + kept.length);
        assertEquals(0, kept[0]);
        assertEquals(n - 1, kept[kept.length - 1]);
        assertTrue(Arrays.binarySearch(kept, 31_337) >= 0, "global maximum kept");
        assertTrue(Arrays.binarySearch(kept, 77_777) >= 0, "global minimum kept");
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "strictly ascending at " + i);
        }
    }

    @Test
    void everyBucketKeepsItsMinimumAndMaximum() {
        // 2 + 4 × 25 = 102 points, cap 10 → 4 buckets of 25 interior points; a dip and a peak planted in each
        double[] ys = new double[102];
        int[] planted = {3, 20, 30, 49, 60, 70, 99, 80};
        for (int b = 0; b < 4; b++) {
            ys[planted[2 * b]] = -(b + 1);
            ys[planted[2 * b + 1]] = b + 1;
        }
        assertArrayEquals(new int[] {0, 3, 20, 30, 49, 60, 70, 80, 99, 101}, Downsampler.minMax(ys, 10));
    }

    @Test
    void tiesGoToTheEarliestIndexSoTheResultIsDeterministic() {
        double[] flat = new double[1000];
        Arrays.fill(flat, 3.0);
        // 9 buckets of 998 interior points; a flat bucket keeps only its first index
        assertArrayEquals(new int[] {0, 1, 111, 222, 333, 444, 555, 666, 777, 888, 999}, Downsampler.minMax(flat, 20));
    }

    @Test
    void aCapTooSmallForFirstLastMinAndMaxIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Downsampler.minMax(new double[10], 3));
        assertTrue(e.getMessage().contains("got 3"), e.getMessage());
    }
}
