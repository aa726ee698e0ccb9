package io.tessera.client;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.protocol.data.BooleanType;
import io.tessera.protocol.data.Compression;
import io.tessera.protocol.data.ConnectEncoder;
import io.tessera.protocol.data.DisconnectEncoder;
import io.tessera.protocol.data.MessageHeaderEncoder;
import io.tessera.protocol.data.ParityBeginEncoder;
import io.tessera.protocol.data.ParityChunkEncoder;
import io.tessera.protocol.data.ParityEndEncoder;
import io.tessera.protocol.data.ReadRequestEncoder;
import io.tessera.protocol.data.WriteAbortEncoder;
import io.tessera.protocol.data.WriteBeginEncoder;
import io.tessera.protocol.data.WriteChunkEncoder;
import io.tessera.protocol.data.WriteEndEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Encodes data-plane requests straight into one server's publication with {@code tryClaim}. Every method
 * returns false when the publication cannot take the message now (back-pressure, not yet connected):
 * the caller keeps the request and tries again on a later duty cycle. Single-threaded.
 */
final class RequestProxy {
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int VAR_LENGTH = 4;

    private final ExclusivePublication publication;
    private final long clientId;
    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectEncoder connect = new ConnectEncoder();
    private final DisconnectEncoder disconnect = new DisconnectEncoder();
    private final WriteBeginEncoder writeBegin = new WriteBeginEncoder();
    private final WriteChunkEncoder writeChunk = new WriteChunkEncoder();
    private final WriteEndEncoder writeEnd = new WriteEndEncoder();
    private final WriteAbortEncoder writeAbort = new WriteAbortEncoder();
    private final ParityBeginEncoder parityBegin = new ParityBeginEncoder();
    private final ParityChunkEncoder parityChunk = new ParityChunkEncoder();
    private final ParityEndEncoder parityEnd = new ParityEndEncoder();
    private final ReadRequestEncoder readRequest = new ReadRequestEncoder();

    RequestProxy(ExclusivePublication publication, long clientId) {
        this.publication = publication;
        this.clientId = clientId;
    }

    /** The most block bytes one WriteChunk can carry on this publication. */
    int maxChunkData() {
        return publication.maxPayloadLength() - HEADER - WriteChunkEncoder.BLOCK_LENGTH - VAR_LENGTH;
    }

    boolean connect(long correlationId, int replyStreamId, String replyChannel) {
        int length = HEADER
                + ConnectEncoder.BLOCK_LENGTH
                + VAR_LENGTH
                + replyChannel.getBytes(StandardCharsets.UTF_8).length;
        if (!claim(length)) {
            return false;
        }
        connect.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .replyStreamId(replyStreamId)
                .replyChannel(replyChannel);
        claim.commit();
        return true;
    }

    boolean disconnect() {
        if (!claim(HEADER + DisconnectEncoder.BLOCK_LENGTH)) {
            return false;
        }
        disconnect.wrapAndApplyHeader(claim.buffer(), claim.offset(), header).clientId(clientId);
        claim.commit();
        return true;
    }

    boolean writeBegin(long correlationId, BlockId block, long generation, List<StorageEndpoint> forward) {
        int length = HEADER + WriteBeginEncoder.BLOCK_LENGTH + WriteBeginEncoder.ForwardEncoder.sbeHeaderSize();
        for (StorageEndpoint next : forward) {
            length += WriteBeginEncoder.ForwardEncoder.sbeBlockLength()
                    + 2 * VAR_LENGTH
                    + next.host().getBytes(StandardCharsets.UTF_8).length
                    + next.aeronDirectory().getBytes(StandardCharsets.UTF_8).length;
        }
        if (!claim(length)) {
            return false;
        }
        WriteBeginEncoder.ForwardEncoder entries = writeBegin
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .blockGroup(block.group())
                .blockIndex((short) block.index())
                .generation(generation)
                .forwardCount(forward.size());
        for (StorageEndpoint next : forward) {
            entries.next().dataPort(next.dataPort()).host(next.host()).aeronDirectory(next.aeronDirectory());
        }
        claim.commit();
        return true;
    }

    /**
     * Sends {@code length} bytes of {@code source} at {@code sourceOffset} as the block's bytes at {@code
     * blockOffset}: raw when {@code compression} is NONE, else an LZ4 block that decodes to {@code rawLength}.
     */
    boolean writeChunk(
            long correlationId,
            long blockOffset,
            DirectBuffer source,
            int sourceOffset,
            int length,
            Compression compression,
            int rawLength) {
        if (!claim(HEADER + WriteChunkEncoder.BLOCK_LENGTH + VAR_LENGTH + length)) {
            return false;
        }
        writeChunk
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .blockOffset(blockOffset)
                .rawLength(rawLength)
                .compression(compression)
                .putData(source, sourceOffset, length);
        claim.commit();
        return true;
    }

    boolean writeEnd(long correlationId, long length) {
        if (!claim(HEADER + WriteEndEncoder.BLOCK_LENGTH)) {
            return false;
        }
        writeEnd.wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .length(length);
        claim.commit();
        return true;
    }

    /** The most data bytes one ParityChunk can carry on this publication. */
    int maxParityChunkData() {
        return publication.maxPayloadLength() - HEADER - ParityChunkEncoder.BLOCK_LENGTH - VAR_LENGTH;
    }

    boolean parityBegin(
            long correlationId,
            long group,
            long generation,
            int policyId,
            long maxBlockLength,
            List<ParityTarget> others) {
        int length = HEADER + ParityBeginEncoder.BLOCK_LENGTH + ParityBeginEncoder.OthersEncoder.sbeHeaderSize();
        for (ParityTarget other : others) {
            length += ParityBeginEncoder.OthersEncoder.sbeBlockLength()
                    + 2 * VAR_LENGTH
                    + other.endpoint().host().getBytes(StandardCharsets.UTF_8).length
                    + other.endpoint().aeronDirectory().getBytes(StandardCharsets.UTF_8).length;
        }
        if (!claim(length)) {
            return false;
        }
        parityBegin
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .blockGroup(group)
                .generation(generation)
                .policyId((short) policyId)
                .maxBlockLength(maxBlockLength);
        ParityBeginEncoder.OthersEncoder entries = parityBegin.othersCount(others.size());
        for (ParityTarget other : others) {
            entries.next()
                    .blockIndex((short) other.blockIndex())
                    .dataPort(other.endpoint().dataPort())
                    .host(other.endpoint().host())
                    .aeronDirectory(other.endpoint().aeronDirectory());
        }
        claim.commit();
        return true;
    }

    boolean parityChunk(
            long correlationId, int dataIndex, long blockOffset, DirectBuffer source, int sourceOffset, int length) {
        if (!claim(HEADER + ParityChunkEncoder.BLOCK_LENGTH + VAR_LENGTH + length)) {
            return false;
        }
        parityChunk
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .dataIndex((short) dataIndex)
                .blockOffset(blockOffset)
                .rawLength(length)
                .compression(Compression.NONE)
                .putData(source, sourceOffset, length);
        claim.commit();
        return true;
    }

    boolean parityEnd(long correlationId) {
        if (!claim(HEADER + ParityEndEncoder.BLOCK_LENGTH)) {
            return false;
        }
        parityEnd
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId);
        claim.commit();
        return true;
    }

    boolean writeAbort(long correlationId) {
        if (!claim(HEADER + WriteAbortEncoder.BLOCK_LENGTH)) {
            return false;
        }
        writeAbort
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId);
        claim.commit();
        return true;
    }

    boolean read(long correlationId, BlockId block, long offset, long length, boolean acceptCompression) {
        if (!claim(HEADER + ReadRequestEncoder.BLOCK_LENGTH)) {
            return false;
        }
        readRequest
                .wrapAndApplyHeader(claim.buffer(), claim.offset(), header)
                .clientId(clientId)
                .correlationId(correlationId)
                .blockGroup(block.group())
                .blockIndex((short) block.index())
                .blockOffset(offset)
                .rangeLength(length)
                .acceptCompression(acceptCompression ? BooleanType.TRUE : BooleanType.FALSE);
        claim.commit();
        return true;
    }

    private boolean claim(int length) {
        long result = publication.tryClaim(length, claim);
        if (result > 0) {
            return true;
        }
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
            throw new TesseraException(ErrorCode.UNAVAILABLE, "the request channel is closed");
        }
        return false;
    }
}
