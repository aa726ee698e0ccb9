package io.tessera.meta;

import io.tessera.common.StoragePolicy;

/**
 * A file being written, as the service needs it to place its next group: the policy decides how many
 * nodes, {@code groupCount} is the index the next group gets.
 *
 * @param length committed bytes so far
 */
record OpenFile(
        long fileId,
        String path,
        StoragePolicy policy,
        long blockSize,
        String leaseHolder,
        int groupCount,
        long length) {}
