package io.tessera.storage;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tessera.client.ParityTarget;
import io.tessera.client.StorageEndpoint;
import io.tessera.common.BlockId;
import io.tessera.protocol.data.Compression;
import io.tessera.protocol.data.ConnectDecoder;
import io.tessera.protocol.data.DisconnectDecoder;
import io.tessera.protocol.data.MessageHeaderDecoder;
import io.tessera.protocol.data.ParityBeginDecoder;
import io.tessera.protocol.data.ParityChunkDecoder;
import io.tessera.protocol.data.ParityEndDecoder;
import io.tessera.protocol.data.ReadRequestDecoder;
import io.tessera.protocol.data.WriteAbortDecoder;
import io.tessera.protocol.data.WriteBeginDecoder;
import io.tessera.protocol.data.WriteChunkDecoder;
import io.tessera.protocol.data.WriteEndDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Decodes data-plane requests and hands them to the conductor. Anything that does not decode — wrong
 * schema, unknown template, truncated fields, bad block ids — becomes a MALFORMED_REQUEST for the
 * conductor to answer (when the sender can be told) and count; it never escapes the duty cycle.
 */
final class RequestAdapter implements FragmentHandler {
    private static final int VAR_LENGTH = 4;
    /** Every request body starts with clientId and, except Disconnect, correlationId. */
    private static final int IDS_LENGTH = 16;

    private final StorageConductor conductor;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final DisconnectDecoder disconnect = new DisconnectDecoder();
    private final WriteBeginDecoder writeBegin = new WriteBeginDecoder();
    private final WriteChunkDecoder writeChunk = new WriteChunkDecoder();
    private final WriteEndDecoder writeEnd = new WriteEndDecoder();
    private final WriteAbortDecoder writeAbort = new WriteAbortDecoder();
    private final ReadRequestDecoder readRequest = new ReadRequestDecoder();
    private final ParityBeginDecoder parityBegin = new ParityBeginDecoder();
    private final ParityChunkDecoder parityChunk = new ParityChunkDecoder();
    private final ParityEndDecoder parityEnd = new ParityEndDecoder();

    RequestAdapter(StorageConductor conductor) {
        this.conductor = conductor;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header aeronHeader) {
        try {
            dispatch(buffer, offset, length);
        } catch (RuntimeException e) {
            malformed(buffer, offset, length, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void dispatch(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            conductor.onMalformed(0, 0, "a message of " + length + " bytes is shorter than a header");
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
            malformed(
                    buffer,
                    offset,
                    length,
                    "schema " + header.schemaId() + " is not the data plane's " + MessageHeaderDecoder.SCHEMA_ID);
            return;
        }
        int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        int blockLength = header.blockLength();
        int version = header.version();
        if (body + blockLength > offset + length) {
            malformed(buffer, offset, length, "the message is shorter than its header says");
            return;
        }
        switch (header.templateId()) {
            case WriteChunkDecoder.TEMPLATE_ID -> onWriteChunk(buffer, body, blockLength, version, offset + length);
            case ReadRequestDecoder.TEMPLATE_ID -> onReadRequest(buffer, body, blockLength, version);
            case WriteBeginDecoder.TEMPLATE_ID -> onWriteBegin(buffer, body, blockLength, version);
            case ParityChunkDecoder.TEMPLATE_ID -> onParityChunk(buffer, body, blockLength, version, offset + length);
            case ParityBeginDecoder.TEMPLATE_ID -> onParityBegin(buffer, body, blockLength, version);
            case ParityEndDecoder.TEMPLATE_ID -> {
                parityEnd.wrap(buffer, body, blockLength, version);
                conductor.onParityEnd(parityEnd.clientId(), parityEnd.correlationId());
            }
            case WriteEndDecoder.TEMPLATE_ID -> {
                writeEnd.wrap(buffer, body, blockLength, version);
                conductor.onWriteEnd(writeEnd.clientId(), writeEnd.correlationId(), writeEnd.length());
            }
            case WriteAbortDecoder.TEMPLATE_ID -> {
                writeAbort.wrap(buffer, body, blockLength, version);
                conductor.onWriteAbort(writeAbort.clientId(), writeAbort.correlationId());
            }
            case ConnectDecoder.TEMPLATE_ID -> {
                connect.wrap(buffer, body, blockLength, version);
                conductor.onConnect(
                        connect.clientId(), connect.correlationId(), connect.replyStreamId(), connect.replyChannel());
            }
            case DisconnectDecoder.TEMPLATE_ID -> {
                disconnect.wrap(buffer, body, blockLength, version);
                conductor.onDisconnect(disconnect.clientId());
            }
            default -> malformed(buffer, offset, length, "unknown message template " + header.templateId());
        }
    }

    private void onWriteBegin(DirectBuffer buffer, int body, int blockLength, int version) {
        WriteBeginDecoder d = writeBegin.wrap(buffer, body, blockLength, version);
        long clientId = d.clientId();
        long correlationId = d.correlationId();
        BlockId block = new BlockId(d.blockGroup(), d.blockIndex());
        long generation = d.generation();
        List<StorageEndpoint> forward = new ArrayList<>();
        for (WriteBeginDecoder.ForwardDecoder next : d.forward()) {
            int port = next.dataPort();
            String host = next.host();
            forward.add(new StorageEndpoint(host, port, next.aeronDirectory()));
        }
        conductor.onWriteBegin(clientId, correlationId, block, generation, forward);
    }

    private void onWriteChunk(DirectBuffer buffer, int body, int blockLength, int version, int messageEnd) {
        writeChunk.wrap(buffer, body, blockLength, version);
        int dataLength = writeChunk.dataLength();
        int dataIndex = writeChunk.limit() + VAR_LENGTH;
        if (dataLength < 0 || dataIndex + dataLength > messageEnd) {
            conductor.onMalformed(
                    writeChunk.clientId(),
                    writeChunk.correlationId(),
                    "a chunk claims " + dataLength + " bytes but carries " + (messageEnd - dataIndex));
            return;
        }
        boolean compressed = writeChunk.compression() == Compression.LZ4;
        if (!compressed && (writeChunk.compression() != Compression.NONE || writeChunk.rawLength() != dataLength)) {
            conductor.onMalformed(
                    writeChunk.clientId(),
                    writeChunk.correlationId(),
                    "a chunk with compression "
                            + writeChunk.compression() + " and raw length " + writeChunk.rawLength() + " for "
                            + dataLength
                            + " bytes");
            return;
        }
        conductor.onWriteChunk(
                writeChunk.clientId(),
                writeChunk.correlationId(),
                writeChunk.blockOffset(),
                buffer,
                dataIndex,
                dataLength,
                compressed,
                writeChunk.rawLength());
    }

    private void onParityBegin(DirectBuffer buffer, int body, int blockLength, int version) {
        ParityBeginDecoder d = parityBegin.wrap(buffer, body, blockLength, version);
        long clientId = d.clientId();
        long correlationId = d.correlationId();
        long group = d.blockGroup();
        long generation = d.generation();
        int policyId = d.policyId();
        long maxBlockLength = d.maxBlockLength();
        List<ParityTarget> others = new ArrayList<>();
        for (ParityBeginDecoder.OthersDecoder other : d.others()) {
            int index = other.blockIndex();
            int port = other.dataPort();
            String host = other.host();
            String aeronDirectory = other.aeronDirectory();
            others.add(new ParityTarget(index, new StorageEndpoint(host, port, aeronDirectory)));
        }
        conductor.onParityBegin(clientId, correlationId, group, generation, policyId, maxBlockLength, others);
    }

    private void onParityChunk(DirectBuffer buffer, int body, int blockLength, int version, int messageEnd) {
        ParityChunkDecoder d = parityChunk.wrap(buffer, body, blockLength, version);
        int dataLength = d.dataLength();
        int dataIndex = d.limit() + VAR_LENGTH;
        if (dataLength < 0 || dataIndex + dataLength > messageEnd || d.compression() != Compression.NONE) {
            conductor.onMalformed(d.clientId(), d.correlationId(), "a parity chunk that does not decode");
            return;
        }
        conductor.onParityChunk(
                d.clientId(), d.correlationId(), d.dataIndex(), d.blockOffset(), buffer, dataIndex, dataLength);
    }

    private void onReadRequest(DirectBuffer buffer, int body, int blockLength, int version) {
        readRequest.wrap(buffer, body, blockLength, version);
        BlockId block = new BlockId(readRequest.blockGroup(), readRequest.blockIndex());
        boolean compress = readRequest.acceptCompression() == io.tessera.protocol.data.BooleanType.TRUE;
        conductor.onReadRequest(
                readRequest.clientId(),
                readRequest.correlationId(),
                block,
                readRequest.blockOffset(),
                readRequest.rangeLength(),
                compress);
    }

    /** Reports a request that does not decode, with the ids when the body is long enough to hold them. */
    private void malformed(DirectBuffer buffer, int offset, int length, String reason) {
        int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        boolean hasIds = length >= MessageHeaderDecoder.ENCODED_LENGTH + IDS_LENGTH;
        long clientId = hasIds ? buffer.getLong(body, java.nio.ByteOrder.LITTLE_ENDIAN) : 0;
        long correlationId = hasIds ? buffer.getLong(body + 8, java.nio.ByteOrder.LITTLE_ENDIAN) : 0;
        conductor.onMalformed(clientId, correlationId, reason);
    }
}
