package io.tessera.storage;

import io.tessera.common.BlockId;

/**
 * What the store keeps in memory for every finalized block, and what a block report lists. The chunk
 * sums stay on disk: at 8 KiB per 128 MiB block they would cost gigabytes of heap on a full node, and
 * only blocks being read need them (see {@link OpenBlocks}).
 */
record StoredBlock(BlockId id, long generation, long length) {}
