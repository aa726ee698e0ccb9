package io.tessera.hadoop;

import io.tessera.client.FileLocations;
import io.tessera.client.NodeEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.BlockLocation;

/**
 * Hadoop's view of where a file's bytes are: one {@link BlockLocation} per data block (the unit a
 * scheduler places a task on), with the live nodes holding it — every replica of a replicated block, the
 * one node of an erasure-coded data block. Names are {@code host:dataPort} and topology paths {@code
 * /zone/rack/host:dataPort}, the form HDFS gives. A data block whose node is down has the group's live
 * nodes instead: its bytes are decoded from them.
 */
final class BlockLocations {
    private BlockLocations() {}

    /** The data blocks of {@code locations} that overlap {@code [start, start + length)}. */
    static BlockLocation[] of(FileLocations locations, long start, long length) {
        long blockSize = locations.blockSize();
        int dataBlocks = locations.policy().dataBlocks();
        long end = Math.min(locations.fileLength(), start + length);
        List<BlockLocation> result = new ArrayList<>();
        for (FileLocations.GroupLocation group : locations.groups()) {
            for (int j = 0; j < dataBlocks; j++) {
                long blockStart = group.fileOffset() + j * blockSize;
                long blockEnd = Math.min(blockStart + blockSize, locations.fileLength());
                if (blockStart < blockEnd && blockStart < end && blockEnd > start) {
                    result.add(location(holders(locations, group, j), blockStart, blockEnd - blockStart));
                }
            }
        }
        return result.toArray(new BlockLocation[0]);
    }

    private static List<NodeEndpoint> holders(
            FileLocations locations, FileLocations.GroupLocation group, int dataIndex) {
        boolean replicated = !locations.policy().isErasureCoded();
        Set<NodeEndpoint> holders = new LinkedHashSet<>();
        Set<NodeEndpoint> live = new LinkedHashSet<>();
        for (FileLocations.BlockLocation block : group.blocks()) {
            if (block.node().live()) {
                live.add(block.node());
                if (replicated || block.index() == dataIndex) {
                    holders.add(block.node());
                }
            }
        }
        return new ArrayList<>(holders.isEmpty() ? live : holders);
    }

    private static BlockLocation location(List<NodeEndpoint> nodes, long offset, long length) {
        String[] names = new String[nodes.size()];
        String[] hosts = new String[nodes.size()];
        String[] topologyPaths = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            NodeEndpoint node = nodes.get(i);
            names[i] = node.host() + ":" + node.dataPort();
            hosts[i] = node.host();
            topologyPaths[i] = node.topologyPath() + "/" + names[i];
        }
        return new BlockLocation(names, hosts, topologyPaths, offset, length);
    }
}
