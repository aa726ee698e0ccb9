package io.tessera.placement;

import java.util.Objects;

/**
 * The blocks a {@link RebalancePlanner} reads, group by group: group {@code g} (numbered {@code 0} to
 * {@code groups() - 1}) has {@code slots(g)} slots, each naming the node that holds its block, or {@link
 * #NO_NODE} when the block is missing or does not exist, and the block's length.
 *
 * <p>An index rather than an object per block, so that the block map's own arrays, or a simulator's 10
 * million groups in primitive arrays, can be read without copying. Implementations must give the same
 * answers for the whole of one {@code plan} call.
 */
public interface GroupBlocks {
    /** A slot with no block. */
    int NO_NODE = -1;

    int groups();

    int slots(int group);

    /** The node holding the block in {@code slot} of {@code group}, or {@link #NO_NODE}. */
    int node(int group, int slot);

    /** Bytes of the block in {@code slot} of {@code group}; not read for an empty slot. */
    long length(int group, int slot);

    /**
     * Groups given as arrays: {@code nodes[g][s]} holds the block in slot {@code s} of group {@code g}
     * and {@code lengths[g][s]} is its length. The arrays are used as they are, not copied.
     */
    static GroupBlocks of(int[][] nodes, long[][] lengths) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(lengths, "lengths");
        if (nodes.length != lengths.length) {
            throw new IllegalArgumentException(
                    "nodes and lengths must list the same groups: " + nodes.length + " and " + lengths.length);
        }
        for (int group = 0; group < nodes.length; group++) {
            if (nodes[group].length != lengths[group].length) {
                throw new IllegalArgumentException("group " + group + " has " + nodes[group].length + " nodes and "
                        + lengths[group].length + " lengths");
            }
        }
        return new GroupBlocks() {
            @Override
            public int groups() {
                return nodes.length;
            }

            @Override
            public int slots(int group) {
                return nodes[group].length;
            }

            @Override
            public int node(int group, int slot) {
                return nodes[group][slot];
            }

            @Override
            public long length(int group, int slot) {
                return lengths[group][slot];
            }
        };
    }
}
