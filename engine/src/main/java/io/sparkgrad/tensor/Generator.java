package io.sparkgrad.tensor;

/**
 * A seeded source of random numbers for tensor creation, dropout and initialisation.
 *
 * <p>SplitMix64 with an explicit state, so sequences are identical on every JVM and the state
 * can be saved and restored ({@link #state()}, {@link #setState(long)}). Normal deviates use the
 * Box-Muller transform; the second value of each pair is kept for the next call.
 */
public final class Generator {
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose sequence is fixed by {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** Restarts the sequence from {@code seed}, as {@code torch.Generator.manual_seed}. */
    public Generator manualSeed(long seed) {
        this.state = seed;
        this.hasSpare = false;
        return this;
    }

    /** The internal state; {@link #setState(long)} with it replays the same sequence. */
    public long state() {
        return state;
    }

    /** Restores a state obtained from {@link #state()}. */
    public void setState(long state) {
        this.state = state;
        this.hasSpare = false;
    }

    /** Next uniformly distributed 64-bit value. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in {@code [0, bound)}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal deviate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }
}
