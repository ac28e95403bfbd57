package io.sparkgrad.spark.data;

/**
 * Decides whether an input row is held out for validation: a hash of (seed, row number) compared
 * with the fraction. Stateless, so the same rows are held out whatever the partitioning.
 */
public final class ValidationSplit {
    private ValidationSplit() {}

    public static boolean isValidation(long seed, long rowIndex, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        return uniform(seed, rowIndex) < fraction;
    }

    /** A uniform double in [0, 1) from SplitMix64's finaliser applied to (seed, index). */
    public static double uniform(long seed, long index) {
        return (mix(seed, index) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser applied to a combination of (seed, index): a well-spread 64-bit hash. */
    public static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
