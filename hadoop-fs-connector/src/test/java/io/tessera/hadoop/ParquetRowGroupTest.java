package io.tessera.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.FileLocations;
import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parquet written through the connector keeps each row group inside one data block: parquet-hadoop pads
 * to block boundaries of {@code getDefaultBlockSize}. Shown from the file's footer, and from the client's
 * own {@code locate} of each row group's byte range (one block, on one node).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ParquetRowGroupTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message order { required int64 id; required double price; required binary note (UTF8); }");
    private static final int ROWS = 200_000;

    @Test
    void shouldKeepEveryRowGroupInsideOneDataBlock() throws IOException {
        FileSystem fs = FileSystem.get(URI.create(SharedCluster.uri()), SharedCluster.configuration());
        Path path = new Path("/parquet-row-groups/orders.parquet");
        write(fs, path);

        List<RowGroupBlocks.Placement> placements = RowGroupBlocks.of(fs, path);

        assertTrue(placements.size() >= 4, "several row groups: " + placements);
        assertEquals(
                ROWS,
                placements.stream()
                        .mapToLong(RowGroupBlocks.Placement::rowCount)
                        .sum());
        try (TesseraClient client = SharedCluster.get().connect()) {
            for (RowGroupBlocks.Placement placement : placements) {
                assertTrue(placement.insideOneBlock(), placement::toString);
                FileLocations located = client.locate(path.toUri().getPath(), placement.start(), placement.length());
                assertEquals(StoragePolicy.RS_3_2, located.policy());
                long blockSize = located.blockSize();
                long firstBlock = placement.start() / blockSize;
                long lastBlock = (placement.start() + placement.length() - 1) / blockSize;
                assertEquals(firstBlock, lastBlock, () -> placement + " crosses a block boundary of " + blockSize);
                FileLocations.GroupLocation group = located.groups().get(0);
                int dataIndex = (int) ((placement.start() - group.fileOffset()) / blockSize);
                assertEquals(
                        1,
                        group.blocks().stream()
                                .filter(b -> b.index() == dataIndex)
                                .count(),
                        "an erasure-coded data block lives on one node");
            }
        }
        assertEquals(ROWS, countRows(fs, path));
    }

    private static void write(FileSystem fs, Path path) throws IOException {
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        Random random = new Random(7);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(path)
                .withConf(fs.getConf())
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(SharedCluster.BLOCK_SIZE)
                .withMaxPaddingSize((int) SharedCluster.BLOCK_SIZE / 8)
                .withPageSize(64 * 1024)
                .build()) {
            for (int i = 0; i < ROWS; i++) {
                writer.write(rows.newGroup()
                        .append("id", (long) i)
                        .append("price", random.nextDouble() * 1000)
                        .append("note", Long.toHexString(random.nextLong())));
            }
        }
    }

    private static long countRows(FileSystem fs, Path path) throws IOException {
        long count = 0;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path)
                .withConf(fs.getConf())
                .build()) {
            while (reader.read() != null) {
                count++;
            }
        }
        return count;
    }
}
