package io.tessera.meta;

import io.tessera.common.BlockId;

/**
 * One block of a group on one node, as in the {@code CommitGroup} and {@code Locations} messages.
 *
 * @param blockIndex the {@link BlockId} index: {@code 0..k+m-1}, or 0 for every replica of a replicated group
 * @param nodeId the node holding it; {@link BlockGroup#NO_NODE} in a commit for a data block that could not
 *     be stored (its length still places the group's bytes)
 * @param length bytes in the block
 * @param checksum the block's checksum as the storage server computed it
 */
record BlockLocation(int blockIndex, int nodeId, long length, int checksum) {
    BlockId blockId(long blockGroup) {
        return new BlockId(blockGroup, blockIndex);
    }
}
