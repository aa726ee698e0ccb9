package io.tessera.storage;

import io.tessera.client.ChunkCompression;
import io.tessera.common.BlockId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams one verified byte range of a block to a client: a staging buffer is filled from the block
 * store (which checks every 64 KiB chunk it touches), then sent in frame-sized ReadData messages as the
 * client's publication takes them. A slow client only delays its own reads.
 */
final class ReadSession {
    final long correlationId;
    final BlockId block;
    private final long end;
    private final long blockLength;
    private long position;
    private ByteBuffer staging;
    private long stagedOffset;
    private boolean cancelled;
    private final ChunkCompression compression;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private UnsafeBuffer compressed;
    private int compressedLength = NOT_COMPRESSED_YET;
    private static final int NOT_COMPRESSED_YET = -2;

    ReadSession(long correlationId, BlockId block, long offset, long length, long blockLength, boolean compress) {
        this.compression = compress ? new ChunkCompression() : null;
        this.correlationId = correlationId;
        this.block = block;
        this.position = offset;
        this.end = offset + length;
        this.blockLength = blockLength;
    }

    long blockLength() {
        return blockLength;
    }

    boolean hasStaging() {
        return staging != null;
    }

    void attach(ByteBuffer buffer) {
        staging = buffer.clear().limit(0);
    }

    /**
     * Sends up to {@code budget} bytes; returns the bytes sent, or -1 once every byte has gone out.
     * Store errors (corruption, a deleted block) propagate as {@code TesseraException}.
     */
    int progress(BlockStore store, ReplyProxy proxy, int budget) {
        int sent = 0;
        while (sent < budget) {
            if (!staging.hasRemaining()) {
                if (position == end) {
                    return sent == 0 ? -1 : sent;
                }
                fill(store);
            }
            int length = Math.min(proxy.maxReadData(), staging.remaining());
            long blockOffset = stagedOffset + staging.position();
            if (!send(proxy, blockOffset, length)) {
                break;
            }
            staging.position(staging.position() + length);
            sent += length;
        }
        return sent;
    }

    /** Sends one chunk, LZ4-compressed when the client accepts it and this stream's samples say it pays. */
    private boolean send(ReplyProxy proxy, long blockOffset, int length) {
        if (compression != null && compressedLength == NOT_COMPRESSED_YET) {
            if (compressed == null) {
                compressed = new UnsafeBuffer(new byte[ChunkCompression.compressedLengthLimit(length) + 64]);
            }
            view.wrap(staging, staging.position(), length);
            compressedLength = compression.compress(view, 0, length, compressed, 0);
        }
        boolean sent = compression != null && compressedLength != ChunkCompression.SEND_RAW
                ? proxy.readDataCompressed(correlationId, blockOffset, compressed, compressedLength, length)
                : proxy.readData(correlationId, blockOffset, staging, staging.position(), length);
        if (sent) {
            compressedLength = NOT_COMPRESSED_YET;
        }
        return sent;
    }

    private void fill(BlockStore store) {
        int length = (int) Math.min(staging.capacity(), end - position);
        staging.clear().limit(length);
        store.read(block, position, length, staging);
        staging.flip();
        stagedOffset = position;
        position += length;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Ends the read, returning its staging buffer; a read still waiting for one will not start. */
    void release(Pool pool) {
        cancelled = true;
        if (staging != null) {
            pool.release(staging);
            staging = null;
        }
    }

    /** Staging buffers, bounded: at most {@code size} reads stream at once per server; the rest wait. */
    static final class Pool {
        private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

        Pool(int size, int bufferLength) {
            for (int i = 0; i < size; i++) {
                free.add(ByteBuffer.allocateDirect(bufferLength));
            }
        }

        ByteBuffer acquire() {
            return free.poll();
        }

        void release(ByteBuffer buffer) {
            free.add(buffer);
        }
    }
}
