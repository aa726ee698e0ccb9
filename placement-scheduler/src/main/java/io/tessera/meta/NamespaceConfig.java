package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.Objects;

/**
 * What the namespace falls back on and where its limits lie, validated once when created. Every replica
 * of the state machine must run with the same configuration: it is not part of the snapshot.
 *
 * @param defaultPolicy the policy of files whose directories set none
 * @param defaultBlockSize the block size of files whose directories set none
 * @param minBlockSize the smallest block size a file or directory may ask for
 * @param leaseLimitMillis how long a writer's lease lives without renewal before {@link
 *     FileWrites#expireLeases} closes its files
 * @param maxPathLength the longest path accepted, in characters
 * @param maxNameLength the longest path component accepted, in characters
 * @param rootOwner owner of the root directory of a new namespace
 * @param rootGroup group of the root directory of a new namespace; new entries inherit their parent's
 */
record NamespaceConfig(
        StoragePolicy defaultPolicy,
        long defaultBlockSize,
        long minBlockSize,
        long leaseLimitMillis,
        int maxPathLength,
        int maxNameLength,
        String rootOwner,
        String rootGroup) {
    /** Blocks larger than this are refused, so offsets of even the widest groups stay far from overflow. */
    static final long MAX_BLOCK_SIZE = 1L << 40;

    static final NamespaceConfig DEFAULT = new NamespaceConfig(
            StoragePolicy.REPLICATED_3, 128L << 20, 64L << 10, 60_000, 8000, 255, "tessera", "supergroup");

    NamespaceConfig {
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        Objects.requireNonNull(rootOwner, "rootOwner");
        Objects.requireNonNull(rootGroup, "rootGroup");
        if (minBlockSize <= 0 || minBlockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException(
                    "minimum block size must be 1 to " + MAX_BLOCK_SIZE + ": " + minBlockSize);
        }
        if (defaultBlockSize < minBlockSize || defaultBlockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException(
                    "default block size must be " + minBlockSize + " to " + MAX_BLOCK_SIZE + ": " + defaultBlockSize);
        }
        if (leaseLimitMillis <= 0) {
            throw new IllegalArgumentException("lease limit must be positive: " + leaseLimitMillis);
        }
        if (maxNameLength <= 0 || maxPathLength < maxNameLength + 1) {
            throw new IllegalArgumentException(
                    "path limits must fit at least one name: path " + maxPathLength + ", name " + maxNameLength);
        }
        if (rootOwner.isEmpty() || rootGroup.isEmpty()) {
            throw new IllegalArgumentException("root owner and group must not be empty");
        }
    }

    NamespaceConfig withDefaultPolicy(StoragePolicy policy) {
        return new NamespaceConfig(
                policy,
                defaultBlockSize,
                minBlockSize,
                leaseLimitMillis,
                maxPathLength,
                maxNameLength,
                rootOwner,
                rootGroup);
    }

    NamespaceConfig withBlockSizes(long defaultSize, long minSize) {
        return new NamespaceConfig(
                defaultPolicy,
                defaultSize,
                minSize,
                leaseLimitMillis,
                maxPathLength,
                maxNameLength,
                rootOwner,
                rootGroup);
    }

    NamespaceConfig withLeaseLimitMillis(long limit) {
        return new NamespaceConfig(
                defaultPolicy,
                defaultBlockSize,
                minBlockSize,
                limit,
                maxPathLength,
                maxNameLength,
                rootOwner,
                rootGroup);
    }

    /** Refuses a block size a request asks for; 0 means "inherit" and is the caller's to handle first. */
    void checkBlockSize(long blockSize, String path) {
        if (blockSize < minBlockSize || blockSize > MAX_BLOCK_SIZE) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "block size " + blockSize + " for " + path + " is outside " + minBlockSize + " to "
                            + MAX_BLOCK_SIZE);
        }
    }
}
