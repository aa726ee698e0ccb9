package io.tessera.cli;

import io.tessera.common.Sizes;
import io.tessera.hadoop.RowGroupBlocks;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
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

/**
 * The demo's Parquet step: writes a small orders data set with parquet-hadoop through the Hadoop
 * connector ({@code tessera://}, row groups the size of a block), then shows from each file's footer and
 * its block locations that every row group lies inside one block, on the nodes printed beside it, and
 * reads the rows back.
 */
final class ParquetDemoStep {
    static final String DIRECTORY = "/demo/orders";
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message order { required int64 order_id; required int32 customer; required double price;"
                    + " required binary status (UTF8); }");
    private static final String[] STATUSES = {"OPEN", "SHIPPED", "RETURNED", "CANCELLED"};

    private final PrintStream out;
    private final long blockSize;
    private final int files;
    private final int rowsPerFile;

    ParquetDemoStep(PrintStream out, long blockSize, int files, int rowsPerFile) {
        this.out = out;
        this.blockSize = blockSize;
        this.files = files;
        this.rowsPerFile = rowsPerFile;
    }

    /** True when every row group of every file is inside one block and every row reads back. */
    boolean run(LocalCluster cluster) throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.tessera.aeron.dir", cluster.aeronDirectoryName());
        conf.setLong("fs.tessera.block.size", blockSize);
        URI uri = URI.create("tessera://" + cluster.metaAddress() + "/");
        // The cached instance: parquet-hadoop looks the file system up by path and gets this one, so closing
        // it here releases the connector's client before the cluster stops.
        try (FileSystem fs = FileSystem.get(uri, conf)) {
            boolean aligned = true;
            boolean complete = true;
            for (int i = 0; i < files; i++) {
                Path path = fs.makeQualified(new Path(DIRECTORY, "part-" + i + ".parquet"));
                write(fs, path, i);
                aligned &= report(fs, path);
                complete &= countRows(fs, path) == rowsPerFile;
            }
            out.println(
                    aligned
                            ? "    every row group sits inside one block"
                            : "    SOME ROW GROUPS CROSS A BLOCK BOUNDARY");
            out.println(complete ? "    every row read back" : "    ROWS MISSING");
            return aligned && complete;
        }
    }

    private void write(FileSystem fs, Path path, int seed) throws IOException {
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        SplittableRandom random = new SplittableRandom(seed);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(path)
                .withConf(fs.getConf())
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(blockSize)
                .withMaxPaddingSize((int) Math.min(Integer.MAX_VALUE, blockSize / 8))
                .build()) {
            for (int row = 0; row < rowsPerFile; row++) {
                writer.write(rows.newGroup()
                        .append("order_id", (long) seed * rowsPerFile + row)
                        .append("customer", random.nextInt(100_000))
                        .append("price", Math.round(random.nextDouble() * 100_000) / 100.0)
                        .append("status", STATUSES[random.nextInt(STATUSES.length)]));
            }
        }
    }

    private boolean report(FileSystem fs, Path path) throws IOException {
        List<RowGroupBlocks.Placement> placements = RowGroupBlocks.of(fs, path);
        out.println("    " + fs.makeQualified(path) + ": "
                + Sizes.format(fs.getFileStatus(path).getLen()) + ", " + placements.size() + " row groups");
        boolean aligned = true;
        for (RowGroupBlocks.Placement placement : placements) {
            long blockIndex = placement.block().getOffset() / blockSize;
            out.printf(
                    "      row group %d: %,d rows, bytes [%d, %d) in block %d [%d, %d) on %s %s%n",
                    placement.rowGroup(),
                    placement.rowCount(),
                    placement.start(),
                    placement.start() + placement.length(),
                    blockIndex,
                    placement.block().getOffset(),
                    placement.block().getOffset() + placement.block().getLength(),
                    String.join(",", placement.block().getTopologyPaths()),
                    placement.insideOneBlock() ? "- inside" : "- CROSSES INTO THE NEXT BLOCK");
            aligned &= placement.insideOneBlock();
        }
        return aligned;
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
