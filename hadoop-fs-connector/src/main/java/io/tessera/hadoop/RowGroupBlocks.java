package io.tessera.hadoop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Where the row groups of a Parquet file lie among the file's blocks, from its footer and one
 * {@code getFileBlockLocations} call: what shows that a reader of one row group reads one node. Needs
 * parquet-hadoop on the class path.
 */
public final class RowGroupBlocks {
    private RowGroupBlocks() {}

    /**
     * One row group: its byte range in the file and the block its first byte is in.
     *
     * @param hosts the hosts of that block
     */
    public record Placement(int rowGroup, long rowCount, long start, long length, BlockLocation block) {
        /** True when the whole row group lies inside its block. */
        public boolean insideOneBlock() {
            return start >= block.getOffset() && start + length <= block.getOffset() + block.getLength();
        }

        public String[] hosts() throws IOException {
            return block.getNames();
        }
    }

    /** The row groups of the Parquet file at {@code path}, in file order. */
    public static List<Placement> of(FileSystem fs, Path path) throws IOException {
        FileStatus status = fs.getFileStatus(path);
        List<BlockMetaData> rowGroups;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, fs.getConf()))) {
            rowGroups = reader.getFooter().getBlocks();
        }
        BlockLocation[] blocks = fs.getFileBlockLocations(status, 0, status.getLen());
        List<Placement> placements = new ArrayList<>(rowGroups.size());
        for (int i = 0; i < rowGroups.size(); i++) {
            BlockMetaData rowGroup = rowGroups.get(i);
            placements.add(new Placement(
                    i,
                    rowGroup.getRowCount(),
                    rowGroup.getStartingPos(),
                    rowGroup.getCompressedSize(),
                    blockOf(blocks, rowGroup.getStartingPos(), path)));
        }
        return placements;
    }

    private static BlockLocation blockOf(BlockLocation[] blocks, long position, Path path) throws IOException {
        for (BlockLocation block : blocks) {
            if (position >= block.getOffset() && position < block.getOffset() + block.getLength()) {
                return block;
            }
        }
        throw new IOException("no block of " + path + " holds byte " + position);
    }
}
