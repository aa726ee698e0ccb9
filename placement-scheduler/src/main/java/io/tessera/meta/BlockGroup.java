package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * One block group of a file, as the block map keeps it: an id and generation, and one slot per block of
 * a full group ({@link StoragePolicy#width()} slots), each naming the node that holds the block.
 *
 * <p>Slots: for erasure-coded policies slot {@code i} is block index {@code i} ({@code 0..k-1} data,
 * {@code k..k+m-1} parity). For {@code REPLICATED-n} slot {@code r} is replica {@code r} of the group's
 * one data block: every replica is block index 0, {@code blk_<group>_0} on its node (as {@link
 * io.tessera.common.BlockId} says), and replicas are told apart by node, never by index.
 *
 * <p>Block lengths are not stored: the contiguous layout fixes them from the group's data length and the
 * file's block size. Data block {@code j} holds {@code min(B, dataLength - j·B)} bytes (none past the
 * end: a short group has fewer data blocks), each parity block and each replica as many as data block 0.
 * A slot holds {@link #NO_NODE} when its block is missing (committed degraded) or does not exist.
 */
final class BlockGroup {
    static final int NO_NODE = -1;
    private static final int[] NO_CHECKSUMS = new int[0];

    final long id;
    final long generation;
    /** Slot to node; before commit, the nodes the group was allocated to. */
    final int[] nodes;
    /** Slot to block checksum; empty until committed. */
    int[] checksums = NO_CHECKSUMS;

    long dataLength;
    boolean committed;

    BlockGroup(long id, long generation, int[] nodes) {
        this.id = id;
        this.generation = generation;
        this.nodes = nodes;
    }

    /** Data blocks holding bytes: 1 for a replicated group, up to {@code k} for an erasure-coded one. */
    static int dataBlocks(long dataLength, StoragePolicy policy, long blockSize) {
        if (!policy.isErasureCoded()) {
            return 1;
        }
        return (int) Math.min(policy.dataBlocks(), (dataLength + blockSize - 1) / blockSize);
    }

    int dataBlocks(StoragePolicy policy, long blockSize) {
        return dataBlocks(dataLength, policy, blockSize);
    }

    /** Blocks a committed group has, present or missing: {@code d + m}, or {@code n} replicas. */
    int existingBlocks(StoragePolicy policy, long blockSize) {
        return policy.isErasureCoded() ? dataBlocks(policy, blockSize) + policy.redundantBlocks() : policy.width();
    }

    /** Blocks needed to read every byte: {@code d} of the {@code d + m}, or one replica. */
    int requiredBlocks(StoragePolicy policy, long blockSize) {
        return policy.isErasureCoded() ? dataBlocks(policy, blockSize) : 1;
    }

    static long blockLength(int slot, long dataLength, StoragePolicy policy, long blockSize) {
        if (policy.isErasureCoded() && slot < policy.dataBlocks()) {
            return Math.max(0, Math.min(blockSize, dataLength - slot * blockSize));
        }
        return Math.min(blockSize, dataLength);
    }

    long blockLength(int slot, StoragePolicy policy, long blockSize) {
        return blockLength(slot, dataLength, policy, blockSize);
    }

    static int blockIndex(int slot, StoragePolicy policy) {
        return policy.isErasureCoded() ? slot : 0;
    }

    /** Bytes stored for this group over all its blocks: data plus parity, or every replica. */
    long spaceConsumed(StoragePolicy policy, long blockSize) {
        long firstBlock = Math.min(blockSize, dataLength);
        return policy.isErasureCoded()
                ? dataLength + policy.redundantBlocks() * firstBlock
                : policy.replicas() * dataLength;
    }

    /**
     * The group as readers and collectors see it. A committed group lists the blocks that are present,
     * in slot order; a group never committed lists the nodes it was allocated to, with length 0 (they may
     * hold partial blocks that need deleting).
     */
    GroupLocation location(long fileOffset, StoragePolicy policy, long blockSize) {
        List<BlockLocation> blocks = new ArrayList<>(nodes.length);
        for (int slot = 0; slot < nodes.length; slot++) {
            if (nodes[slot] == NO_NODE) {
                continue;
            }
            int index = blockIndex(slot, policy);
            blocks.add(
                    committed
                            ? new BlockLocation(
                                    index, nodes[slot], blockLength(slot, policy, blockSize), checksums[slot])
                            : new BlockLocation(index, nodes[slot], 0, 0));
        }
        return new GroupLocation(id, generation, fileOffset, dataLength, committed, List.copyOf(blocks));
    }
}
