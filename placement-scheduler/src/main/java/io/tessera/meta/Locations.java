package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.List;

/**
 * The answer to {@code locate}: the groups covering a byte range of a file, in file order, as in the
 * {@code Locations} message.
 *
 * @param fileLength the file's visible length (committed bytes while it is being written)
 */
record Locations(long fileLength, long blockSize, StoragePolicy policy, List<GroupLocation> groups) {}
