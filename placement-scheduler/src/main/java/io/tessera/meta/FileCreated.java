package io.tessera.meta;

import io.tessera.common.StoragePolicy;
import java.util.List;

/**
 * A file created for writing, as in the {@code FileCreated} message.
 *
 * @param blockSize the block size the file is written with
 * @param policy the policy the file is written with
 * @param garbage the groups of a file the create overwrote: their blocks are to be deleted
 */
record FileCreated(long fileId, long blockSize, StoragePolicy policy, List<GroupLocation> garbage) {}
