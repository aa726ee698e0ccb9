package io.tessera.storage;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.BufferClaim;
import io.tessera.client.ParityResult;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.protocol.data.Compression;
import io.tessera.protocol.data.ConnectedEncoder;
import io.tessera.protocol.data.ErrorEncoder;
import io.tessera.protocol.data.MessageHeaderEncoder;
import io.tessera.protocol.data.ParityAckEncoder;
import io.tessera.protocol.data.ReadDataEncoder;
import io.tessera.protocol.data.ReadEndEncoder;
import io.tessera.protocol.data.WriteAckEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes replies to one client straight into its publication with {@code tryClaim}. Every method
 * returns false when the publication cannot take the message now; the caller keeps it and retries.
 */
final class ReplyProxy {
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int VAR_LENGTH = 4;

    private final ExclusivePublication publication;
    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectedEncoder connected = new ConnectedEncoder();
    private final WriteAckEncoder writeAck = new WriteAckEncoder();
    private final ReadDataEncoder readData = new ReadDataEncoder();
    private final ReadEndEncoder readEnd = new ReadEndEncoder();
    private final ErrorEncoder error = new ErrorEncoder();
    private final ParityAckEncoder parityAck = new ParityAckEncoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    ReplyProxy(ExclusivePublication publication) {
        this.publication = publication;
    }

    /** The most block bytes one ReadData can carry. */
    int maxReadData() {
        return publication.maxPayloadLength() - HEADER - ReadDataEncoder.BLOCK_LENGTH - VAR_LENGTH;
    }

    boolean isConnected() {
        return publication.isConnected();
    }

    boolean connected(long correlationId, int maxChunkLength, String storageId) {
        int length = HEADER + ConnectedEncoder.BLOCK_LENGTH + VAR_LENGTH + utf8Length(storageId);
        if (!claim(length)) {
            return false;
        }
        connected
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .maxChunkLength(maxChunkLength)
                .storageId(storageId);
        claim.commit();
        return true;
    }

    boolean writeAck(long correlationId, long length, int checksum, int replicas) {
        if (!claim(HEADER + WriteAckEncoder.BLOCK_LENGTH)) {
            return false;
        }
        writeAck.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .length(length)
                .checksum(checksum)
                .replicas((short) replicas);
        claim.commit();
        return true;
    }

    /** Sends {@code data[index, index + length)}, which are the block's bytes at {@code blockOffset}. */
    boolean readData(long correlationId, long blockOffset, ByteBuffer data, int index, int length) {
        if (!claim(HEADER + ReadDataEncoder.BLOCK_LENGTH + VAR_LENGTH + length)) {
            return false;
        }
        view.wrap(data, index, length);
        readData.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .blockOffset(blockOffset)
                .rawLength(length)
                .compression(Compression.NONE)
                .putData(view, 0, length);
        claim.commit();
        return true;
    }

    /**
     * Sends the first {@code headLength} bytes of the chunk at {@code chunkStart}, read by {@code store}
     * straight into the claimed frame, and leaves the rest of the chunk in {@code tail} for the caller to
     * send next: a raw read then costs one copy on this side (page cache to term buffer) and its CRC32C
     * check, which covers head and tail before anything is sent. When the store refuses (a corrupt chunk, a
     * deleted block) the claim is aborted, nothing is sent, and the exception propagates.
     */
    boolean readChunkFrom(
            BlockStore store, BlockId block, long correlationId, long chunkStart, int headLength, ByteBuffer tail) {
        if (!claim(HEADER + ReadDataEncoder.BLOCK_LENGTH + VAR_LENGTH + headLength)) {
            return false;
        }
        try {
            readData.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                    .correlationId(correlationId)
                    .blockOffset(chunkStart)
                    .rawLength(headLength)
                    .compression(Compression.NONE);
            int lengthIndex = claim.offset() + HEADER + ReadDataEncoder.BLOCK_LENGTH;
            claim.buffer().putInt(lengthIndex, headLength, ByteOrder.LITTLE_ENDIAN);
            store.readChunk(block, chunkStart, frameSlice(lengthIndex + VAR_LENGTH, headLength), tail);
        } catch (RuntimeException e) {
            claim.abort();
            throw e;
        }
        claim.commit();
        return true;
    }

    /** The claimed term buffer's bytes at {@code index} as a ByteBuffer a FileChannel can read into. */
    private ByteBuffer frameSlice(int index, int length) {
        ByteBuffer term = claim.buffer().byteBuffer();
        if (term == null) {
            throw new IllegalStateException("the publication's term buffer is not backed by a ByteBuffer");
        }
        return term.slice(claim.buffer().wrapAdjustment() + index, length);
    }

    /** Sends an LZ4 block of {@code length} bytes that decodes to the block's {@code rawLength} bytes at {@code blockOffset}. */
    boolean readDataCompressed(long correlationId, long blockOffset, DirectBuffer data, int length, int rawLength) {
        if (!claim(HEADER + ReadDataEncoder.BLOCK_LENGTH + VAR_LENGTH + length)) {
            return false;
        }
        readData.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .blockOffset(blockOffset)
                .rawLength(rawLength)
                .compression(Compression.LZ4)
                .putData(data, 0, length);
        claim.commit();
        return true;
    }

    boolean parityAck(long correlationId, List<ParityResult> results) {
        int length = HEADER
                + ParityAckEncoder.BLOCK_LENGTH
                + ParityAckEncoder.BlocksEncoder.sbeHeaderSize()
                + results.size() * ParityAckEncoder.BlocksEncoder.sbeBlockLength();
        if (!claim(length)) {
            return false;
        }
        ParityAckEncoder.BlocksEncoder blocks = parityAck
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .blocksCount(results.size());
        for (ParityResult result : results) {
            blocks.next()
                    .blockIndex((short) result.blockIndex())
                    .code(result.error() == null ? 0 : result.error().value())
                    .length(result.length())
                    .checksum(result.checksum());
        }
        claim.commit();
        return true;
    }

    boolean readEnd(long correlationId, long blockLength) {
        if (!claim(HEADER + ReadEndEncoder.BLOCK_LENGTH)) {
            return false;
        }
        readEnd.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .blockLength(blockLength);
        claim.commit();
        return true;
    }

    boolean error(long correlationId, ErrorCode code, String message) {
        String text = message.length() > 4000 ? message.substring(0, 4000) : message;
        if (!claim(HEADER + ErrorEncoder.BLOCK_LENGTH + VAR_LENGTH + utf8Length(text))) {
            return false;
        }
        error.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .correlationId(correlationId)
                .code(code.value())
                .message(text);
        claim.commit();
        return true;
    }

    void close() {
        publication.close();
    }

    private boolean claim(int length) {
        return publication.tryClaim(length, claim) > 0;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
