package io.tessera.client;

import io.tessera.common.StoragePolicy;
import java.util.List;

/**
 * The block groups covering a byte range of a closed file, in file order, and how each block is
 * reached. Data block {@code j} of a group starting at {@code fileOffset} covers {@code [fileOffset + j
 * * blockSize, ...)}.
 */
public record FileLocations(long fileLength, long blockSize, StoragePolicy policy, List<GroupLocation> groups) {

    /** One block group. */
    public record GroupLocation(long group, long generation, long fileOffset, List<BlockLocation> blocks) {}

    /** One stored block of a group and the node holding it. */
    public record BlockLocation(int index, NodeEndpoint node, long length, int checksum) {}
}
