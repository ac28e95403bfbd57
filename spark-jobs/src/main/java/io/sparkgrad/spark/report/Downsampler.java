package io.sparkgrad.spark.report;

/**
 * Picks the points of a long series worth drawing: a chart a few hundred pixels wide cannot show
 * a million iterations, but it must still show the spikes among them. The indices are split into
 * equal buckets and each keeps its minimum and its maximum (the "min-max" decimation plotting
 * libraries use), so the drawn envelope is the true one; the first and last points are always
 * kept. Deterministic: ties go to the earliest index.
 */
final class Downsampler {
    private Downsampler() {}

    /**
     * The indices of {@code ys} to draw, ascending: all of them when there are at most
     * {@code maxPoints}, else at most {@code maxPoints} including the first, the last and each
     * bucket's extremes. {@code ys} must be finite (the chart drops the rest before).
     */
    static int[] minMax(double[] ys, int maxPoints) {
        if (maxPoints < 4) {
            throw new IllegalArgumentException("downsample: expected maxPoints >= 4 (first, last, a min and a max), got "
                    + maxPoints);
        }
        int n = ys.length;
        if (n <= maxPoints) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int buckets = (maxPoints - 2) / 2;
        int interior = n - 2;
        int[] kept = new int[2 + 2 * buckets];
        int count = 0;
        kept[count++] = 0;
        for (int b = 0; b < buckets; b++) {
            // bucket b holds interior indices [start, end): sizes differ by at most one
            int start = 1 + (int) ((long) b * interior / buckets);
            int end = 1 + (int) ((long) (b + 1) * interior / buckets);
            int min = start;
            int max = start;
            for (int i = start + 1; i < end; i++) {
                if (ys[i] < ys[min]) {
                    min = i;
                }
                if (ys[i] > ys[max]) {
                    max = i;
                }
            }
            kept[count++] = Math.min(min, max);
            if (max != min) {
                kept[count++] = Math.max(min, max);
            }
        }
        kept[count++] = n - 1;
        return java.util.Arrays.copyOf(kept, count);
    }
}
