package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.agrona.DirectBuffer;

/**
 * Reads one byte range of one block into the caller's buffer: the server streams verified ReadData
 * chunks, each with its offset, copied straight to their place, then ReadEnd. Completes with the number
 * of bytes read, which is the whole range or an error: never a short read.
 */
final class ReadOperation extends Operation {
    private final BlockId block;
    private final long offset;
    private final ByteBuffer destination;
    private final int length;
    private final CompletableFuture<Integer> result;
    private final org.agrona.concurrent.UnsafeBuffer target = new org.agrona.concurrent.UnsafeBuffer(0, 0);
    private ChunkCompression decompression;
    private boolean requested;
    private long received;

    ReadOperation(
            long correlationId, BlockId block, long offset, ByteBuffer destination, CompletableFuture<Integer> result) {
        super(correlationId);
        this.block = block;
        this.offset = offset;
        this.destination = destination;
        this.length = destination.remaining();
        this.result = result;
    }

    @Override
    boolean hasOutput() {
        return !requested;
    }

    @Override
    boolean waitsOnServer() {
        return true;
    }

    @Override
    boolean send(RequestProxy proxy) {
        if (!requested && proxy.read(correlationId, block, offset, length, link.compresses)) {
            requested = true;
        }
        return requested;
    }

    void onData(long blockOffset, DirectBuffer buffer, int index, int dataLength, boolean compressed, int rawLength) {
        long at = blockOffset - offset;
        int landing = compressed ? rawLength : dataLength;
        if (at < 0 || at + landing > length) {
            fail(new TesseraException(
                    ErrorCode.INTERNAL,
                    link + " sent bytes [" + blockOffset + ", "
                            + (blockOffset + dataLength) + ") of " + block + " for a read of [" + offset + ", "
                            + (offset + length) + ")"));
            return;
        }
        if (compressed) {
            try {
                target.wrap(destination, destination.position() + (int) at, rawLength);
                decompression().decompress(buffer, index, dataLength, target, 0, rawLength);
            } catch (TesseraException e) {
                fail(new TesseraException(e.code(), link + " sent a chunk of " + block + " that " + e.getMessage()));
                return;
            }
        } else {
            buffer.getBytes(index, destination, destination.position() + (int) at, dataLength);
        }
        received += landing;
    }

    private ChunkCompression decompression() {
        if (decompression == null) {
            decompression = new ChunkCompression();
        }
        return decompression;
    }

    void onEnd() {
        if (received != length) {
            fail(new TesseraException(
                    ErrorCode.INTERNAL,
                    link + " ended a read of " + block + " after " + received + " of " + length + " bytes"));
            return;
        }
        result.complete(length);
    }

    @Override
    boolean isDone() {
        return result.isDone();
    }

    @Override
    void fail(TesseraException error) {
        result.completeExceptionally(error);
    }
}
