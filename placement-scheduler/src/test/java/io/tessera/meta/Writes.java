package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.ArrayList;
import java.util.List;

/** Test support: writes files through the same calls a client makes, on made-up nodes. */
final class Writes {
    static final long BLOCK = 1L << 20;
    static final NamespaceConfig CONFIG = NamespaceConfig.DEFAULT.withBlockSizes(BLOCK, 1024);
    static final String OWNER = "alice";
    static final String WRITER = "client-1";

    private Writes() {}

    static NamespaceState newState() {
        return new NamespaceState(CONFIG);
    }

    static FileCreated create(NamespaceState state, String path, String holder, long now) {
        return state.namespace().create(path, OWNER, holder, 0644, null, 0, false, true, now);
    }

    /** Creates, writes {@code length} bytes in full groups and closes a file; returns its id. */
    static long writeFile(NamespaceState state, String path, long length, long now) {
        FileCreated created = create(state, path, WRITER, now);
        appendGroups(state, created.fileId(), WRITER, length, now);
        state.writes().closeFile(created.fileId(), WRITER, length, now);
        return created.fileId();
    }

    /** Allocates and commits groups holding {@code length} bytes, every block stored. */
    static void appendGroups(NamespaceState state, long fileId, String holder, long length, long now) {
        OpenFile file = state.writes().openFile(fileId);
        long capacity = file.policy().dataBlocks() * file.blockSize();
        int index = file.groupCount();
        for (long written = 0; written < length; written += capacity, index++) {
            long dataLength = Math.min(capacity, length - written);
            GroupAllocated group =
                    state.writes().allocateGroup(fileId, holder, index, nodes(file.policy(), index), now);
            state.writes()
                    .commitGroup(
                            fileId,
                            holder,
                            group.blockGroup(),
                            blocks(file.policy(), file.blockSize(), dataLength, group));
        }
    }

    /** Nodes 1..width shifted by the group index, so groups land on different nodes. */
    static int[] nodes(StoragePolicy policy, int groupIndex) {
        int[] nodes = new int[policy.width()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = 1 + groupIndex + i;
        }
        return nodes;
    }

    /** Every block of a group holding {@code dataLength} bytes, with checksums made up from group and slot. */
    static List<BlockLocation> blocks(StoragePolicy policy, long blockSize, long dataLength, GroupAllocated group) {
        List<BlockLocation> blocks = new ArrayList<>();
        for (int slot = 0; slot < policy.width(); slot++) {
            long length = BlockGroup.blockLength(slot, dataLength, policy, blockSize);
            if (length > 0) {
                int index = BlockGroup.blockIndex(slot, policy);
                int checksum =
                        policy.isErasureCoded() ? (int) group.blockGroup() * 31 + slot : (int) group.blockGroup();
                blocks.add(new BlockLocation(index, group.targets().get(slot), length, checksum));
            }
        }
        return blocks;
    }
}
