package io.tessera.placement;

/**
 * A small seeded generator (Steele, Lea and Flood's SplitMix64) whose output is fixed by its definition
 * here, so that every replica of the state machine, on any JDK, draws the same numbers from the same seed.
 * {@code java.util.SplittableRandom} makes no such promise across releases.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        state = seed;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias: draws falling in the short last stretch are redrawn. */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long bits;
        long value;
        do {
            bits = nextLong() >>> 1;
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return value;
    }
}
