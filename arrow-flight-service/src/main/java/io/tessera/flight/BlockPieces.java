package io.tessera.flight;

import io.tessera.client.FileLocations;
import io.tessera.client.FileLocations.BlockLocation;
import io.tessera.client.FileLocations.GroupLocation;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the bytes of a file are, from one {@code locate}: the data block holding a position, the part of
 * a range inside that block, and the nodes holding it in locate's order (best first). For replicated
 * policies every block of a group is a full copy of it.
 */
final class BlockPieces {
    private final FileLocations locations;
    private final long blockSize;
    private final long groupSpan;

    BlockPieces(FileLocations locations) {
        this.locations = locations;
        this.blockSize = locations.blockSize();
        this.groupSpan = locations.policy().dataBlocks() * blockSize;
    }

    /** The piece of {@code [position, position + length)} that lies in the block holding {@code position}. */
    Piece piece(long position, long length) {
        int groupIndex = (int) (position / groupSpan);
        List<GroupLocation> groups = locations.groups();
        if (groupIndex >= groups.size() || groups.get(groupIndex).fileOffset() != groupIndex * groupSpan) {
            throw new TesseraException(ErrorCode.INTERNAL, "no block group at offset " + position);
        }
        GroupLocation group = groups.get(groupIndex);
        long inGroup = position - group.fileOffset();
        int dataIndex = (int) (inGroup / blockSize);
        long offset = inGroup % blockSize;
        return new Piece(
                group, dataIndex, offset, (int) Math.min(blockSize - offset, length), holders(group, dataIndex));
    }

    /** The block holding the most bytes of {@code [start, end)}: where a row group should be read. */
    Piece mainPiece(long start, long end) {
        Piece best = null;
        for (long position = start; position < end; ) {
            Piece piece = piece(position, end - position);
            if (best == null || piece.length() > best.length()) {
                best = piece;
            }
            position += piece.length();
        }
        return best;
    }

    private List<BlockLocation> holders(GroupLocation group, int dataIndex) {
        List<BlockLocation> holders = new ArrayList<>();
        for (BlockLocation block : group.blocks()) {
            if (!locations.policy().isErasureCoded() || block.index() == dataIndex) {
                holders.add(block);
            }
        }
        return holders;
    }

    /** Part of one data block: {@code length} bytes at {@code offset} in it. */
    record Piece(GroupLocation group, int dataIndex, long offset, int length, List<BlockLocation> holders) {}
}
