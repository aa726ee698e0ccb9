package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.Arrays;

/**
 * A file: the policy and block size it was created with (kept for its whole life, whatever its
 * directories later say), its block groups in file order, and, while it is being written, its lease
 * holder. {@link #length} only ever counts committed groups, so a reader of a file under construction
 * sees its committed bytes and nothing more.
 *
 * <p>Every group but the last is full ({@code k} data blocks of {@code B} bytes, or one block of {@code
 * B} bytes when replicated), so group {@code g} starts at file offset {@code g·k·B} and the group of an
 * offset is found by division.
 */
final class FileInode extends Inode {
    private static final BlockGroup[] NO_GROUPS = new BlockGroup[0];

    /** Changes only while the file has no groups: see {@link FileWrites#replicateSmallFile}. */
    StoragePolicy policy;

    final long blockSize;
    long length;
    /** In file order, sized exactly: files gain groups rarely and are many. */
    BlockGroup[] groups = NO_GROUPS;
    /** Null once closed. */
    String leaseHolder;

    FileInode(
            long id,
            String name,
            String owner,
            String group,
            int permission,
            long time,
            StoragePolicy policy,
            long blockSize) {
        super(id, name, owner, group, permission, time);
        this.policy = policy;
        this.blockSize = blockSize;
    }

    @Override
    boolean isDirectory() {
        return false;
    }

    boolean isUnderConstruction() {
        return leaseHolder != null;
    }

    /** Data bytes of a full group: {@code k·B}. */
    long groupCapacity() {
        return policy.dataBlocks() * blockSize;
    }

    long offsetOf(int groupIndex) {
        return groupIndex * groupCapacity();
    }

    BlockGroup lastGroup() {
        return groups.length == 0 ? null : groups[groups.length - 1];
    }

    void addGroup(BlockGroup group) {
        groups = Arrays.copyOf(groups, groups.length + 1);
        groups[groups.length - 1] = group;
    }

    void removeLastGroup() {
        groups = Arrays.copyOf(groups, groups.length - 1);
    }

    GroupLocation location(int groupIndex) {
        return groups[groupIndex].location(offsetOf(groupIndex), policy, blockSize);
    }
}
