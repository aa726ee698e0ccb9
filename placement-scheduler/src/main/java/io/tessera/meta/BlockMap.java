package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where files' bytes live, for readers and for repair. Only committed groups are visible: a file being
 * written shows the groups committed so far and never the one in flight.
 *
 * <p>The block map is the namespace's files and their groups: there is no second index by group or by
 * node to keep in step. Finding a group's file by offset is a division ({@link FileInode}); questions
 * about nodes walk every file ({@link #groupsOnNode}, {@link #fsck}), which a node's death or an
 * administrator's fsck can afford.
 */
final class BlockMap {
    private final NamespaceState state;

    BlockMap(NamespaceState state) {
        this.state = state;
    }

    /** The committed groups holding bytes of {@code [offset, offset + length)} of a file, in file order. */
    Locations locate(String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot locate a negative range [" + offset + ", +" + length + ") of " + path);
        }
        if (!(state.get(path) instanceof FileInode file)) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, "cannot locate the blocks of directory " + path);
        }
        List<GroupLocation> groups = new ArrayList<>();
        long end = length > file.length - offset ? file.length : offset + length;
        if (offset < end) {
            int last = (int) ((end - 1) / file.groupCapacity());
            for (int i = (int) (offset / file.groupCapacity()); i <= last; i++) {
                groups.add(file.location(i));
            }
        }
        return new Locations(file.length, file.blockSize, file.policy, groups);
    }

    /**
     * Committed groups with a block on {@code nodeId}, with their health were that node dead: what repair
     * must rebuild when it dies or drains. In path order, then file order.
     */
    List<GroupReport> groupsOnNode(int nodeId) {
        Set<Integer> dead = Set.of(nodeId);
        List<GroupReport> reports = new ArrayList<>();
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (int i = 0; i < file.groups.length; i++) {
                    if (file.groups[i].committed && holds(file.groups[i], nodeId)) {
                        reports.add(report(file, file.path(), i, dead));
                    }
                }
            }
        });
        return reports;
    }

    /** Every committed group of the files at or below {@code path}, with its health given {@code deadNodes}. */
    FsckReport fsck(String path, Set<Integer> deadNodes) {
        List<GroupReport> reports = new ArrayList<>();
        long[] files = new long[1];
        TreeWalk.preOrder(state.get(path), inode -> {
            if (inode instanceof FileInode file) {
                files[0]++;
                String filePath = file.path();
                for (int i = 0; i < file.groups.length; i++) {
                    if (file.groups[i].committed) {
                        reports.add(report(file, filePath, i, deadNodes));
                    }
                }
            }
        });
        return new FsckReport(reports, files[0]);
    }

    private static boolean holds(BlockGroup group, int nodeId) {
        for (int node : group.nodes) {
            if (node == nodeId) {
                return true;
            }
        }
        return false;
    }

    private static GroupReport report(FileInode file, String path, int groupIndex, Set<Integer> deadNodes) {
        BlockGroup group = file.groups[groupIndex];
        int live = 0;
        for (int node : group.nodes) {
            if (node != BlockGroup.NO_NODE && !deadNodes.contains(node)) {
                live++;
            }
        }
        int existing = group.existingBlocks(file.policy, file.blockSize);
        int required = group.requiredBlocks(file.policy, file.blockSize);
        GroupHealth health =
                live >= existing ? GroupHealth.HEALTHY : live >= required ? GroupHealth.DEGRADED : GroupHealth.MISSING;
        return new GroupReport(path, file.id, file.policy, file.location(groupIndex), health, live, required, existing);
    }
}
