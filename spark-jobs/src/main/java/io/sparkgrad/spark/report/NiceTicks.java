package io.sparkgrad.spark.report;

import java.math.BigDecimal;

/**
 * Axis ranges and tick values a person reads at a glance: multiples of 1, 2 or 5 times a power
 * of ten on a linear axis (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990), whole
 * powers of ten on a log axis.
 *
 * @param lo the axis' lower end, the first tick
 * @param hi the axis' upper end, the last tick
 * @param values the ticks from {@code lo} to {@code hi}, ascending
 * @param log whether the axis is logarithmic
 */
record NiceTicks(double lo, double hi, double[] values, boolean log) {

    NiceTicks {
        values = values.clone();
    }

    /** The ticks, a copy: the record stays immutable. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * A linear axis covering [min, max] with about {@code target} ticks. A constant (or
     * constant up to rounding noise) range is widened around its value, so a flat series draws
     * as a line in the middle rather than failing; {@code integer} keeps the step a whole number
     * (iterations).
     */
    static NiceTicks linear(double min, double max, int target, boolean integer) {
        if (!(Double.isFinite(min) && Double.isFinite(max)) || min > max) {
            throw new IllegalArgumentException("ticks: expected finite min <= max, got [" + min + ", " + max + "]");
        }
        if (target < 2) {
            throw new IllegalArgumentException("ticks: expected a target of at least 2 ticks, got " + target);
        }
        // differences below 1e-9 of the magnitude are rounding noise: labels could not tell the ticks apart
        if (max - min <= 1e-9 * Math.max(Math.abs(min), Math.abs(max))) {
            double delta = integer ? 1 : min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= delta;
            max += delta;
        }
        if (!Double.isFinite(max - min)) {
            return new NiceTicks(min, max, new double[] {min, max}, false);
        }
        double step = niceNumber(niceNumber(max - min, false) / (target - 1), true);
        if (integer) {
            step = Math.max(1, Math.round(step));
        }
        // 0.3 / 0.1 is 2.9999999999999996: without the slack 0.3 would get a spurious tick at 0.2 below it
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        double[] values = new double[(int) (last - first + 1)];
        // k × step through decimal arithmetic: 3 × 0.1 is 0.3, not 0.30000000000000004
        BigDecimal exactStep = BigDecimal.valueOf(step);
        for (int i = 0; i < values.length; i++) {
            values[i] = BigDecimal.valueOf(first + i).multiply(exactStep).doubleValue();
        }
        return new NiceTicks(values[0], values[values.length - 1], values, false);
    }

    /**
     * A log axis from the power of ten at or below {@code minPositive} to the one at or above
     * {@code max}, a tick every decade, or every few decades so there are at most {@code target}.
     */
    static NiceTicks log(double minPositive, double max, int target) {
        if (!(minPositive > 0 && Double.isFinite(max) && max >= minPositive)) {
            throw new IllegalArgumentException("log ticks: expected 0 < min <= max, got [" + minPositive + ", " + max + "]");
        }
        if (target < 2) {
            throw new IllegalArgumentException("log ticks: expected a target of at least 2 ticks, got " + target);
        }
        int lowExp = (int) Math.floor(Math.log10(minPositive));
        int highExp = (int) Math.ceil(Math.log10(max));
        if (highExp == lowExp) {
            highExp++;
        }
        int decades = highExp - lowExp;
        int stride = (decades + target - 2) / (target - 1);
        int count = (decades + stride - 1) / stride + 1;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = powerOfTen(lowExp + i * stride);
        }
        return new NiceTicks(values[0], values[count - 1], values, true);
    }

    /** Exactly the double nearest 10^e (Math.pow(10, -3) is not 0.001). */
    static double powerOfTen(int e) {
        return Double.parseDouble("1e" + e);
    }

    /** A 1, 2 or 5 times 10^k near {@code x}: rounded to the nearest, or the smallest not below it. */
    static double niceNumber(double x, boolean round) {
        int exponent = (int) Math.floor(Math.log10(x));
        double power = powerOfTen(exponent);
        double fraction = x / power;
        double nice;
        if (round) {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return BigDecimal.valueOf(nice).multiply(BigDecimal.valueOf(power)).doubleValue();
    }
}
