package io.sparkgrad.spark.config;

/** An interval of allowed numeric values, printed in interval notation in error messages. */
record Range(double lo, boolean loInclusive, double hi, boolean hiInclusive) {

    static Range atLeast(double lo) {
        return new Range(lo, true, Double.POSITIVE_INFINITY, false);
    }

    static Range greaterThan(double lo) {
        return new Range(lo, false, Double.POSITIVE_INFINITY, false);
    }

    static Range closed(double lo, double hi) {
        return new Range(lo, true, hi, true);
    }

    static Range openClosed(double lo, double hi) {
        return new Range(lo, false, hi, true);
    }

    static Range closedOpen(double lo, double hi) {
        return new Range(lo, true, hi, false);
    }

    boolean contains(double v) {
        boolean aboveLo = loInclusive ? v >= lo : v > lo;
        boolean belowHi = hiInclusive ? v <= hi : v < hi;
        return aboveLo && belowHi;
    }

    @Override
    public String toString() {
        String left = (loInclusive ? "[" : "(") + format(lo);
        String right = Double.isInfinite(hi) ? "inf)" : format(hi) + (hiInclusive ? "]" : ")");
        return left + ", " + right;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
