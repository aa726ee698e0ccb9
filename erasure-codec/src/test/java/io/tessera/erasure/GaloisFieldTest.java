package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaloisFieldTest {
    @Test
    void shouldReduceByThePolynomial0x11D() {
        assertEquals(0x1D, GaloisField.multiply(2, 0x80));
        assertEquals(0x3A, GaloisField.multiply(4, 0x80));
    }

    @Test
    void shouldGiveEveryNonZeroElementAnInverse() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, GaloisField.multiply(a, GaloisField.inverse(a)), "a=" + a);
            assertEquals(a, GaloisField.divide(a, 1));
        }
        assertThrows(ArithmeticException.class, () -> GaloisField.inverse(0));
    }

    @Test
    void shouldMultiplyCommutativelyAndDistributeOverXor() {
        for (int a = 0; a < 256; a += 7) {
            for (int b = 0; b < 256; b += 5) {
                assertEquals(GaloisField.multiply(a, b), GaloisField.multiply(b, a));
                for (int c = 0; c < 256; c += 31) {
                    assertEquals(
                            GaloisField.multiply(a, b ^ c), GaloisField.multiply(a, b) ^ GaloisField.multiply(a, c));
                }
            }
        }
    }

    @Test
    void shouldInvertMatricesAndRefuseSingularOnes() {
        ErasureCode code = ErasureCode.reedSolomon(4, 2);
        GaloisMatrix generator = new GaloisMatrix(6, 4);
        for (int i = 0; i < 4; i++) {
            generator.set(i, i, 1);
        }
        for (int j = 0; j < 4; j++) {
            generator.set(4, j, code.parityColumn(j)[0] & 0xFF);
            generator.set(5, j, code.parityColumn(j)[1] & 0xFF);
        }
        GaloisMatrix square = generator.selectRows(new int[] {1, 3, 4, 5});
        GaloisMatrix product = square.times(square.inverse());
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(r == c ? 1 : 0, product.get(r, c));
            }
        }
        GaloisMatrix singular = generator.selectRows(new int[] {0, 0, 1, 2});
        assertThrows(ArithmeticException.class, singular::inverse);
    }
}
