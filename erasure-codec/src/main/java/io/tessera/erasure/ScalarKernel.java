package io.tessera.erasure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The portable kernel: one lookup in the 64 KiB product table per byte and coefficient, and eight bytes
 * at a time where the coefficient is one (XOR). Work is done in strips that stay in the L1 cache while
 * every coefficient of the strip is applied.
 */
final class ScalarKernel implements ShardKernel {
    static final ScalarKernel INSTANCE = new ScalarKernel();

    private static final int STRIP = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private ScalarKernel() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(
            byte[] coefficients,
            byte[][] inputs,
            int inputOffset,
            byte[][] outputs,
            int outputOffset,
            int length,
            boolean accumulate) {
        int columns = inputs.length;
        for (int done = 0; done < length; done += STRIP) {
            int strip = Math.min(STRIP, length - done);
            for (int r = 0; r < outputs.length; r++) {
                byte[] output = outputs[r];
                int out = outputOffset + done;
                boolean assigned = accumulate;
                for (int c = 0; c < columns; c++) {
                    int coefficient = coefficients[r * columns + c] & 0xFF;
                    if (coefficient == 0) {
                        continue;
                    }
                    if (!assigned) {
                        Arrays.fill(output, out, out + strip, (byte) 0);
                        assigned = true;
                    }
                    multiplyAdd(coefficient, inputs[c], inputOffset + done, output, out, strip);
                }
                if (!assigned) {
                    Arrays.fill(output, out, out + strip, (byte) 0);
                }
            }
        }
    }

    /** {@code target[t..t+n) ^= coefficient * source[s..s+n)}. */
    static void multiplyAdd(int coefficient, byte[] source, int s, byte[] target, int t, int n) {
        if (coefficient == 1) {
            xor(source, s, target, t, n);
            return;
        }
        byte[] products = GaloisField.PRODUCTS;
        int row = coefficient << 8;
        for (int i = 0; i < n; i++) {
            target[t + i] ^= products[row | (source[s + i] & 0xFF)];
        }
    }

    private static void xor(byte[] source, int s, byte[] target, int t, int n) {
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long x = (long) LONGS.get(target, t + i) ^ (long) LONGS.get(source, s + i);
            LONGS.set(target, t + i, x);
        }
        for (; i < n; i++) {
            target[t + i] ^= source[s + i];
        }
    }
}
