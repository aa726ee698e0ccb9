package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where files' bytes live, for readers and for repair. Only committed groups are visible: a file being
 * written shows the groups committed so far and never the one in flight.
 *
 * <p>The block map is the namespace's files and their groups, plus one index from group id to file
 * ({@link GroupIndex}) for what names a group alone. Finding the group of a file offset is a division
 * ({@link FileInode}); questions about nodes walk every file ({@link #groupsOnNode}, {@link #fsck},
 * {@link #checkReport}),
 * which a node's death or an administrator's fsck can afford, rather than keeping a per-node index that
 * would cost more memory than the groups themselves.
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

    /**
     * Every committed group of the files at or below {@code path} and its health given {@code deadNodes}:
     * counts of all, and the first {@code maxUnhealthy} that are degraded or missing.
     */
    FsckReport fsck(String path, Set<Integer> deadNodes, int maxUnhealthy) {
        FsckCount count = new FsckCount(maxUnhealthy);
        TreeWalk.preOrder(state.get(path), inode -> {
            if (inode instanceof FileInode file) {
                count.file(file, deadNodes);
            }
        });
        return count.toReport();
    }

    /**
     * The committed or in-flight group {@code blockGroup} with its health given {@code deadNodes}, or
     * null when no file holds it (a block a node reports for it is stale).
     */
    GroupReport group(long blockGroup, Set<Integer> deadNodes) {
        FileInode file = state.groupIndex.file(blockGroup);
        if (file == null) {
            return null;
        }
        return report(file, file.path(), groupIndexOf(file, blockGroup), deadNodes);
    }

    /**
     * Holds the blocks {@code nodeId} reports against the map: which it should not have, and which it
     * should have but did not report. Blocks of groups still being written are neither. Changes nothing.
     */
    ReportCheck checkReport(int nodeId, List<ReportedBlock> reported) {
        List<ReportedBlock> stale = new ArrayList<>();
        Set<Long> held = new HashSet<>();
        for (ReportedBlock block : reported) {
            if (placedOn(nodeId, block)) {
                held.add(block.blockGroup());
            } else {
                stale.add(block);
            }
        }
        Set<Integer> lost = Set.of(nodeId);
        List<GroupReport> missing = new ArrayList<>();
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (int i = 0; i < file.groups.length; i++) {
                    BlockGroup group = file.groups[i];
                    if (group.committed && holds(group, nodeId) && !held.contains(group.id)) {
                        missing.add(report(file, file.path(), i, lost));
                    }
                }
            }
        });
        return new ReportCheck(List.copyOf(stale), List.copyOf(missing));
    }

    /** Whether the map places {@code block} on {@code nodeId}, at its generation and length. */
    private boolean placedOn(int nodeId, ReportedBlock block) {
        FileInode file = state.groupIndex.file(block.blockGroup());
        if (file == null) {
            return false;
        }
        BlockGroup group = groupOf(file, block.blockGroup());
        int slot = slotOf(group, file, block.blockIndex(), nodeId);
        if (group.generation != block.generation() || slot < 0) {
            return false;
        }
        return !group.committed || group.blockLength(slot, file.policy, file.blockSize) == block.length();
    }

    /**
     * Records that the block {@code blockIndex} of a group is no longer on {@code nodeId} (lost with the
     * node's disk, or found corrupt): the group counts it missing until repair places it again. False when
     * the map did not place it there.
     */
    boolean removeBlock(long blockGroup, int blockIndex, int nodeId) {
        FileInode file = state.groupIndex.file(blockGroup);
        if (file == null) {
            return false;
        }
        BlockGroup group = groupOf(file, blockGroup);
        int slot = slotOf(group, file, blockIndex, nodeId);
        if (slot < 0 || !group.committed) {
            return false;
        }
        group.nodes[slot] = BlockGroup.NO_NODE;
        return true;
    }

    static BlockGroup groupOf(FileInode file, long blockGroup) {
        return file.groups[groupIndexOf(file, blockGroup)];
    }

    private static int groupIndexOf(FileInode file, long blockGroup) {
        for (int i = file.groups.length - 1; i >= 0; i--) {
            if (file.groups[i].id == blockGroup) {
                return i;
            }
        }
        throw new IllegalStateException("block group " + blockGroup + " is indexed to file " + file.id + " without it");
    }

    /** The slot of block {@code blockIndex} on {@code nodeId}: by index, or by node for replicas; -1 if none. */
    private static int slotOf(BlockGroup group, FileInode file, int blockIndex, int nodeId) {
        if (file.policy.isErasureCoded()) {
            boolean placed = blockIndex >= 0 && blockIndex < group.nodes.length && group.nodes[blockIndex] == nodeId;
            return placed ? blockIndex : -1;
        }
        for (int slot = 0; blockIndex == 0 && slot < group.nodes.length; slot++) {
            if (group.nodes[slot] == nodeId) {
                return slot;
            }
        }
        return -1;
    }

    /** Tallies groups by health for {@link #fsck}, keeping the first unhealthy ones. */
    private static final class FsckCount {
        private final int maxUnhealthy;
        private final List<GroupReport> unhealthy = new ArrayList<>();
        private final long[] byHealth = new long[GroupHealth.values().length];
        private long files;
        private boolean truncated;

        FsckCount(int maxUnhealthy) {
            this.maxUnhealthy = maxUnhealthy;
        }

        void file(FileInode file, Set<Integer> deadNodes) {
            files++;
            String path = null;
            for (int i = 0; i < file.groups.length; i++) {
                if (!file.groups[i].committed) {
                    continue;
                }
                GroupHealth health = health(file, file.groups[i], deadNodes);
                byHealth[health.ordinal()]++;
                if (health == GroupHealth.HEALTHY) {
                    continue;
                }
                if (unhealthy.size() == maxUnhealthy) {
                    truncated = true;
                } else {
                    path = path == null ? file.path() : path;
                    unhealthy.add(report(file, path, i, deadNodes));
                }
            }
        }

        FsckReport toReport() {
            return new FsckReport(
                    files,
                    byHealth[GroupHealth.HEALTHY.ordinal()],
                    byHealth[GroupHealth.DEGRADED.ordinal()],
                    byHealth[GroupHealth.MISSING.ordinal()],
                    List.copyOf(unhealthy),
                    truncated);
        }
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
        return new GroupReport(
                path,
                file.id,
                file.policy,
                file.location(groupIndex),
                health(file, group, deadNodes),
                liveBlocks(group, deadNodes),
                group.requiredBlocks(file.policy, file.blockSize),
                group.existingBlocks(file.policy, file.blockSize));
    }

    private static GroupHealth health(FileInode file, BlockGroup group, Set<Integer> deadNodes) {
        int live = liveBlocks(group, deadNodes);
        if (live >= group.existingBlocks(file.policy, file.blockSize)) {
            return GroupHealth.HEALTHY;
        }
        return live >= group.requiredBlocks(file.policy, file.blockSize) ? GroupHealth.DEGRADED : GroupHealth.MISSING;
    }

    private static int liveBlocks(BlockGroup group, Set<Integer> deadNodes) {
        int live = 0;
        for (int node : group.nodes) {
            if (node != BlockGroup.NO_NODE && !deadNodes.contains(node)) {
                live++;
            }
        }
        return live;
    }
}
