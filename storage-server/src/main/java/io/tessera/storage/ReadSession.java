package io.tessera.storage;

import io.tessera.client.ChunkCompression;
import io.tessera.common.BlockId;
import io.tessera.erasure.BlockChecksum;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams one verified byte range of a block to a client as the client's publication takes it. A whole
 * 64 KiB checksum chunk is read from disk straight into a claimed frame, except for the few bytes past
 * the largest frame, which follow from this session's staging buffer; partial chunks at either end of
 * the range, and chunks a compressing stream looks at, are staged whole first. Every chunk is verified
 * before any of its bytes is sent. A slow client delays only its own reads, and a waiting read holds
 * only its staging buffer.
 */
final class ReadSession {
    private static final int CHUNK_SIZE = BlockChecksum.CHUNK_SIZE;

    final long correlationId;
    final BlockId block;
    private final long end;
    private final long blockLength;
    private final ChunkCompression compression;
    private long position;
    private boolean cancelled;
    private ByteBuffer staged;
    private long stagedOffset;
    private UnsafeBuffer compressed;
    private UnsafeBuffer stagedView;
    private int compressedLength = ChunkCompression.SEND_RAW;

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

    /**
     * Sends up to about {@code budget} bytes; returns the bytes sent, or -1 once every byte has gone out.
     * Store errors (corruption, a deleted block) propagate as {@code TesseraException}.
     */
    int progress(BlockStore store, ReplyProxy proxy, int budget) {
        if (position == end && !hasStaged()) {
            return -1;
        }
        int sent = 0;
        while (sent < budget) {
            int n = hasStaged() ? sendStaged(proxy) : sendNext(store, proxy);
            if (n <= 0) {
                break;
            }
            sent += n;
        }
        return sent;
    }

    private boolean hasStaged() {
        return staged != null && staged.hasRemaining();
    }

    /** Sends (part of) the staged bytes, compressed when they were; returns the raw bytes sent or 0. */
    private int sendStaged(ReplyProxy proxy) {
        long blockOffset = stagedOffset + staged.position();
        if (compressedLength != ChunkCompression.SEND_RAW) {
            int rawLength = staged.remaining();
            if (!proxy.readDataCompressed(correlationId, blockOffset, compressed, compressedLength, rawLength)) {
                return 0;
            }
            compressedLength = ChunkCompression.SEND_RAW;
            staged.position(staged.limit());
            return rawLength;
        }
        int length = Math.min(proxy.maxReadData(), staged.remaining());
        if (!proxy.readData(correlationId, blockOffset, staged, staged.position(), length)) {
            return 0;
        }
        staged.position(staged.position() + length);
        return length;
    }

    /** Starts the next chunk of the range; returns the bytes sent now (0 when the client cannot take any). */
    private int sendNext(BlockStore store, ReplyProxy proxy) {
        if (position == end) {
            return 0;
        }
        int length = (int) Math.min(end - position, CHUNK_SIZE - position % CHUNK_SIZE);
        boolean wholeChunk = position % CHUNK_SIZE == 0 && (length == CHUNK_SIZE || position + length == blockLength);
        if (staged == null) {
            staged = ByteBuffer.allocate(CHUNK_SIZE);
        }
        if (wholeChunk && (compression == null || compression.skipsLook(length))) {
            int head = Math.min(length, proxy.maxReadData());
            staged.clear().limit(length - head);
            if (!proxy.readChunkFrom(store, block, correlationId, position, head, staged)) {
                staged.limit(0);
                return 0;
            }
            staged.flip();
            stagedOffset = position + head;
            position += length;
            return head;
        }
        stage(store, length);
        return sendStaged(proxy);
    }

    /** Reads {@code length} verified bytes at the position into the staging buffer, compressing if looked at. */
    private void stage(BlockStore store, int length) {
        staged.clear().limit(length);
        store.read(block, position, length, staged);
        staged.flip();
        stagedOffset = position;
        position += length;
        if (compression != null) {
            if (compressed == null) {
                compressed = new UnsafeBuffer(new byte[ChunkCompression.compressedLengthLimit(CHUNK_SIZE) + 64]);
                stagedView = new UnsafeBuffer(staged);
            }
            compressedLength = compression.compress(stagedView, 0, length, compressed, 0);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }
}
