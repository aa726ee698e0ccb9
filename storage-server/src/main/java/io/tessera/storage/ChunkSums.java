package io.tessera.storage;

import io.tessera.erasure.BlockChecksum;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * CRC32C of every 64 KiB chunk of a block, computed as the block's bytes arrive in pieces of any size:
 * the pieces are network chunks and need not line up with checksum chunks. Gives the same sums as
 * {@link BlockChecksum#compute(ByteBuffer)} over the whole block.
 */
final class ChunkSums {
    private static final int CHUNK_SIZE = BlockChecksum.CHUNK_SIZE;

    private final CRC32C crc = new CRC32C();
    private int[] sums = new int[16];
    private int count;
    private int filled;

    /** Adds {@code data}'s remaining bytes, consuming them. */
    void update(ByteBuffer data) {
        int limit = data.limit();
        while (data.hasRemaining()) {
            int take = Math.min(data.remaining(), CHUNK_SIZE - filled);
            data.limit(data.position() + take);
            crc.update(data);
            data.limit(limit);
            filled += take;
            if (filled == CHUNK_SIZE) {
                closeChunk();
            }
        }
    }

    /** The sums of every chunk so far, the last one possibly short. Call once, after the last byte. */
    int[] finish() {
        if (filled > 0) {
            closeChunk();
        }
        return Arrays.copyOf(sums, count);
    }

    private void closeChunk() {
        if (count == sums.length) {
            sums = Arrays.copyOf(sums, count * 2);
        }
        sums[count++] = (int) crc.getValue();
        crc.reset();
        filled = 0;
    }
}
