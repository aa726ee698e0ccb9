package io.tessera.erasure;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Runs a kernel over {@link ByteBuffer} shards. Array-backed buffers that share one array offset go
 * straight to the kernel; anything else (direct buffers, slices) is staged through per-thread scratch
 * arrays in stripes small enough to stay in cache, because the Vector API can address a {@code
 * ByteBuffer} on JDK 17 and a {@code MemorySegment} on JDK 22+, but not one form on both.
 */
final class BufferShards {
    static final int STRIPE = 16 * 1024;

    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0][]);

    private BufferShards() {}

    static void multiply(
            ShardKernel kernel,
            byte[] coefficients,
            ByteBuffer[] inputs,
            ByteBuffer[] outputs,
            int offset,
            int length) {
        int arrayOffset = commonArrayOffset(inputs, outputs);
        if (arrayOffset >= 0) {
            kernel.multiply(
                    coefficients,
                    arrays(inputs),
                    arrayOffset + offset,
                    arrays(outputs),
                    arrayOffset + offset,
                    length,
                    false);
            return;
        }
        byte[][] scratch = scratch(inputs.length + outputs.length);
        byte[][] in = Arrays.copyOfRange(scratch, 0, inputs.length);
        byte[][] out = Arrays.copyOfRange(scratch, inputs.length, inputs.length + outputs.length);
        for (int done = 0; done < length; done += STRIPE) {
            int n = Math.min(STRIPE, length - done);
            for (int i = 0; i < inputs.length; i++) {
                inputs[i].get(offset + done, in[i], 0, n);
            }
            kernel.multiply(coefficients, in, 0, out, 0, n, false);
            for (int o = 0; o < outputs.length; o++) {
                outputs[o].put(offset + done, out[o], 0, n);
            }
        }
    }

    /** At least {@code count} stripe-sized scratch arrays, reused by this thread. */
    static byte[][] scratch(int count) {
        byte[][] scratch = SCRATCH.get();
        if (scratch.length < count) {
            byte[][] grown = Arrays.copyOf(scratch, count);
            for (int i = scratch.length; i < count; i++) {
                grown[i] = new byte[STRIPE];
            }
            SCRATCH.set(grown);
            scratch = grown;
        }
        return scratch;
    }

    /** The array offset all buffers share when all are writable arrays, or -1. */
    private static int commonArrayOffset(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        int offset = -1;
        for (ByteBuffer[] group : new ByteBuffer[][] {inputs, outputs}) {
            for (ByteBuffer buffer : group) {
                if (!buffer.hasArray() || (offset >= 0 && buffer.arrayOffset() != offset)) {
                    return -1;
                }
                offset = buffer.arrayOffset();
            }
        }
        return offset;
    }

    private static byte[][] arrays(ByteBuffer[] buffers) {
        byte[][] arrays = new byte[buffers.length][];
        for (int i = 0; i < buffers.length; i++) {
            arrays[i] = buffers[i].array();
        }
        return arrays;
    }
}
