package io.sparkgrad.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NiceTicksTest {
    @Test
    void unitRangeGetsFifths() {
        NiceTicks t = NiceTicks.linear(0, 1, 6, false);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, t.values());
        assertEquals(0, t.lo());
        assertEquals(1, t.hi());
        assertFalse(t.log());
    }

    @Test
    void ticksAreExactDecimalsThatEncloseTheData() {
        // 0.3 / 0.1 is 2.9999999999999996 in doubles, 3 × 0.1 is 0.30000000000000004: neither may show
        assertArrayEquals(new double[] {0.3, 0.4, 0.5, 0.6, 0.7}, NiceTicks.linear(0.3, 0.7, 6, false).values());
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, NiceTicks.linear(0.3, 0.9, 6, false).values(),
                "a range of 0.6 rounds to 1, so steps of 0.2");
        assertArrayEquals(new double[] {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, NiceTicks.linear(0.23, 0.71, 6, false).values());
        assertArrayEquals(new double[] {-20, 0, 20, 40, 60}, NiceTicks.linear(-13, 47, 6, false).values());
    }

    @Test
    void iterationAxesStepByWholeNumbers() {
        assertArrayEquals(new double[] {0, 100, 200, 300}, NiceTicks.linear(1, 300, 7, true).values());
        assertArrayEquals(new double[] {1, 2, 3}, NiceTicks.linear(1, 3, 7, true).values(), "no ticks at 1.5, 2.5");
        assertArrayEquals(new double[] {0, 200_000, 400_000, 600_000, 800_000, 1_000_000},
                NiceTicks.linear(1, 1_000_000, 7, true).values());
    }

    @Test
    void aConstantRangeIsWidenedAroundItsValue() {
        NiceTicks t = NiceTicks.linear(5, 5, 6, false);
        assertTrue(t.lo() < 5 && t.hi() > 5, "5 inside [" + t.lo() + ", " + t.hi() + "]");
        assertEquals(5, (t.lo() + t.hi()) / 2, 1e-12, "the value sits in the middle");
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, NiceTicks.linear(0, 0, 6, false).values());
        assertArrayEquals(new double[] {0, 1, 2}, NiceTicks.linear(1, 1, 7, true).values(), "a single iteration");
        NiceTicks noisy = NiceTicks.linear(0.6931471805599453, 0.6931471805599454, 6, false);
        assertTrue(noisy.hi() - noisy.lo() > 0.1, "rounding noise is treated as constant: " + noisy);
    }

    @Test
    void logAxesTickWholeDecades() {
        NiceTicks t = NiceTicks.log(0.003, 25, 6);
        assertArrayEquals(new double[] {0.001, 0.01, 0.1, 1, 10, 100}, t.values());
        assertTrue(t.log());
        assertArrayEquals(new double[] {1, 10}, NiceTicks.log(2, 5, 6).values(), "within one decade");
        assertArrayEquals(new double[] {10, 100}, NiceTicks.log(10, 10, 6).values(), "a single power of ten");
    }

    @Test
    void manyDecadesAreTickedEveryFewDecades() {
        double[] v = NiceTicks.log(1e-12, 1e3, 6).values();
        assertArrayEquals(new double[] {1e-12, 1e-9, 1e-6, 1e-3, 1, 1e3}, v);
        assertTrue(NiceTicks.log(1e-300, 1e300, 6).values().length <= 6);
    }

    @Test
    void niceNumbersAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, NiceTicks.niceNumber(0.1667, true));
        assertEquals(50, NiceTicks.niceNumber(41, true));
        assertEquals(100, NiceTicks.niceNumber(83, true));
        assertEquals(5, NiceTicks.niceNumber(2.01, false), "not rounded: the smallest nice number at or above");
        assertEquals(0.001, NiceTicks.niceNumber(0.001, false));
    }

    @Test
    void badRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NiceTicks.linear(Double.NaN, 1, 6, false));
        assertThrows(IllegalArgumentException.class, () -> NiceTicks.linear(2, 1, 6, false));
        assertThrows(IllegalArgumentException.class, () -> NiceTicks.log(0, 1, 6));
    }
}
