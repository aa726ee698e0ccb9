package io.tessera.erasure;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Keeps the {@code m} parity shards of one block group up to date while its data shards stream past,
 * chunk by chunk, so a writer can send data block after data block to different nodes and hold only
 * {@code m * maxShardLength} bytes of parity, never the data.
 *
 * <p>Each data shard's chunks are added in order; shards may interleave and may be shorter than
 * others (a short last block, or fewer than {@code k} blocks in a small group). The parity then equals
 * one-shot encoding of the shards zero-padded to {@link #length()}, byte for byte. Not thread-safe: one
 * writer owns it, and {@link #reset()} readies it for the next group.
 */
public final class ParityAccumulator {
    private final ErasureCode code;
    private final ShardKernel kernel;
    private final byte[][] columns;
    private final byte[][] parity;
    private final int[] received;
    private final byte[][] chunk = new byte[1][];
    private int length;

    ParityAccumulator(ErasureCode code, ShardKernel kernel, int maxShardLength) {
        this.code = code;
        this.kernel = kernel;
        this.columns = new byte[code.dataShards()][];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = code.parityColumn(i);
        }
        this.parity = new byte[code.parityShards()][maxShardLength];
        this.received = new int[code.dataShards()];
    }

    /** Adds the next {@code length} bytes of data shard {@code shard}. */
    public void add(int shard, byte[] source, int offset, int length) {
        checkShard(shard);
        if (offset < 0 || length < 0 || offset > source.length - length) {
            throw new IllegalArgumentException("range [" + offset + ", " + ((long) offset + length)
                    + ") is outside a chunk of " + source.length + " bytes");
        }
        int covered = this.length;
        int position = reserve(shard, length);
        chunk[0] = source;
        int accumulated = Math.max(0, Math.min(length, covered - position));
        if (accumulated > 0) {
            kernel.multiply(columns[shard], chunk, offset, parity, position, accumulated, true);
        }
        if (accumulated < length) {
            kernel.multiply(
                    columns[shard],
                    chunk,
                    offset + accumulated,
                    parity,
                    position + accumulated,
                    length - accumulated,
                    false);
        }
        chunk[0] = null;
    }

    /** Adds the remaining bytes of {@code source} to data shard {@code shard}, leaving its position alone. */
    public void add(int shard, ByteBuffer source) {
        if (source.hasArray()) {
            add(shard, source.array(), source.arrayOffset() + source.position(), source.remaining());
            return;
        }
        checkShard(shard);
        byte[] stripe = BufferShards.scratch(1)[0];
        for (int done = 0; done < source.remaining(); done += stripe.length) {
            int n = Math.min(stripe.length, source.remaining() - done);
            source.get(source.position() + done, stripe, 0, n);
            add(shard, stripe, 0, n);
        }
    }

    /** Bytes received so far for data shard {@code shard}. */
    public int received(int shard) {
        checkShard(shard);
        return received[shard];
    }

    /** The parity length so far: the length of the longest data shard. */
    public int length() {
        return length;
    }

    /** The largest data shard this accumulator takes. */
    public int capacity() {
        return parity[0].length;
    }

    /**
     * Parity shard {@code index}, valid in {@code [0, length())}. The array is live: it changes with
     * further {@link #add} calls and is cleared by {@link #reset()}.
     */
    public byte[] parity(int index) {
        if (index < 0 || index >= parity.length) {
            throw new IllegalArgumentException(code.name() + " has no parity shard " + index);
        }
        return parity[index];
    }

    /**
     * Forgets the current group. The parity buffers are reused without zeroing them: bytes past {@link
     * #length()} are stale, and the first shard to reach a byte sets it rather than adding to it (every
     * shorter shard is zero there), which saves clearing {@code m} blocks of memory per group.
     */
    public void reset() {
        Arrays.fill(received, 0);
        length = 0;
    }

    private void checkShard(int shard) {
        if (shard < 0 || shard >= received.length) {
            throw new IllegalArgumentException(code.name() + " has no data shard " + shard);
        }
    }

    private int reserve(int shard, int chunkLength) {
        int position = received[shard];
        if (chunkLength > capacity() - position) {
            throw new IllegalArgumentException("data shard " + shard + " would grow to "
                    + ((long) position + chunkLength) + " bytes, past this accumulator's " + capacity());
        }
        received[shard] = position + chunkLength;
        length = Math.max(length, received[shard]);
        return position;
    }
}
