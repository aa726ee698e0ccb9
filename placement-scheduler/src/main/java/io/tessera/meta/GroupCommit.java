package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.Arrays;
import java.util.List;

/**
 * A writer's commit of one group, checked against the group's allocation and the contiguous layout before
 * anything changes.
 *
 * <p>Erasure-coded: each block is listed by its index. Every data block that holds file bytes must be
 * listed with its length, data blocks filled in order ({@code B} bytes each but the last), so the group's
 * length is known; a data block that could not be stored is listed with node {@link BlockGroup#NO_NODE}.
 * Parity blocks hold as many bytes as data block 0; a parity block left out is missing. Replicated: every
 * stored replica is listed as block index 0 on its node, all of the same length and checksum; replicas
 * left out are missing. A group is committed degraded (some blocks missing) only while it can still be
 * read: {@code d} of its {@code d + m} blocks, or one replica.
 */
final class GroupCommit {
    final int[] nodes;
    final int[] checksums;
    final long dataLength;

    private GroupCommit(int[] nodes, int[] checksums, long dataLength) {
        this.nodes = nodes;
        this.checksums = checksums;
        this.dataLength = dataLength;
    }

    static GroupCommit of(FileInode file, BlockGroup group, List<BlockLocation> blocks) {
        GroupCommit commit =
                file.policy.isErasureCoded() ? erasureCoded(file, group, blocks) : replicated(file, group, blocks);
        commit.checkReadable(file, group);
        return commit;
    }

    private static GroupCommit erasureCoded(FileInode file, BlockGroup group, List<BlockLocation> blocks) {
        StoragePolicy policy = file.policy;
        int width = policy.width();
        int[] nodes = noNodes(width);
        int[] checksums = new int[width];
        long[] lengths = new long[width];
        boolean[] listed = new boolean[width];
        for (BlockLocation block : blocks) {
            int index = block.blockIndex();
            if (index < 0 || index >= width) {
                throw invalid(group, "block index " + index + " is outside 0.." + (width - 1) + " of " + policy);
            }
            if (listed[index] || block.length() < 0) {
                throw invalid(group, "block " + index + " is listed twice or with a negative length");
            }
            listed[index] = true;
            lengths[index] = block.length();
            if (block.nodeId() != BlockGroup.NO_NODE) {
                checkTarget(group, index, block.nodeId());
                nodes[index] = block.nodeId();
                checksums[index] = block.checksum();
            }
        }
        long dataLength = dataLength(group, lengths, policy.dataBlocks(), file.blockSize);
        checkErasureCodedLengths(group, nodes, lengths, dataLength, policy, file.blockSize);
        return new GroupCommit(nodes, checksums, dataLength);
    }

    private static long dataLength(BlockGroup group, long[] lengths, int dataBlocks, long blockSize) {
        long dataLength = 0;
        for (int j = 0; j < dataBlocks; j++) {
            if (lengths[j] > blockSize) {
                throw invalid(
                        group,
                        "data block " + j + " holds " + lengths[j] + " bytes, more than the block size " + blockSize);
            }
            if (lengths[j] > 0 && j > 0 && lengths[j - 1] != blockSize) {
                throw invalid(
                        group,
                        "data block " + j + " holds bytes but data block " + (j - 1) + " is not full"
                                + " (list a lost data block with node " + BlockGroup.NO_NODE + " and its length)");
            }
            dataLength += lengths[j];
        }
        if (dataLength == 0) {
            throw invalid(group, "a group must hold data");
        }
        return dataLength;
    }

    private static void checkErasureCodedLengths(
            BlockGroup group, int[] nodes, long[] lengths, long dataLength, StoragePolicy policy, long blockSize) {
        int dataBlocks = BlockGroup.dataBlocks(dataLength, policy, blockSize);
        for (int slot = dataBlocks; slot < nodes.length; slot++) {
            if (slot < policy.dataBlocks() && nodes[slot] != BlockGroup.NO_NODE) {
                throw invalid(
                        group, "data block " + slot + " is past the group's " + dataLength + " bytes: leave it out");
            }
            long parityLength = BlockGroup.blockLength(slot, dataLength, policy, blockSize);
            if (slot >= policy.dataBlocks() && nodes[slot] != BlockGroup.NO_NODE && lengths[slot] != parityLength) {
                throw invalid(
                        group, "parity block " + slot + " holds " + lengths[slot] + " bytes, not " + parityLength);
            }
        }
    }

    private static GroupCommit replicated(FileInode file, BlockGroup group, List<BlockLocation> blocks) {
        int[] nodes = noNodes(group.nodes.length);
        int[] checksums = new int[nodes.length];
        long length = -1;
        for (BlockLocation block : blocks) {
            if (block.blockIndex() != 0) {
                throw invalid(group, "replicas are block index 0, not " + block.blockIndex());
            }
            if (block.nodeId() == BlockGroup.NO_NODE) {
                continue;
            }
            int slot = slotOf(group, block.nodeId());
            if (nodes[slot] != BlockGroup.NO_NODE) {
                throw invalid(group, "node " + block.nodeId() + " is listed twice");
            }
            if (length != -1 && (block.length() != length || block.checksum() != checksums[firstListed(nodes)])) {
                throw invalid(group, "replicas differ: node " + block.nodeId() + " holds other bytes");
            }
            length = block.length();
            nodes[slot] = block.nodeId();
            checksums[slot] = block.checksum();
        }
        if (length != -1 && (length <= 0 || length > file.blockSize)) {
            throw invalid(group, "a replica holds " + length + " bytes, not 1 to the block size " + file.blockSize);
        }
        return new GroupCommit(nodes, checksums, Math.max(length, 0));
    }

    private void checkReadable(FileInode file, BlockGroup group) {
        int present = 0;
        for (int node : nodes) {
            present += node == BlockGroup.NO_NODE ? 0 : 1;
        }
        int required = BlockGroup.dataBlocks(dataLength, file.policy, file.blockSize);
        if (present < required || present == 0) {
            throw invalid(group, "only " + present + " blocks were stored; reading the group needs " + required);
        }
    }

    boolean sameAs(BlockGroup group) {
        return group.dataLength == dataLength
                && Arrays.equals(group.nodes, nodes)
                && Arrays.equals(group.checksums, checksums);
    }

    void applyTo(BlockGroup group) {
        System.arraycopy(nodes, 0, group.nodes, 0, nodes.length);
        group.checksums = checksums;
        group.dataLength = dataLength;
        group.committed = true;
    }

    private static void checkTarget(BlockGroup group, int slot, int nodeId) {
        if (group.nodes[slot] != nodeId) {
            throw invalid(group, "block " + slot + " was allocated to node " + group.nodes[slot] + ", not " + nodeId);
        }
    }

    private static int slotOf(BlockGroup group, int nodeId) {
        for (int slot = 0; slot < group.nodes.length; slot++) {
            if (group.nodes[slot] == nodeId) {
                return slot;
            }
        }
        throw invalid(group, "node " + nodeId + " is not one the group was allocated to");
    }

    private static int firstListed(int[] nodes) {
        for (int slot = 0; ; slot++) {
            if (nodes[slot] != BlockGroup.NO_NODE) {
                return slot;
            }
        }
    }

    private static int[] noNodes(int width) {
        int[] nodes = new int[width];
        Arrays.fill(nodes, BlockGroup.NO_NODE);
        return nodes;
    }

    private static TesseraException invalid(BlockGroup group, String problem) {
        return new TesseraException(
                ErrorCode.INVALID_ARGUMENT, "cannot commit block group " + group.id + ": " + problem);
    }
}
