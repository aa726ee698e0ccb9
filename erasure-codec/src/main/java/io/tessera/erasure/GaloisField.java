package io.tessera.erasure;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2,
 * the field used by ISA-L and Hadoop's Reed-Solomon coders.
 *
 * <p>Addition is XOR. Multiplication goes through log/exp tables for matrix work, and through a full
 * 256 x 256 product table for the scalar kernel, where one lookup per byte is the fastest portable form.
 */
final class GaloisField {
    static final int POLYNOMIAL = 0x11D;

    private static final byte[] EXP = new byte[512];
    private static final int[] LOG = new int[256];

    /** {@code PRODUCTS[(a << 8) | b] == a * b}: 64 KiB, one row per multiplier. */
    static final byte[] PRODUCTS = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = (byte) x;
            EXP[i + 255] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        EXP[510] = EXP[0];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                PRODUCTS[(a << 8) | b] = (byte) multiplySlow(a, b);
            }
        }
    }

    private GaloisField() {}

    private static int multiplySlow(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]] & 0xFF;
    }

    static int multiply(int a, int b) {
        return PRODUCTS[((a & 0xFF) << 8) | (b & 0xFF)] & 0xFF;
    }

    static int inverse(int a) {
        if ((a & 0xFF) == 0) {
            throw new ArithmeticException("zero has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a & 0xFF]] & 0xFF;
    }

    static int divide(int a, int b) {
        return multiply(a, inverse(b));
    }
}
