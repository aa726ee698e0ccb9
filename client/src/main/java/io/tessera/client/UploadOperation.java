package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.protocol.data.Compression;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams one block to one server (the head of a replication pipeline when {@code forward} names more):
 * WriteBegin, WriteChunks, WriteEnd; completes when the server acknowledges the block as durable.
 *
 * <p>On a compressing link each chunk is offered to the stream's {@link ChunkCompression} once; a
 * compressed chunk waiting for room in the publication is kept, not compressed again.
 */
final class UploadOperation extends StreamOperation<WriteResult> {
    private static final int NOT_COMPRESSED_YET = -2;
    private static final int MAX_CHUNK = 64 * 1024;

    private final BlockId block;
    private final long generation;
    private final List<StorageEndpoint> forward;
    private long sent;
    private ChunkCompression compression;
    private UnsafeBuffer compressed;
    private int compressedLength = NOT_COMPRESSED_YET;

    UploadOperation(long correlationId, BlockId block, long generation, List<StorageEndpoint> forward) {
        super(correlationId);
        this.block = block;
        this.generation = generation;
        this.forward = forward;
    }

    @Override
    String describe() {
        return "the upload of " + block;
    }

    @Override
    boolean sendBegin(RequestProxy proxy) {
        return proxy.writeBegin(correlationId, block, generation, forward);
    }

    @Override
    int maxChunk(RequestProxy proxy) {
        return proxy.maxChunkData();
    }

    @Override
    boolean sendChunk(RequestProxy proxy, Pending pending, int length) {
        if (link.compresses && compressedLength == NOT_COMPRESSED_YET) {
            compressedLength = compression().compress(view, 0, length, compressed, 0);
        }
        boolean sentChunk = link.compresses && compressedLength != ChunkCompression.SEND_RAW
                ? proxy.writeChunk(correlationId, sent, compressed, 0, compressedLength, Compression.LZ4, length)
                : proxy.writeChunk(correlationId, sent, view, 0, length, Compression.NONE, length);
        if (sentChunk) {
            compressedLength = NOT_COMPRESSED_YET;
            sent += length;
        }
        return sentChunk;
    }

    @Override
    boolean sendEnd(RequestProxy proxy) {
        return proxy.writeEnd(correlationId, sent);
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
}
