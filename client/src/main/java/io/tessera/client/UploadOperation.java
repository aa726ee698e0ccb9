package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.protocol.data.Compression;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams one block to one server: WriteBegin, the caller's buffers cut into WriteChunks that fit one
 * Aeron frame, then WriteEnd; completes when the server acknowledges the block as durable. A buffer's
 * future completes once every byte of it is in the publication, so the caller may reuse it.
 */
final class UploadOperation extends Operation {
    private final BlockId block;
    private final long generation;
    private final List<StorageEndpoint> forward;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final CompletableFuture<WriteResult> result = new CompletableFuture<>();
    private boolean begun;
    private boolean finishRequested;
    private boolean endSent;
    private boolean abortRequested;
    private boolean abortSent;
    private long sent;
    private static final int NOT_COMPRESSED_YET = -2;
    private static final int MAX_CHUNK = 64 * 1024;
    private ChunkCompression compression;
    private UnsafeBuffer compressed;
    private int compressedLength = NOT_COMPRESSED_YET;

    private record Pending(ByteBuffer data, CompletableFuture<Void> written) {}

    UploadOperation(long correlationId, BlockId block, long generation, List<StorageEndpoint> forward) {
        super(correlationId);
        this.block = block;
        this.generation = generation;
        this.forward = forward;
    }

    CompletableFuture<WriteResult> result() {
        return result;
    }

    void enqueue(ByteBuffer data, CompletableFuture<Void> written) {
        if (finishRequested || result.isDone()) {
            written.completeExceptionally(
                    new TesseraException(ErrorCode.INVALID_ARGUMENT, "the upload of " + block + " is finished"));
            return;
        }
        queue.add(new Pending(data, written));
    }

    void requestFinish() {
        finishRequested = true;
    }

    /** Gives the block up: the caller's futures fail now, WriteAbort goes to the server on the next turn. */
    void requestAbort() {
        abortRequested = true;
        fail(new TesseraException(ErrorCode.INVALID_ARGUMENT, "the upload of " + block + " was aborted"));
    }

    @Override
    boolean hasOutput() {
        if (abortRequested) {
            return !abortSent;
        }
        return !begun || !queue.isEmpty() || (finishRequested && !endSent);
    }

    @Override
    boolean waitsOnServer() {
        return !abortRequested && (endSent || (begun && !queue.isEmpty()));
    }

    @Override
    boolean send(RequestProxy proxy) {
        if (abortRequested) {
            abortSent = !begun || proxy.writeAbort(correlationId);
            return abortSent;
        }
        if (!begun) {
            if (!proxy.writeBegin(correlationId, block, generation, forward)) {
                return false;
            }
            begun = true;
        }
        while (!queue.isEmpty()) {
            if (!sendChunks(proxy, queue.peek())) {
                return false;
            }
            queue.poll().written().complete(null);
        }
        if (finishRequested && !endSent) {
            if (!proxy.writeEnd(correlationId, sent)) {
                return false;
            }
            endSent = true;
        }
        return true;
    }

    /**
     * Sends the rest of one buffer; its position advances as chunks go out. On a compressing link each
     * chunk is offered to the stream's {@link ChunkCompression} once; a compressed chunk waiting for room
     * in the publication is kept, not compressed again.
     */
    private boolean sendChunks(RequestProxy proxy, Pending pending) {
        ByteBuffer data = pending.data();
        int maxChunk = proxy.maxChunkData();
        while (data.hasRemaining()) {
            int length = Math.min(maxChunk, data.remaining());
            view.wrap(data, data.position(), length);
            if (link.compresses && compressedLength == NOT_COMPRESSED_YET) {
                compressedLength = compression().compress(view, 0, length, compressed, 0);
            }
            boolean sentChunk = link.compresses && compressedLength != ChunkCompression.SEND_RAW
                    ? proxy.writeChunk(correlationId, sent, compressed, 0, compressedLength, Compression.LZ4, length)
                    : proxy.writeChunk(correlationId, sent, view, 0, length, Compression.NONE, length);
            if (!sentChunk) {
                return false;
            }
            compressedLength = NOT_COMPRESSED_YET;
            data.position(data.position() + length);
            sent += length;
        }
        return true;
    }

    private ChunkCompression compression() {
        if (compression == null) {
            compression = new ChunkCompression();
            compressed = new UnsafeBuffer(new byte[ChunkCompression.compressedLengthLimit(MAX_CHUNK) + 64]);
        }
        return compression;
    }

    void onAck(long length, int checksum, int replicas) {
        if (length != sent) {
            fail(new TesseraException(
                    ErrorCode.INTERNAL,
                    link + " acknowledged " + length + " bytes of " + block + ", " + sent + " were sent"));
            return;
        }
        result.complete(new WriteResult(length, checksum, replicas));
    }

    @Override
    boolean isDone() {
        return result.isDone() && (!abortRequested || abortSent);
    }

    @Override
    void fail(TesseraException error) {
        for (Pending pending : queue) {
            pending.written().completeExceptionally(error);
        }
        queue.clear();
        result.completeExceptionally(error);
    }
}
