package io.tessera.common;

/**
 * A block: its group (allocated by the metadata service, unique for the cluster's life) and its index
 * in the group — {@code 0..k-1} data, {@code k..k+m-1} parity, or the replica's block index 0 for
 * replicated policies. Printed and used in file names as {@code blk_<group>_<index>}.
 */
public record BlockId(long group, int index) implements Comparable<BlockId> {
    public static final int MAX_INDEX = 254;

    public BlockId {
        if (group < 0) {
            throw new IllegalArgumentException("block group must not be negative: " + group);
        }
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("block index must be 0 to " + MAX_INDEX + ": " + index);
        }
    }

    /** Parses {@code blk_<group>_<index>}, the form {@link #toString()} prints. */
    public static BlockId parse(String text) {
        String[] parts = text.split("_");
        if (parts.length != 3 || !parts[0].equals("blk")) {
            throw new IllegalArgumentException("not a block name (blk_<group>_<index>): " + text);
        }
        try {
            return new BlockId(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a block name (blk_<group>_<index>): " + text, e);
        }
    }

    @Override
    public int compareTo(BlockId other) {
        int byGroup = Long.compare(group, other.group);
        return byGroup != 0 ? byGroup : Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "blk_" + group + "_" + index;
    }
}
