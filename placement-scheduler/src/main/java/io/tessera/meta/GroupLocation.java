package io.tessera.meta;

import java.util.List;

/**
 * A block group of a file and where its blocks are.
 *
 * @param blockGroup the group id, unique for the cluster's life
 * @param generation bumped whenever the group's contents are re-established, so stale blocks are told apart
 * @param fileOffset the file offset of the group's first byte
 * @param dataLength the file bytes the group holds
 * @param committed false for a group allocated but never committed (only ever seen as garbage)
 * @param blocks the blocks present, in block index order (replicas in replica order); see {@link
 *     BlockGroup#location}
 */
record GroupLocation(
        long blockGroup,
        long generation,
        long fileOffset,
        long dataLength,
        boolean committed,
        List<BlockLocation> blocks) {}
