package io.tessera.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.protocol.data.ConnectDecoder;
import io.tessera.protocol.data.ConnectEncoder;
import io.tessera.protocol.data.WriteChunkDecoder;
import io.tessera.protocol.data.WriteChunkEncoder;
import io.tessera.protocol.meta.LocationsDecoder;
import io.tessera.protocol.meta.LocationsEncoder;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The generated codecs encode and decode what the schemas say, headers included. */
class CodecRoundTripTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    @Test
    void shouldRoundTripAConnectWithItsReplyChannel() {
        io.tessera.protocol.data.MessageHeaderEncoder header = new io.tessera.protocol.data.MessageHeaderEncoder();
        new ConnectEncoder()
                .wrapAndApplyHeader(buffer, 0, header)
                .clientId(42)
                .correlationId(7)
                .replyStreamId(1001)
                .replyChannel("aeron:udp?endpoint=127.0.0.1:40123");

        io.tessera.protocol.data.MessageHeaderDecoder headerDecoder =
                new io.tessera.protocol.data.MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(101, headerDecoder.schemaId());
        assertEquals(ConnectDecoder.TEMPLATE_ID, headerDecoder.templateId());
        ConnectDecoder decoder = new ConnectDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(42, decoder.clientId());
        assertEquals(7, decoder.correlationId());
        assertEquals(1001, decoder.replyStreamId());
        assertEquals("aeron:udp?endpoint=127.0.0.1:40123", decoder.replyChannel());
    }

    @Test
    void shouldCarryChunkBytesWithTheirOffset() {
        byte[] bytes = {1, 2, 3, 4, 5};
        WriteChunkEncoder encoder = new WriteChunkEncoder()
                .wrapAndApplyHeader(buffer, 0, new io.tessera.protocol.data.MessageHeaderEncoder())
                .clientId(1)
                .correlationId(2)
                .blockOffset(1L << 33)
                .rawLength(bytes.length);
        encoder.putData(bytes, 0, bytes.length);

        WriteChunkDecoder decoder = new WriteChunkDecoder()
                .wrapAndApplyHeader(buffer, 0, new io.tessera.protocol.data.MessageHeaderDecoder());
        assertEquals(1L << 33, decoder.blockOffset());
        byte[] read = new byte[decoder.dataLength()];
        decoder.getData(read, 0, read.length);
        assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(read));
    }

    @Test
    void shouldRoundTripNestedGroupsOfLocations() {
        LocationsEncoder encoder = new LocationsEncoder()
                .wrapAndApplyHeader(buffer, 0, new io.tessera.protocol.meta.MessageHeaderEncoder())
                .correlationId(9)
                .fileLength(300)
                .blockSize(128)
                .policyId((short) 21);
        LocationsEncoder.GroupsEncoder groups = encoder.groupsCount(2);
        for (int g = 0; g < 2; g++) {
            LocationsEncoder.GroupsEncoder.BlocksEncoder blocks = groups.next()
                    .blockGroup(100 + g)
                    .generation(1)
                    .fileOffset(g * 128L)
                    .blocksCount(3);
            for (int b = 0; b < 3; b++) {
                blocks.next()
                        .blockIndex((short) b)
                        .nodeId(g * 3 + b)
                        .length(128)
                        .checksum(b);
            }
        }
        encoder.nodesCount(1)
                .next()
                .nodeId(5)
                .dataPort(7200)
                .flightPort(8816)
                .host("127.0.0.1")
                .rack("r1")
                .zone("z1");

        LocationsDecoder decoder = new LocationsDecoder()
                .wrapAndApplyHeader(buffer, 0, new io.tessera.protocol.meta.MessageHeaderDecoder());
        assertEquals(300, decoder.fileLength());
        int blocksSeen = 0;
        for (LocationsDecoder.GroupsDecoder group : decoder.groups()) {
            for (LocationsDecoder.GroupsDecoder.BlocksDecoder block : group.blocks()) {
                assertEquals((group.blockGroup() - 100) * 3 + block.blockIndex(), block.nodeId());
                blocksSeen++;
            }
        }
        assertEquals(6, blocksSeen);
        LocationsDecoder.NodesDecoder nodes = decoder.nodes();
        assertEquals(1, nodes.count());
        nodes.next();
        assertEquals("127.0.0.1", nodes.host());
        assertEquals("r1", nodes.rack());
        assertEquals("z1", nodes.zone());
    }
}
