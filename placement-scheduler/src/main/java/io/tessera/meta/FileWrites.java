package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * What writers call between {@code create} and the file's close: allocate a group, commit it, allocate
 * the next, ..., close. A file has at most one group not yet committed, always its last, and every group
 * before the last is full, as the contiguous layout requires. Each call names the file by id and its
 * lease holder: a file not under construction is NOT_FOUND, another holder's is LEASE_HELD.
 *
 * <p>A writer that dies stops renewing its lease; {@link #expireLeases}, called as cluster time passes,
 * closes its files at the length of their committed groups and drops the group in flight.
 */
final class FileWrites {
    private final NamespaceState state;

    FileWrites(NamespaceState state) {
        this.state = state;
    }

    /** The file being written with id {@code fileId}: the service places its next group with this. */
    OpenFile openFile(long fileId) {
        FileInode file = state.openFiles.get(fileId);
        if (file == null) {
            throw new TesseraException(ErrorCode.NOT_FOUND, "no file is being written with id " + fileId);
        }
        return new OpenFile(
                file.id, file.path(), file.policy, file.blockSize, file.leaseHolder, file.groups.length, file.length);
    }

    /**
     * Gives a small file of an erasure-coded directory a replicated policy before its first group: parity
     * over one short block costs as much as copies and reads slower. Only while the file has no group.
     */
    void replicateSmallFile(long fileId, String leaseHolder, StoragePolicy replicated) {
        FileInode file = state.openFile(fileId, leaseHolder);
        if (replicated.isErasureCoded()) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "a small file is replicated, not written as " + replicated + ": " + file.path());
        }
        if (file.groups.length != 0) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    file.path() + " already has block groups: its policy can no longer change");
        }
        file.policy = replicated;
    }

    /**
     * Allocates group {@code groupIndex} of the file on {@code targets}, one distinct node per slot (block
     * index order, or replica order). Asking again for the group still in flight returns it unchanged, so
     * a writer may retry. Renews the holder's lease.
     */
    GroupAllocated allocateGroup(long fileId, String leaseHolder, int groupIndex, int[] targets, long now) {
        FileInode file = state.openFile(fileId, leaseHolder);
        BlockGroup last = file.lastGroup();
        if (last != null && !last.committed && groupIndex == file.groups.length - 1) {
            return allocated(last);
        }
        if (groupIndex != file.groups.length) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    file.path() + " has " + file.groups.length + " groups: the next is " + file.groups.length + ", not "
                            + groupIndex);
        }
        if (last != null && !last.committed) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "block group " + last.id + " of " + file.path() + " is not committed yet");
        }
        if (last != null && last.dataLength != file.groupCapacity()) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "block group " + last.id + " of " + file.path() + " holds " + last.dataLength + " of "
                            + file.groupCapacity() + " bytes: only the last group of a file may be short");
        }
        checkTargets(targets, file);
        BlockGroup group = new BlockGroup(state.nextGroupId(), state.nextGeneration(), targets.clone());
        file.addGroup(group);
        state.groupIndex.append(group.id, file);
        state.leases.renew(leaseHolder, now);
        return allocated(group);
    }

    private static GroupAllocated allocated(BlockGroup group) {
        List<Integer> targets = new ArrayList<>(group.nodes.length);
        for (int node : group.nodes) {
            targets.add(node);
        }
        return new GroupAllocated(group.id, group.generation, List.copyOf(targets));
    }

    private static void checkTargets(int[] targets, FileInode file) {
        if (targets.length != file.policy.width()) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    file.policy + " needs " + file.policy.width() + " nodes per group, not " + targets.length);
        }
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0) {
                throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "not a node id: " + targets[i]);
            }
            for (int j = 0; j < i; j++) {
                if (targets[i] == targets[j]) {
                    throw new TesseraException(
                            ErrorCode.INVALID_ARGUMENT, "node " + targets[i] + " is chosen twice for one group");
                }
            }
        }
    }

    /**
     * Records the stored blocks of group {@code blockGroup}, as {@link GroupCommit} checks them; its bytes
     * then count in the file's visible length. Committing a group again with the same blocks does nothing.
     */
    void commitGroup(long fileId, String leaseHolder, long blockGroup, List<BlockLocation> blocks) {
        FileInode file = state.openFile(fileId, leaseHolder);
        BlockGroup group = groupOf(file, blockGroup);
        GroupCommit commit = GroupCommit.of(file, group, blocks);
        if (group.committed) {
            if (!commit.sameAs(group)) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        "block group " + blockGroup + " is already committed with other blocks");
            }
            return;
        }
        commit.applyTo(group);
        file.length += group.dataLength;
    }

    private static BlockGroup groupOf(FileInode file, long blockGroup) {
        for (int i = file.groups.length - 1; i >= 0; i--) {
            if (file.groups[i].id == blockGroup) {
                return file.groups[i];
            }
        }
        throw new TesseraException(
                ErrorCode.NOT_FOUND, "block group " + blockGroup + " is not a group of " + file.path());
    }

    /**
     * Closes the file at {@code length}, which must be what its committed groups hold, and ends its part
     * of the lease. A group still in flight is dropped and returned for deletion: the writer did not count
     * it.
     */
    List<GroupLocation> closeFile(long fileId, String leaseHolder, long length, long now) {
        FileInode file = state.openFile(fileId, leaseHolder);
        if (length != file.length) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot close " + file.path() + " at length " + length + ": its committed groups hold "
                            + file.length + " bytes");
        }
        List<GroupLocation> dropped = dropGroupInFlight(file);
        close(file, now);
        return dropped;
    }

    /** Renews every lease of {@code leaseHolder}; false when it holds none (it has no file open). */
    boolean renewLease(String leaseHolder, long now) {
        return state.leases.renew(leaseHolder, now);
    }

    /**
     * Recovers the files of every holder whose lease was last renewed more than the configured limit
     * before {@code now}: each is closed at its committed length, its group in flight dropped.
     */
    List<RecoveredFile> expireLeases(long now) {
        List<RecoveredFile> recovered = new ArrayList<>();
        for (Leases.Lease lease : state.leases.expired(now, state.config.leaseLimitMillis())) {
            for (long fileId : new ArrayList<>(lease.fileIds)) {
                recovered.add(recover(state.openFiles.get(fileId), now));
            }
        }
        return recovered;
    }

    /**
     * Closes the file at {@code path} at the length of its committed groups, whoever writes it, as HDFS's
     * {@code recoverLease}: a job that believes a writer dead takes over without waiting for the lease to
     * expire. Null when the file is already closed.
     */
    RecoveredFile recoverLease(String path, long now) {
        if (!(state.get(path) instanceof FileInode file)) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, "a directory has no lease to recover: " + path);
        }
        return file.isUnderConstruction() ? recover(file, now) : null;
    }

    private RecoveredFile recover(FileInode file, long now) {
        String holder = file.leaseHolder;
        List<GroupLocation> dropped = dropGroupInFlight(file);
        close(file, now);
        return new RecoveredFile(file.id, file.path(), holder, file.length, dropped);
    }

    /** When the lease of {@code leaseHolder} expires, absent renewal; -1 when it holds none. */
    long leaseExpiry(String leaseHolder) {
        Leases.Lease lease = state.leases.get(leaseHolder);
        return lease == null ? -1 : lease.lastRenewed + state.config.leaseLimitMillis();
    }

    private List<GroupLocation> dropGroupInFlight(FileInode file) {
        BlockGroup last = file.lastGroup();
        if (last == null || last.committed) {
            return List.of();
        }
        GroupLocation dropped = file.location(file.groups.length - 1);
        file.removeLastGroup();
        state.groupIndex.remove(last.id);
        return List.of(dropped);
    }

    private void close(FileInode file, long now) {
        state.openFiles.remove(file.id);
        state.leases.remove(file.leaseHolder, file.id);
        file.leaseHolder = null;
        file.modificationTime = now;
    }
}
