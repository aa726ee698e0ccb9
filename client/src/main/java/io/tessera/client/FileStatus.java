package io.tessera.client;

import io.tessera.common.StoragePolicy;

/**
 * A file or directory. {@code policy} is the one set on this path (null when inherited); {@code
 * effectivePolicy} the one in force: for a file, the policy its bytes were written with.
 */
public record FileStatus(
        String path,
        long fileId,
        boolean directory,
        long length,
        long blockSize,
        StoragePolicy policy,
        StoragePolicy effectivePolicy,
        int permission,
        String owner,
        String group,
        long modificationTime,
        long accessTime) {}
