package io.tessera.erasure;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C over fixed 64 KiB chunks of a block: chunk {@code i} covers bytes {@code [i * CHUNK_SIZE,
 * min((i + 1) * CHUNK_SIZE, length))}. Per-chunk sums let a reader verify just the chunks of the range
 * it reads, and tell exactly which 64 KiB went bad. {@link CRC32C} is a JVM intrinsic (SSE4.2/ARMv8 CRC
 * instructions).
 */
public final class BlockChecksum {
    public static final int CHUNK_SIZE = 64 * 1024;

    private BlockChecksum() {}

    /** The number of chunks of a block of {@code length} bytes. */
    public static int chunkCount(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        return Math.toIntExact((length + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    /** The checksum of every chunk of {@code data[offset, offset + length)}. */
    public static int[] compute(byte[] data, int offset, int length) {
        ShardChecks.range(offset, length, data.length);
        int[] sums = new int[chunkCount(length)];
        CRC32C crc = new CRC32C();
        for (int i = 0; i < sums.length; i++) {
            int start = i * CHUNK_SIZE;
            crc.reset();
            crc.update(data, offset + start, Math.min(CHUNK_SIZE, length - start));
            sums[i] = (int) crc.getValue();
        }
        return sums;
    }

    /** The checksum of every chunk of {@code data}'s remaining bytes; its position does not move. */
    public static int[] compute(ByteBuffer data) {
        ByteBuffer view = data.slice();
        int[] sums = new int[chunkCount(view.remaining())];
        CRC32C crc = new CRC32C();
        for (int i = 0; i < sums.length; i++) {
            int start = i * CHUNK_SIZE;
            view.limit(Math.min(start + CHUNK_SIZE, view.capacity())).position(start);
            crc.reset();
            crc.update(view);
            sums[i] = (int) crc.getValue();
        }
        return sums;
    }

    /** The checksum of one chunk (or of any range). */
    public static int of(byte[] data, int offset, int length) {
        ShardChecks.range(offset, length, data.length);
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The index of the first chunk of {@code data[offset, offset + length)} whose checksum differs from
     * {@code expected}, or -1 when all match.
     */
    public static int firstMismatch(byte[] data, int offset, int length, int[] expected) {
        int[] actual = compute(data, offset, length);
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(
                    length + " bytes have " + actual.length + " chunks, " + expected.length + " checksums given");
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != expected[i]) {
                return i;
            }
        }
        return -1;
    }
}
