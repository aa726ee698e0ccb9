package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.StoragePolicy;
import java.util.List;

/**
 * What the metadata service asks of a storage server: blocks to build (every task assigned to it and
 * not reported done; the server skips those already running) and blocks to delete now.
 */
public record RepairAssignment(List<Task> tasks, List<BlockId> deletions) {
    /**
     * Build block {@code blockIndex} of a group.
     *
     * @param blockLength bytes of the block to build
     * @param dataBlocks data blocks of the group that hold bytes; those past it count as zeros
     * @param copyFrom the node to copy the block from as it is, or 0 to rebuild it from {@code sources}
     * @param sources surviving blocks of the group, the copy source first when there is one
     */
    public record Task(
            long taskId,
            long group,
            int blockIndex,
            long generation,
            StoragePolicy policy,
            long blockLength,
            int dataBlocks,
            int copyFrom,
            List<Source> sources) {}

    /** A surviving block and where to read it. */
    public record Source(int blockIndex, int nodeId, long length, StorageEndpoint endpoint) {}
}
