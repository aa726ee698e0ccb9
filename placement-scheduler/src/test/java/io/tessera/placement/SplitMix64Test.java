package io.tessera.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void shouldMatchTheReferenceOutputForSeedZero() {
        // First outputs of the reference splitmix64.c by Sebastiano Vigna, seeded with 0.
        SplitMix64 random = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, random.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, random.nextLong());
        assertEquals(0x06C45D188009454FL, random.nextLong());
    }

    @Test
    void shouldDrawBoundedValuesEvenlyBelowTheBound() {
        SplitMix64 random = new SplitMix64(99);
        int[] counts = new int[6];
        for (int i = 0; i < 60_000; i++) {
            counts[(int) random.nextLong(6)]++;
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 10_000) < 500, "count " + count);
        }
        assertEquals(0, new SplitMix64(5).nextLong(1));
        assertThrows(IllegalArgumentException.class, () -> random.nextLong(0));
    }
}
