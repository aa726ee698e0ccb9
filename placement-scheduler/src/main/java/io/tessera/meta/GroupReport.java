package io.tessera.meta;

import io.tessera.common.StoragePolicy;

/**
 * One committed group of a file and how it fares with some nodes dead.
 *
 * @param liveBlocks blocks present on nodes not counted dead
 * @param requiredBlocks blocks needed to read every byte ({@code d} data blocks' worth, or one replica)
 * @param existingBlocks blocks the group has when healthy ({@code d + m}, or {@code n} replicas)
 */
record GroupReport(
        String path,
        long fileId,
        StoragePolicy policy,
        GroupLocation group,
        GroupHealth health,
        int liveBlocks,
        int requiredBlocks,
        int existingBlocks) {}
