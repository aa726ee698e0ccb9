package io.tessera.client;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tessera.common.ErrorCode;
import io.tessera.protocol.data.ConnectedDecoder;
import io.tessera.protocol.data.ErrorDecoder;
import io.tessera.protocol.data.MessageHeaderDecoder;
import io.tessera.protocol.data.ParityAckDecoder;
import io.tessera.protocol.data.ReadDataDecoder;
import io.tessera.protocol.data.ReadEndDecoder;
import io.tessera.protocol.data.WriteAckDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/** Decodes the storage servers' replies and hands each to the conductor by correlation id. */
final class ReplyAdapter implements FragmentHandler {
    private static final int VAR_LENGTH = 4;

    private final ClientConductor conductor;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectedDecoder connected = new ConnectedDecoder();
    private final WriteAckDecoder writeAck = new WriteAckDecoder();
    private final ReadDataDecoder readData = new ReadDataDecoder();
    private final ReadEndDecoder readEnd = new ReadEndDecoder();
    private final ErrorDecoder error = new ErrorDecoder();
    private final ParityAckDecoder parityAck = new ParityAckDecoder();

    ReplyAdapter(ClientConductor conductor) {
        this.conductor = conductor;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header aeronHeader) {
        try {
            dispatch(buffer, offset, length);
        } catch (RuntimeException e) {
            // A reply that does not decode must end its operation, not leave it waiting for a timeout.
            boolean hasId = length >= MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES;
            long correlationId = hasId
                    ? buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN)
                    : 0;
            conductor.onError(
                    correlationId,
                    io.tessera.common.ErrorCode.MALFORMED_REQUEST.value(),
                    "a reply that does not decode: " + e);
        }
    }

    private void dispatch(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            conductor.onMalformedReply("a reply of " + length + " bytes");
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
            conductor.onMalformedReply("a reply of schema " + header.schemaId());
            return;
        }
        int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        int blockLength = header.blockLength();
        int version = header.version();
        switch (header.templateId()) {
            case ReadDataDecoder.TEMPLATE_ID -> onReadData(buffer, body, blockLength, version);
            case ReadEndDecoder.TEMPLATE_ID -> {
                readEnd.wrap(buffer, body, blockLength, version);
                conductor.onReadEnd(readEnd.correlationId());
            }
            case WriteAckDecoder.TEMPLATE_ID -> {
                writeAck.wrap(buffer, body, blockLength, version);
                conductor.onWriteAck(
                        writeAck.correlationId(), writeAck.length(), writeAck.checksum(), writeAck.replicas());
            }
            case ParityAckDecoder.TEMPLATE_ID -> onParityAck(buffer, body, blockLength, version);
            case ConnectedDecoder.TEMPLATE_ID -> {
                connected.wrap(buffer, body, blockLength, version);
                conductor.onConnected(connected.correlationId());
            }
            case ErrorDecoder.TEMPLATE_ID -> {
                error.wrap(buffer, body, blockLength, version);
                conductor.onError(error.correlationId(), error.code(), error.message());
            }
            default -> conductor.onMalformedReply("a reply with template " + header.templateId());
        }
    }

    private void onParityAck(DirectBuffer buffer, int body, int blockLength, int version) {
        parityAck.wrap(buffer, body, blockLength, version);
        long correlationId = parityAck.correlationId();
        List<ParityResult> results = new ArrayList<>();
        for (ParityAckDecoder.BlocksDecoder block : parityAck.blocks()) {
            ErrorCode error = block.code() == 0 ? null : ErrorCode.ofValue(block.code());
            results.add(new ParityResult(block.blockIndex(), error, block.length(), block.checksum()));
        }
        conductor.onParityAck(correlationId, results);
    }

    private void onReadData(DirectBuffer buffer, int body, int blockLength, int version) {
        readData.wrap(buffer, body, blockLength, version);
        int dataLength = readData.dataLength();
        int dataIndex = readData.limit() + VAR_LENGTH;
        boolean compressed = readData.compression() == io.tessera.protocol.data.Compression.LZ4;
        conductor.onReadData(
                readData.correlationId(),
                readData.blockOffset(),
                buffer,
                dataIndex,
                dataLength,
                compressed,
                readData.rawLength());
    }
}
